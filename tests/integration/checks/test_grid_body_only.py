"""GRID-03 measures the body text only: a portrait table whose 4号 rows outnumber the body's
lines, sharing its last page with the 版记, is no false FAIL on docgen's own output."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from click.testing import CliRunner
from support import EXAMPLES
from support.yaml_files import load_yaml, write_yaml

from docgen.checks import FAIL, check_pdf
from docgen.cli import main
from docgen.pipelines.build import build


def _long_portrait_table(tmp_path) -> Path:
    """upward-signers with 25 rows: the table runs onto the 版记's page (page 4)."""
    data = load_yaml(EXAMPLES / "upward-signers.yaml")
    table = data["attachments"][0]["table"]
    first = table["rows"]
    table["rows"] = [{**first[i % 3], "项目名称": f"{first[i % 3]['项目名称']}{i}"}
                     for i in range(25)]
    return write_yaml(data, tmp_path / "portrait-table.yaml")


def test_a_portrait_table_sharing_the_imprint_page_passes_grid_03(tmp_path):
    data = _long_portrait_table(tmp_path)
    result = build(data, tmp_path / "out")
    pdf = next(p for p in result.files if p.suffix == ".pdf")
    document = pymupdf.open(pdf)
    last = document[-1].get_text()
    assert "印发" in last and "项目名称" in last  # the table and the 版记 share the page
    report = check_pdf(pdf)
    grid = [f for f in report.findings if f.rule == "GRID-03"]
    assert grid and grid[0].status != FAIL, grid
    assert not [f for f in report.findings if f.status == FAIL]


def test_build_check_accepts_its_own_portrait_table_notice(tmp_path):
    data = _long_portrait_table(tmp_path)
    result = CliRunner().invoke(main, ["build", str(data), "-o", str(tmp_path / "o"),
                                       "--check"])
    assert result.exit_code == 0, result.output
    assert "0 项不符合" in result.output
