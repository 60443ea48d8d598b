"""Nothing overwritten or deleted that docgen did not just make, without asking (issue #11):
the commands that write through LibreOffice or onto a PDF — build, extract, seal, sign,
check --annotate. Each: a rerun over its own files needs no flag, a file someone edited is
refused (exit OUTPUT, named, untouched) and ``--force`` keeps it as ``.bak``."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import ExitCode
from docgen.resources import SAMPLE

STEM = SAMPLE.stem


def run(*args: object):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def refused_then_forced(command: list[object], target: Path) -> None:
    """The clerk edits ``target``: the command refuses, naming it; with --force it replaces it
    and keeps the edited file as ``.bak``."""
    target.write_bytes(b"edited by the clerk")
    refused = run(*command)
    assert refused.exit_code == ExitCode.OUTPUT, refused.output
    assert str(target) in refused.stderr and "--force" in refused.stderr
    assert target.read_bytes() == b"edited by the clerk"
    forced = run(*command, "--force")
    assert forced.exit_code in (0, 1), forced.output
    assert target.with_name(target.name + ".bak").read_bytes() == b"edited by the clerk"
    assert target.read_bytes() != b"edited by the clerk"


def test_a_rebuild_needs_no_flag_and_an_edited_output_is_refused(tmp_path):
    out = tmp_path / "out"
    for _ in range(2):
        result = run("build", "-o", out, "--format", "docx")
        assert result.exit_code == 0, result.output
    refused_then_forced(["build", "-o", out, "--format", "docx"], out / f"{STEM}.docx")


def test_a_build_of_one_format_keeps_the_other_and_says_it_is_older(tmp_path):
    out = tmp_path / "out"
    assert run("build", "-o", out, "--format", "pdf").exit_code == 0
    pdf = (out / f"{STEM}.pdf").read_bytes()
    result = run("build", "-o", out, "--format", "docx")
    assert result.exit_code == 0, result.output
    assert (out / f"{STEM}.pdf").read_bytes() == pdf
    assert "更早一次生成" in result.stderr and "已删除" not in result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        f"{STEM}.docx", f"{STEM}.pdf"]


def test_extract_of_one_unit_after_a_full_extract_keeps_every_other_file(tmp_path):
    out = tmp_path / "units"
    assert run("extract", "-o", out).exit_code == 0
    before = {p.name for p in out.iterdir()}
    result = run("extract", "--unit", "法规处", "-o", out)
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == before
    assert {"汇总.pdf", "汇总.docx", "法规处.pdf", "法规处.docx"} <= before
    with (out / "汇总.csv").open(encoding="utf-8-sig") as handle:
        assert len(list(csv.reader(handle))) == 1 + 7  # every unit, not the one extracted


def test_seal_to_its_default_name_and_to_o(sample, tmp_path):
    pdf = Path(shutil.copy(sample.pdf_path, tmp_path / "通知.pdf"))
    for _ in range(2):
        assert run("seal", pdf).exit_code == 0
    refused_then_forced(["seal", pdf], tmp_path / "通知-盖章.pdf")
    chosen = tmp_path / "盖章稿.pdf"
    assert run("seal", pdf, "-o", chosen).exit_code == 0
    refused_then_forced(["seal", pdf, "-o", chosen], chosen)
    over_input = run("seal", pdf, "-o", pdf, "--force")
    assert over_input.exit_code == ExitCode.USAGE
    assert pdf.read_bytes() == sample.pdf_path.read_bytes()


def test_seal_write_specimen_refuses_a_file_it_did_not_write(sample, tmp_path):
    pdf = Path(shutil.copy(sample.pdf_path, tmp_path / "通知.pdf"))
    specimen = tmp_path / "样章.png"
    refused_then_forced(["seal", pdf, "--write-specimen", specimen], specimen)


def test_sign_to_its_default_name_refuses_an_edited_one(issued, pki, tmp_path):
    sealed = Path(shutil.copy(issued.sealed, tmp_path / "通知.pdf"))
    command = ["sign", sealed, "--p12", pki.p12, "--password-file", pki.password_file]
    for _ in range(2):
        result = run(*command)
        assert result.exit_code == 0, result.output
    refused_then_forced(command, tmp_path / "通知-签名.pdf")


def test_check_annotate_refuses_an_edited_annotation(sample, tmp_path):
    pdf = Path(shutil.copy(sample.pdf_path, tmp_path / "通知.pdf"))
    pages = tmp_path / "标注.png"
    for _ in range(2):
        assert run("check", pdf, "--annotate", pages).exit_code in (0, 1)
    refused_then_forced(["check", pdf, "--annotate", pages], tmp_path / "标注-1.png")
    marked = tmp_path / "标注.pdf"
    assert run("check", pdf, "--annotate", marked).exit_code in (0, 1)
    refused_then_forced(["check", pdf, "--annotate", marked], marked)
