"""A rolled-over notice: the build refuses its placeholders until a person has filled and
checked each one; a draft builds with them visible."""


from __future__ import annotations

import re

import pymupdf
from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import ExitCode
from docgen.notice.extends import load_file
from docgen.notice.next_year import roll_text
from docgen.notice.validate import validate
from docgen.resources import SAMPLE

SEED = SAMPLE.read_text(encoding="utf-8")


def test_build_refuses_placeholders_then_builds_once_they_are_filled(tmp_path):
    seed = tmp_path / "notice-2022.yaml"
    seed.write_text(SEED, encoding="utf-8")
    result = CliRunner().invoke(main, ["next-year", str(seed), "--to-year", "2023"])
    assert result.exit_code == 0, result.output
    rolled = tmp_path / "notice-2023.yaml"
    out = tmp_path / "out"
    refused = CliRunner().invoke(main, ["build", str(rolled), "-o", str(out)])
    assert refused.exit_code == ExitCode.DATA
    assert refused.stderr.count("尚未填写") == 3 and refused.stderr.count("待核对：含年份") == 3
    assert not out.exists()
    text = rolled.read_text(encoding="utf-8")
    text = text.replace("〔2023〕【待定】号", "〔2023〕5号")
    text = text.replace("print_date: 【待定】", "print_date: 2023-05-19")
    text = text.replace("  date: 【待定】", "  date: 2023-05-18")
    text = re.sub(r"  # 【待核】[^\n]*", "", text)  # the reviewer kept those years
    rolled.write_text(text, encoding="utf-8")
    notice = validate(load_file(rolled))
    assert notice.doc_number == "晋文旅办发〔2023〕5号"
    assert "2023年" in notice.title and "2022" not in notice.title
    assert str(notice.imprint.print_date) == "2023-05-19"
    built = CliRunner().invoke(main, ["build", str(rolled), "-o", str(out), "--format", "pdf"])
    assert built.exit_code == 0, built.output
    with pymupdf.open(out / "notice-2023.pdf") as pdf:
        text = "".join(page.get_text() for page in pdf).replace(" ", "").replace("\n", "")
    assert "晋文旅办发〔2023〕5号" in text and "关于印发2023年政务公开" in text
    # 2022 stays only where the reviewer kept it: the cited 2022 要点 and 38号, the 2022 年度 task
    assert text.count("2022") == 3


def test_a_draft_builds_with_visible_placeholders(tmp_path):
    import pymupdf
    rolled, _ = roll_text(SEED, 2023)
    path = tmp_path / "draft-2023.yaml"
    path.write_text(rolled, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out"),
                                       "--draft", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert "草稿：" in result.stderr
    with pymupdf.open(tmp_path / "out" / "draft-2023.pdf") as pdf:
        text = "".join(page.get_text() for page in pdf).replace(" ", "")
    assert "晋文旅办发〔2023〕【待定】号" in text and text.count("【待定】") == 3
