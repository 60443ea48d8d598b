"""The command line: help, default output folder, error classes, the tall-row exception."""


from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from support.yaml_files import load_yaml, write_yaml

from docgen.cli import main
from docgen.errors import ExitCode
from docgen.resources import SAMPLE


def test_help_reads_in_chinese():
    result = CliRunner().invoke(main, ["build", "--help"])
    assert result.exit_code == 0
    assert "输出目录" in result.output and "--format" in result.output


def test_default_build_writes_the_sample_under_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    folder = Path("output") / SAMPLE.stem
    assert sorted(p.name for p in folder.iterdir()) == [".docgen-outputs.json",  # what it wrote
                                                       f"{SAMPLE.stem}.docx",
                                                       f"{SAMPLE.stem}.pdf"]
    assert f"已生成 {folder / SAMPLE.stem}.pdf" in result.output
    assert re.search(r"仿宋：“仿宋_GB2312” → .+（替代字体", result.output)


def test_missing_data_file_is_a_data_error(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "没有.yaml"),
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.DATA
    assert "无法读取数据文件" in result.stderr
    assert not (tmp_path / "out").exists()


def test_unwritable_output_is_an_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(blocker / "out"),
                                       "--format", "docx"])
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert "无法写入输出目录" in result.stderr


def test_a_row_taller_than_a_page_is_the_only_one_allowed_to_split(tmp_path):
    data = load_yaml(SAMPLE)
    first = data["attachments"][0]["table"]["rows"][0]["items"][0]["items"][0]
    first["具体要求"] = "按要求完成各项公开工作并及时报送有关情况。" * 120
    path = write_yaml(data, tmp_path / "tall.yaml")
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "附件1的表格第 1 行高于一页，只能跨页断开" in result.stderr
    table = Document(tmp_path / "out" / "tall.docx").tables[0]._tbl
    rows = table.findall(qn("w:tr"))
    assert rows[1].find(qn("w:trPr") + "/" + qn("w:cantSplit")) is None
    assert all(row.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None
               for row in rows[2:])
