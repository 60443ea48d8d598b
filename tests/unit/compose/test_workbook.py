"""The fill-in workbook: task text locked, report columns open, a hidden key per row, A4
landscape with the header repeated, and no cell a spreadsheet would evaluate."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from support.yaml_files import load_yaml, write_yaml

from docgen.compose.workbook import (
    FIRST_ROW,
    HEADER_ROW,
    KEY_HEADER,
    META_SHEET,
    SHEET,
    fill_in_workbook,
)
from docgen.notice import tasks
from docgen.notice.collection import RowKey
from docgen.notice.extends import load_file
from docgen.notice.model import REPORT_FIELDS
from docgen.notice.validate import validate
from docgen.resources import SAMPLE

NOTICE = validate(load_file(SAMPLE))


def saved_and_read(notice, unit: str):
    item = tasks.plan(notice, [unit])[0]
    table = dict(tasks.task_tables(notice))[item.attachment]
    book = fill_in_workbook(notice, table, item, tasks.extract_title(notice, unit))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return item, load_workbook(buffer)


def headers(sheet) -> list[str]:
    return [cell.value for cell in sheet[HEADER_ROW]]


def test_task_text_is_locked_and_the_report_columns_are_open():
    item, book = saved_and_read(NOTICE, "法规处")
    sheet = book[SHEET]
    assert sheet.protection.sheet is True
    assert not sheet.protection.password  # anyone may read; protection guards against slips
    names = headers(sheet)
    assert names[-len(REPORT_FIELDS) - 1:-1] == list(REPORT_FIELDS)
    assert names[0] == "行号" and "具体要求" in names and "角色" in names
    for row in range(FIRST_ROW, FIRST_ROW + len(item.leaves)):
        for column, name in enumerate(names, start=1):
            locked = sheet.cell(row, column).protection.locked
            assert locked == (name not in REPORT_FIELDS), (row, name)


def test_each_row_carries_its_reference_role_and_a_hidden_key():
    item, book = saved_and_read(NOTICE, "法规处")
    sheet = book[SHEET]
    names = headers(sheet)
    key_column = names.index(KEY_HEADER) + 1
    letter = sheet.cell(HEADER_ROW, key_column).column_letter
    assert sheet.column_dimensions[letter].hidden
    rows = list(sheet.iter_rows(min_row=FIRST_ROW, values_only=True))
    assert [row[0] for row in rows] == [leaf.reference for leaf, _ in item.leaves]
    keys = [RowKey.parse(row[key_column - 1]) for row in rows]
    assert [key.row_id for key in keys] == [leaf.reference for leaf, _ in item.leaves]
    assert len({key.digest for key in keys}) == len(keys)
    assert rows[-1][names.index("角色")] == "负责（把关）"  # 4.1: 法规处把关


def test_progress_has_a_drop_down_of_the_four_states():
    item, book = saved_and_read(NOTICE, "发展中心")
    sheet = book[SHEET]
    letter = sheet.cell(HEADER_ROW, headers(sheet).index("进展") + 1).column_letter
    [check] = sheet.data_validations.dataValidation
    assert check.type == "list"
    assert check.formula1 == '"已完成,推进中,未启动,延期"'
    assert str(check.sqref) == f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + len(item.leaves) - 1}"


def test_printed_on_a4_landscape_with_the_header_repeated():
    _, book = saved_and_read(NOTICE, "办公室")
    sheet = book[SHEET]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert int(sheet.page_setup.fitToWidth) == 1
    assert all(sheet.cell(FIRST_ROW, c).alignment.wrap_text for c in range(1, 8))


def test_the_workbook_names_its_notice_and_unit_in_a_hidden_sheet():
    _, book = saved_and_read(NOTICE, "人事处")
    meta = book[META_SHEET]
    assert meta.sheet_state == "veryHidden"
    values = {row[0]: row[1] for row in meta.iter_rows(values_only=True)}
    assert values["文号"] == NOTICE.doc_number and values["单位"] == "人事处"


def test_a_requirement_that_starts_like_a_formula_is_written_as_text(tmp_path):
    data = load_yaml(SAMPLE)
    group = data["attachments"][0]["table"]["rows"][0]["items"][0]["items"]
    group[0]["具体要求"] = '=HYPERLINK("http://example.com","点击")'
    group[1]["具体要求"] = "-1+2"
    group[2]["具体要求"] = "@SUM(A1)"
    notice = validate(load_file(write_yaml(data, tmp_path / "hostile.yaml")))
    _, book = saved_and_read(notice, "办公室")
    sheet = book[SHEET]
    column = headers(sheet).index("具体要求") + 1
    cells = [sheet.cell(FIRST_ROW + n, column) for n in range(3)]
    assert [cell.value for cell in cells] == ['=HYPERLINK("http://example.com","点击")', "-1+2",
                                              "@SUM(A1)"]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def test_report_columns_come_from_the_registry(tmp_path):
    data = load_yaml(SAMPLE)
    data["units"]["report_fields"] = ["落实情况", "进展", "佐证材料"]
    data["units"]["progress"] = ["完成", "未完成"]
    notice = validate(load_file(write_yaml(data, tmp_path / "custom.yaml")))
    _, book = saved_and_read(notice, "财务处")
    sheet = book[SHEET]
    assert headers(sheet)[-4:] == ["落实情况", "进展", "佐证材料", KEY_HEADER]
    assert sheet.data_validations.dataValidation[0].formula1 == '"完成,未完成"'
