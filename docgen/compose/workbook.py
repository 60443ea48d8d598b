"""A unit's fill-in workbook (.xlsx): its rows as in its task list, the task text locked and
the report columns open, with a hidden key on every row so that ``collect`` finds the row
again however the unit sorts, inserts or renames.

Sheet protection is on without a password: it guards against slips, not against the unit,
and collect never trusts the locked text anyway (it compares it with the notice).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docgen.compose.cells import write_cell
from docgen.notice.model import PROGRESS_FIELD, Notice, Table
from docgen.notice.row_keys import RowKey, digest, row_id, task_headers, task_row
from docgen.notice.tasks import UnitExtract

if TYPE_CHECKING:
    from openpyxl import Workbook

SHEET = "落实情况"
META_SHEET = "docgen"  # very hidden: which notice and unit the workbook belongs to
KEY_HEADER = "行标识"
FORMAT_VERSION = "1"
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
TASK_WIDTH = 100  # Excel width units shared by the task columns (CJK characters count 2)
REPORT_WIDTHS = {"落实情况": 40, "进展": 9, "完成时间": 12, "延期原因": 20, "责任人": 10}
OTHER_REPORT_WIDTH = 16
META_KEYS = ("格式", "文号", "标题", "单位", "附件")


def fill_in_workbook(notice: Notice, table: Table, item: UnitExtract, title: str) -> Workbook:
    """The unit's rows, one line each (a group's cells repeated so that a line stands alone
    when sorted), the report columns after them, the key column hidden at the end."""
    from openpyxl import Workbook

    assert notice.units is not None
    fields = list(notice.units.report_fields)
    headers = [*task_headers(table), *fields, KEY_HEADER]
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    write_cell(sheet, TITLE_ROW, 1, title)
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW,
                      end_column=len(headers) - 1)
    for column, header in enumerate(headers, start=1):
        write_cell(sheet, HEADER_ROW, column, header)
    for offset, (leaf, mine) in enumerate(item.leaves):
        cells = task_row(table, leaf, mine)
        key = RowKey(item.attachment, row_id(leaf), digest(cells))
        for column, value in enumerate([*cells, *[None] * len(fields), key.text()], start=1):
            write_cell(sheet, FIRST_ROW + offset, column, value)
    _style(sheet, table, len(cells), fields, len(item.leaves))
    _drop_down(sheet, notice, fields, len(cells), len(item.leaves))
    print_setup(sheet, HEADER_ROW)
    _meta(book, notice, item)
    return book


def _style(sheet, table: Table, task_count: int, fields: list[str], rows: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.cell(TITLE_ROW, 1).font = Font(bold=True, size=14)
    sheet.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[TITLE_ROW].height = 28
    open_fill = PatternFill("solid", fgColor="FFF8E1")  # shows where to write
    last = task_count + len(fields) + 1
    for column in range(1, last + 1):
        header = sheet.cell(HEADER_ROW, column)
        header.font = Font(bold=True)
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.border = border
        for row in range(FIRST_ROW, FIRST_ROW + rows):
            cell = sheet.cell(row, column)
            cell.alignment = wrap
            cell.border = border
            if task_count < column < last:
                cell.protection = Protection(locked=False)
                cell.fill = open_fill
    for column, width in enumerate(_widths(table, fields), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.column_dimensions[get_column_letter(last)].hidden = True
    sheet.freeze_panes = sheet.cell(FIRST_ROW, 1)
    # Locked, yet columns may be widened and rows resized; no password, nothing secret.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _widths(table: Table, fields: list[str]) -> list[float]:
    total = sum(column.width for column in table.columns)
    tasks = [max(6.0, round(TASK_WIDTH * column.width / total, 1)) for column in table.columns]
    return [7.0, *tasks, 12.0, *(REPORT_WIDTHS.get(name, OTHER_REPORT_WIDTH) for name in fields),
            24.0]


def _drop_down(sheet, notice: Notice, fields: list[str], task_count: int, rows: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if PROGRESS_FIELD not in fields or not rows:
        return
    assert notice.units is not None
    letter = get_column_letter(task_count + fields.index(PROGRESS_FIELD) + 1)
    choices = ",".join(notice.units.progress)
    check = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True,
                           showErrorMessage=True, errorTitle="进展",
                           error=f"请从下拉列表中选择：{choices.replace(',', '、')}")
    check.add(f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + rows - 1}")
    sheet.add_data_validation(check)


def print_setup(sheet, header_row: int) -> None:
    """A4 landscape, one page wide, the header row on every page, page numbers."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def _meta(book, notice: Notice, item: UnitExtract) -> None:
    sheet = book.create_sheet(META_SHEET)
    values = (FORMAT_VERSION, notice.doc_number, notice.title, item.unit, str(item.attachment))
    for row, (key, value) in enumerate(zip(META_KEYS, values, strict=True), start=1):
        write_cell(sheet, row, 1, key)
        write_cell(sheet, row, 2, value)
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True
