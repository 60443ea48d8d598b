"""A 分工表 kept as a spreadsheet imports with its groups, and the data builds (LibreOffice
really runs: the draft build, and the .xls a clerk's office saves)."""

from __future__ import annotations

import csv
import zipfile

import pymupdf
import pytest
from click.testing import CliRunner
from support.hostile_xlsx import sheet, with_sheet
from support.spreadsheets import (
    GROUPS,
    HEADER,
    TITLE,
    WIDTHS,
    clerk_workbook,
    detail_rows,
    soffice_convert,
)

import docgen
from docgen.cli import main
from docgen.errors import ExitCode
from docgen.notice.extends import load_file
from docgen.notice.source import load_bytes

EXPECTED_ROWS = [
    {"序号": number, "重点任务": task, "items": [
        {"工作内容": content, "items": [{"具体要求": r, "责任处室": u} for r, u in details]}
        for content, details in contents]}
    for number, task, contents in GROUPS]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def imported_table(path):
    return load_file(path).data["attachments"][0]["table"]


def test_an_xlsx_with_merged_cells_imports_with_its_levels_and_builds_as_a_draft(tmp_path):
    source = clerk_workbook(tmp_path / "分工表.xlsx")
    result = run("import", str(source))
    assert result.exit_code == 0, result.output
    target = tmp_path / "分工表.yaml"
    assert f"已生成 {target}" in result.output
    data = load_file(target).data
    table = data["attachments"][0]["table"]
    assert [column["name"] for column in table["columns"]] == HEADER
    assert table["levels"] == [["序号", "重点任务"], ["工作内容"]]
    assert table["rows"] == EXPECTED_ROWS
    widths = [int(column["width"]) for column in table["columns"]]
    assert widths == [round(100 * width / sum(WIDTHS)) for width in WIDTHS]
    assert data["attachments"][0]["title"] == TITLE
    assert "分工表!A1：附件" in target.read_text(encoding="utf-8")  # listed, not lost
    for line in result.output.splitlines():
        if "【待" in line and line.startswith(str(target)):
            number = int(line.split(":")[1])
            assert "【待" in target.read_text(encoding="utf-8").split("\n")[number - 1]
    assert "下一步" in result.output

    out = tmp_path / "out"
    built = run("build", str(target), "--draft", "-o", str(out))
    assert built.exit_code == 0, built.output + built.stderr
    with pymupdf.open(out / "分工表.pdf") as pdf:
        text = "".join(page.get_text() for page in pdf).replace("\n", "")
    for row in detail_rows():
        assert row[3].replace("，", "") in text.replace("，", "")


def test_the_xls_libreoffice_saves_imports_the_same(tmp_path):
    xlsx = clerk_workbook(tmp_path / "分工表.xlsx")
    folder = tmp_path / "xls"
    folder.mkdir()
    xls = soffice_convert(xlsx, "xls", folder)
    result = run("import", str(xls))
    assert result.exit_code == 0, result.output
    table = imported_table(folder / "分工表.yaml")
    assert table["levels"] == [["序号", "重点任务"], ["工作内容"]]
    assert table["rows"] == EXPECTED_ROWS
    assert load_file(folder / "分工表.yaml").data["attachments"][0]["title"] == TITLE


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_csv_with_blank_continuation_cells_imports_its_groups_marked(tmp_path, encoding):
    path = tmp_path / "分工表.csv"
    previous: list[str] = []
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for row in detail_rows():
            writer.writerow([value if row[:i + 1] != previous[:i + 1] or i > 2 else ""
                             for i, value in enumerate(row)])
            previous = row
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    table = imported_table(tmp_path / "分工表.yaml")
    assert table["rows"] == EXPECTED_ROWS
    assert "attachments[0].table.levels: 【待核】" in result.output


