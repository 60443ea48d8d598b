"""docgen collect on the sample, as an office would run it: fill-in workbooks out, five of
seven units' workbooks back (one re-sorted, one with a row inserted, one with a locked cell
edited, one renamed), two never returned; the 汇总表 and the 催办 notice through LibreOffice."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from support.yaml_files import load_yaml

from docgen import api
from docgen.cli import main
from docgen.compose.workbook import FIRST_ROW, HEADER_ROW, SHEET
from docgen.notice import tasks
from docgen.notice.extends import load_file
from docgen.notice.validate import validate
from docgen.resources import SAMPLE

NOTICE = validate(load_file(SAMPLE))
RETURNED = ("办公室", "发展中心", "产业处", "行政审批处", "法规处")
NOT_RETURNED = ("人事处", "财务处")
RENAMED = "审批处-落实情况（定稿）.xlsx"
EDITED_TEXT = "建立公开受办理台账（已改为按季度）"


def headers(sheet) -> list[str]:
    return [cell.value for cell in sheet[HEADER_ROW]]


def fill(path: Path, target: Path, *, reverse: bool = False, insert: bool = False,
         edit: bool = False) -> None:
    """What a clerk does: write 落实情况 and pick 进展 on every row, then the variations."""
    book = load_workbook(path)
    sheet = book[SHEET]
    names = headers(sheet)
    report, progress = names.index("落实情况") + 1, names.index("进展") + 1
    last = sheet.max_row
    for row in range(FIRST_ROW, last + 1):
        sheet.cell(row, report).value = f"已落实第 {sheet.cell(row, 1).value} 行的要求。"
        sheet.cell(row, progress).value = "已完成" if row % 2 else "推进中"
    if reverse:  # sorted the other way round, as a clerk sorts by a column
        lines = [[cell.value for cell in sheet[row]] for row in range(FIRST_ROW, last + 1)]
        for row, values in zip(range(FIRST_ROW, last + 1), reversed(lines), strict=True):
            for column, value in enumerate(values, start=1):
                sheet.cell(row, column).value = value
    if insert:  # a line of the unit's own, without a key
        sheet.insert_rows(FIRST_ROW + 1)
        sheet.cell(FIRST_ROW + 1, names.index("具体要求") + 1).value = "自行增加：编印政务公开手册"
        sheet.cell(FIRST_ROW + 1, report).value = "已印发 500 册。"
    if edit:  # protection is advisory: a determined clerk can still change the task text
        column = names.index("具体要求") + 1
        sheet.cell(FIRST_ROW, column).value = EDITED_TEXT
    book.save(target)


@dataclass
class Round:
    units: Path
    back: Path
    out: Path
    result: Result

    @property
    def folder(self) -> Path:
        return self.out / "2022-12-31"


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Round:
    root = tmp_path_factory.mktemp("collect")
    units, back, out = root / "units", root / "back", root / "out"
    result = CliRunner().invoke(main, ["extract", "--format", "xlsx", "-o", str(units)])
    assert result.exit_code == 0, result.output
    back.mkdir()
    fill(units / "办公室.xlsx", back / "办公室.xlsx", reverse=True)
    fill(units / "发展中心.xlsx", back / "发展中心.xlsx", insert=True)
    fill(units / "产业处.xlsx", back / "产业处.xlsx", edit=True)
    fill(units / "行政审批处.xlsx", back / RENAMED)
    fill(units / "法规处.xlsx", back / "法规处.xlsx")
    before = hashes(back)
    result = CliRunner().invoke(main, ["collect", str(SAMPLE), str(back), "--as-of",
                                       "2022-12-31", "--chase", "-o", str(out)])
    assert hashes(back) == before  # collect never writes to a returned file
    return Round(units, back, out, result)


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def finding_lines(output: str, kind: str) -> list[str]:
    return [line for line in output.splitlines() if f"[{kind}]" in line]


def test_extract_writes_one_workbook_per_unit_and_no_summary_workbook(collected):
    names = sorted(p.name for p in collected.units.iterdir() if p.suffix == ".xlsx")
    assert names == sorted(f"{unit.name}.xlsx" for unit in NOTICE.units.members)


def test_the_workbooks_read_back_locked_and_unlocked_as_described(collected):
    sheet = load_workbook(collected.units / "法规处.xlsx")[SHEET]
    names = headers(sheet)
    assert sheet.protection.sheet
    row = FIRST_ROW
    locked = {name: sheet.cell(row, i + 1).protection.locked for i, name in enumerate(names)}
    assert [n for n, is_locked in locked.items() if not is_locked] == list(
        NOTICE.units.report_fields)
    assert locked["具体要求"] and locked["角色"] and locked["行号"] and locked["行标识"]


def test_collect_reports_exactly_the_two_missing_units_the_inserted_row_and_the_edit(collected):
    output = collected.result.output
    assert collected.result.exit_code == 1, output  # units missing: findings
    missing = finding_lines(output, "未报送")
    assert sorted(line.split(":")[0] for line in missing) == sorted(NOT_RETURNED)
    [extra] = finding_lines(output, "多出的行")
    assert extra.startswith("发展中心.xlsx!") and "自行增加" in extra
    [edited] = finding_lines(output, "改动任务内容")
    assert edited.startswith("产业处.xlsx!")
    assert "具体要求" in edited and "已改为按季度" in edited and "未采用" in edited
    for kind in ("未填写", "缺行", "重复报送", "非本通知", "无法读取", "逾期", "通知已修改"):
        assert finding_lines(output, kind) == [], kind
    assert f"行政审批处：采用 {RENAMED}" in output  # found by its content, not its name


def test_the_re_sorted_workbook_is_matched_row_by_row(collected):
    snapshot = json.loads((collected.folder / "收集结果.json").read_text(encoding="utf-8"))
    office = {r["reference"]: r["report"] for r in snapshot["reports"] if r["unit"] == "办公室"}
    expected = [leaf.reference for leaf, _ in tasks.plan(NOTICE, ["办公室"])[0].leaves]
    assert sorted(office) == sorted(expected)
    for reference, report in office.items():
        assert report["落实情况"] == f"已落实第 {reference} 行的要求。"


def test_the_edited_task_text_is_never_taken_over(collected):
    sheet = load_workbook(collected.folder / "落实情况汇总表.xlsx").active
    texts = [cell.value for row in sheet.iter_rows() for cell in row]
    assert EDITED_TEXT not in texts
    assert "自行增加：编印政务公开手册" not in texts


def test_the_summary_pdf_passes_check_on_its_table_pages(collected):
    pdf = collected.folder / "落实情况汇总表.pdf"
    report = api.check(pdf)
    failed = {f.rule for f in report.findings if f.status == "FAIL"}
    # A task table has no 版头 and no 版记: only those rules may fail.
    assert {rule for rule in failed if not rule.startswith(("HEAD-", "IMP-"))} == set()
    with pymupdf.open(pdf) as document:
        text = "".join(page.get_text() for page in document).replace("\n", "")
        assert all(page.rect.width > page.rect.height for page in document)  # landscape
    assert "落实情况汇总表" in text and "【未报送】" in text and "已落实第" in text


def test_the_chase_goes_to_the_units_that_did_not_return(collected):
    data = load_yaml(collected.folder / "催报通知.yaml")
    assert data["recipients"] == "、".join(NOT_RETURNED) + "："
    assert "【待定】" in data["doc_number"] and data["issuer"]["name"] == NOTICE.issuer.name
    listed = [group["单位"] for group in data["attachments"][0]["table"]["rows"]]
    assert listed == list(NOT_RETURNED)
    with pymupdf.open(collected.folder / "催报通知.pdf") as document:
        text = "".join(page.get_text() for page in document).replace("\n", "")
    assert "人事处" in text and "关于催报" in text.replace(" ", "")


def test_a_second_round_says_what_changed(collected, tmp_path):
    back = tmp_path / "back"
    shutil.copytree(collected.back, back)
    fill(collected.units / "人事处.xlsx", back / "人事处.xlsx")
    os.utime(back / "人事处.xlsx")
    result = CliRunner().invoke(main, ["collect", str(SAMPLE), str(back), "--as-of",
                                       "2023-01-15", "-o", str(collected.out)])
    assert "与上一轮（2022-12-31）相比" in result.output, result.output
    assert "人事处：未报送 → 已报送" in result.output
    assert [line.split(":")[0] for line in finding_lines(result.output, "未报送")] == ["财务处"]
    assert (collected.out / "2023-01-15" / "落实情况汇总表.pdf").exists()
    assert (collected.folder / "落实情况汇总表.pdf").exists()  # the first round is kept
    across = CliRunner().invoke(main, ["diff", str(collected.folder),
                                       str(collected.out / "2023-01-15")])
    assert across.exit_code == 1, across.output
    assert "人事处：未报送 → 已报送" in across.output and "财务处" not in across.output
    same = CliRunner().invoke(main, ["diff", str(collected.folder), str(collected.folder)])
    assert same.exit_code == 0 and "没有变化" in same.output


def test_rows_past_their_deadline_and_due_soon_are_named_with_their_cells(tmp_path):
    data = Path(__file__).parents[2] / "corpus" / "xian-2022-fgf.yaml"  # 9月底, 11月底
    units, back = tmp_path / "units", tmp_path / "back"
    made = CliRunner().invoke(main, ["extract", str(data), "--format", "xlsx", "-o", str(units)])
    assert made.exit_code == 0, made.output
    back.mkdir()
    for workbook in units.glob("*.xlsx"):
        book = load_workbook(workbook)
        sheet = book[SHEET]
        names = headers(sheet)
        for row in range(FIRST_ROW, sheet.max_row + 1):
            sheet.cell(row, names.index("落实情况") + 1).value = "正在推进。"
            sheet.cell(row, names.index("进展") + 1).value = "推进中"
        book.save(back / workbook.name)
    result = CliRunner().invoke(main, ["collect", str(data), str(back), "--as-of", "2022-10-15",
                                       "--due-within", "60", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    overdue, soon = finding_lines(result.output, "逾期"), finding_lines(result.output, "即将到期")
    assert overdue and all("第 一.1 行" in line and "2022年9月30日" in line for line in overdue)
    assert soon and all("第 一.2 行" in line and "2022年11月30日" in line for line in soon)
    assert all(".xlsx!" in line for line in overdue + soon)  # pointed at the returned cell
    assert finding_lines(result.output, "未报送") == []