def test_a_formula_comes_back_as_its_text_never_evaluated(tmp_path):
    source = clerk_workbook(tmp_path / "公式.xlsx", formula="=SUM(A1)")
    result = run("import", str(source))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "公式.yaml").read_text(encoding="utf-8")
    assert "具体要求: =SUM(A1)" in text
    assert "分工表!D11 是公式" in result.output


def test_an_existing_data_file_is_kept_unless_forced(tmp_path):
    source = clerk_workbook(tmp_path / "分工表.xlsx")
    target = tmp_path / "分工表.yaml"
    target.write_text("# 我自己写的\n", encoding="utf-8")
    refused = run("import", str(source))
    assert refused.exit_code == ExitCode.OUTPUT
    assert target.read_text(encoding="utf-8") == "# 我自己写的\n"
    forced = run("import", str(source), "--force")
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "分工表.yaml.bak").read_text(encoding="utf-8") == "# 我自己写的\n"


def test_into_replaces_the_table_and_keeps_every_other_line(tmp_path):
    from docgen.resources import SAMPLE

    notice = tmp_path / "通知.yaml"
    original = SAMPLE.read_text(encoding="utf-8")
    notice.write_text(original, encoding="utf-8")
    source = clerk_workbook(tmp_path / "分工表.xlsx")
    result = docgen.import_file(source, into=notice)
    assert result.backups == [tmp_path / "通知.yaml.bak"]
    assert result.backups[0].read_text(encoding="utf-8") == original
    new = notice.read_text(encoding="utf-8")
    data = load_bytes(new.encode(), "通知.yaml").data
    assert data["attachments"][0]["table"]["rows"] == EXPECTED_ROWS
    assert data["attachments"][0]["table"]["orientation"] == "landscape"  # the notice's own
    old_lines, new_lines = original.split("\n"), new.split("\n")
    head = old_lines.index("    table:")
    assert new_lines[:head] == old_lines[:head]
    tail = old_lines.index("# ── 单位名录（供按处室抽取任务清单使用）──")
    assert new_lines[-(len(old_lines) - tail):] == old_lines[tail:]
    assert [item.text for item in result.unplaced] == ["附件"]


def test_a_million_rows_or_a_zip_bomb_are_refused_with_a_message(tmp_path):
    rows = "".join(f'<row r="{i}"/>' for i in range(1, 1_000_001))
    million = with_sheet(tmp_path, sheet(rows, dimension="A1"), name="百万行.xlsx")
    bomb = with_sheet(tmp_path, sheet(""), name="炸弹.xlsx",
                      parts={"xl/media/bomb.bin": bytes(30 * 1024 * 1024)})
    for path in (million, bomb):
        result = run("import", str(path))
        assert result.exit_code == ExitCode.DATA, result.output
        assert result.stderr.startswith(f"错误：文件 {path.name}"), result.stderr
        assert "Traceback" not in result.output
        assert not path.with_suffix(".yaml").exists()
    with zipfile.ZipFile(million) as archive:  # the file the test refused really is that big
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 10_000_000


def test_a_kind_of_file_docgen_cannot_read_is_a_usage_error(tmp_path):
    path = tmp_path / "分工表.numbers"
    path.write_bytes(b"x")
    result = run("import", str(path))
    assert result.exit_code == ExitCode.USAGE
    assert ".xlsx" in result.stderr


def test_the_first_use_path_import_then_next_year_leaves_only_marks_for_lint_draft(tmp_path):
    source = clerk_workbook(tmp_path / "分工表-2023.xlsx")
    imported = docgen.import_file(source)
    rolled = docgen.next_year(imported.target, 2024)
    assert rolled.target == tmp_path / "分工表-2024.yaml"
    assert docgen.lint(rolled.target, draft=True).errors == 0
    final = docgen.lint(rolled.target)
    assert final.errors >= len(imported.marks)  # every mark still refused by a final build
    data = load_file(rolled.target).data
    assert data["attachments"][0]["title"] == TITLE.replace("2023", "2024")
