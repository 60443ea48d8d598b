"""A 分工表 kept as a spreadsheet (.xlsx, .xls, .csv; .et through LibreOffice) read as a Grid.

Each reader gives the same thing: the sheet's non-empty area as cells with their merged
ranges as spans, the column widths, and ``Sheet1!B3`` for every cell. Rows above the header
that hold a single text (“附件1”, the table's title) are taken off the top. Nothing is ever
evaluated: a formula comes back as the formula's text, marked for review. A workbook is
measured (docgen.ingest.limits) before openpyxl or xlrd reads it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from docgen.ingest.draft import Draft, Mark, Unplaced
from docgen.ingest.grid import Cell, Grid, table_from_grid
from docgen.ingest.limits import (
    MAX_SHEET_COLUMNS,
    ImportRefusedError,
    check_merged_ranges,
    check_office_package,
    check_plain_file,
    check_sheet_size,
)

CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # utf-8-sig reads plain UTF-8 too
ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*[0-9一二三四五六七八九十]*[:：]?$")
EXCEL_DEFAULT_WIDTH = 8.43  # characters: a column whose width the sheet does not set
DEFAULT_CONVERT_TIMEOUT = 120.0


@dataclass
class Sheet:
    """One worksheet: its name and the value and span of each non-empty position."""

    name: str
    values: dict[tuple[int, int], str]  # (row, col), 0-based → text
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # → (rows, cols)
    widths: dict[int, float] = field(default_factory=dict)  # col → width in characters
    formulas: list[str] = field(default_factory=list)  # Sheet!A1 of cells holding a formula


def read_spreadsheet(path: Path, *, table_only: bool = False,
                     timeout: float = DEFAULT_CONVERT_TIMEOUT) -> Draft:
    """The 分工表 in ``path`` as a draft notice holding it as its one attachment."""
    sheets, notes = _read_sheets(path, timeout)
    chosen = [sheet for sheet in sheets if sheet.values]
    if not chosen:
        raise ImportRefusedError(f"{path.name} 中没有任何内容", hint="请确认文件中有分工表。")
    sheet = chosen[0]
    grid, above = sheet_grid(sheet, path.name)
    grouped = table_from_grid(grid)
    prefix = "attachments[0].table"
    marks = [Mark(f"{prefix}.{where}", "待核", why) for where, why in grouped.uncertain]
    marks += [Mark(f"{prefix}.rows", "待核",
                   f"{where} 是公式，导入的是公式本身（docgen 不计算公式）")
              for where in sheet.formulas]
    title = grouped.title
    if len(chosen) > 1:
        names = "、".join(other.name for other in chosen[1:])
        marks.append(Mark(prefix, "待核", f"取自工作表“{sheet.name}”；另有工作表 {names} 也有内容"
                                          "（见文末“未放入的内容”）"))
    if title is None:
        marks.append(Mark("attachments[0].title", "待定", "表格上方没有标题"))
    unplaced = [Unplaced(where, text) for where, text in above]
    unplaced += [Unplaced(where, text) for where, text in grouped.unplaced]
    for other in chosen[1:]:
        unplaced += [Unplaced(f"{other.name}!{cell_name(row, col)}", text)
                     for (row, col), text in sorted(other.values.items())]
    data = {"attachments": [{"title": title or "【待定】", "table": grouped.table}]}
    return Draft(data, path.name, marks, unplaced, notes)


def cell_name(row: int, col: int) -> str:
    """(0, 0) → A1."""
    letters = ""
    number = col + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


def sheet_grid(sheet: Sheet, source: str) -> tuple[Grid, list[tuple[str, str]]]:
    """The sheet's table as a Grid, and the lines above it that are not its title
    (“附件1”, a note) with where they were. The title, if any, is the grid's title."""
    top, bottom, left, right = _extent(sheet)
    title, above = None, []
    while top < bottom and _single_text_row(sheet, top, left, right):
        text = next(sheet.values[(top, col)] for col in range(left, right + 1)
                    if (top, col) in sheet.values)
        where = f"{sheet.name}!{cell_name(top, left)}"
        if title is None and not ATTACHMENT_LABEL.match(text.replace(" ", "")):
            title = text
        else:
            above.append((where, text))
        top += 1
    cells = []
    covered: set[tuple[int, int]] = set()
    for (row, col), (rows, cols) in sheet.spans.items():
        if row >= top:
            covered |= {(r, c) for r in range(row, row + rows) for c in range(col, col + cols)}
    for row in range(top, bottom + 1):
        for col in range(left, right + 1):
            rows, cols = sheet.spans.get((row, col), (1, 1))
            if (row, col) in covered and (row, col) not in sheet.spans:
                continue
            text = sheet.values.get((row, col), "")
            if text or (rows, cols) != (1, 1):
                cells.append(Cell(text, row - top, col - left, min(rows, bottom - row + 1),
                                  min(cols, right - col + 1),
                                  f"{sheet.name}!{cell_name(row, col)}"))
    widths = [sheet.widths.get(col, EXCEL_DEFAULT_WIDTH) for col in range(left, right + 1)]
    grid = Grid(cells, bottom - top + 1, right - left + 1, f"{source}!{sheet.name}",
                col_widths=widths, title=title)
    return grid, above


def _extent(sheet: Sheet) -> tuple[int, int, int, int]:
    """Top, bottom, left, right of the non-empty area (inclusive), merged ranges included."""
    positions = list(sheet.values)
    for (row, col), (rows, cols) in sheet.spans.items():
        if (row, col) in sheet.values:
            positions.append((row + rows - 1, col + cols - 1))
    return (min(r for r, _ in positions), max(r for r, _ in positions),
            min(c for _, c in positions), max(c for _, c in positions))


def _single_text_row(sheet: Sheet, row: int, left: int, right: int) -> bool:
    """A caption row above the header: one text, alone or merged across the row, in a table
    of several columns."""
    filled = [col for col in range(left, right + 1) if (row, col) in sheet.values]
    return right > left and len(filled) == 1 \
        and sheet.spans.get((row, filled[0]), (1, 1))[0] == 1


# ── readers ───────────────────────────────────────────────────────────────────────────────────

def _read_sheets(path: Path, timeout: float) -> tuple[list[Sheet], list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_sheets(path)
    if suffix == ".xls":
        return _xls_sheets(path), []
    if suffix == ".csv":
        return [_csv_sheet(path)], []
    if suffix == ".et":
        return _et_sheets(path, timeout)
    raise ImportRefusedError(f"{path.name} 不是 docgen 能读的表格文件（.xlsx、.xls、.et、.csv）")


def _xlsx_sheets(path: Path) -> tuple[list[Sheet], list[str]]:
    from openpyxl import load_workbook

    report = check_office_package(path)
    notes = [f"原文件链接到外部（未访问）：{target}" for _, target in report.external]
    # Not read_only: merged ranges need the full sheet, and limits.py measured it first.
    # Formulas are read as their text (data_only=False): a cached result may be stale or
    # missing, and docgen never evaluates anything.
    book = load_workbook(path, read_only=False, data_only=False, keep_links=False,
                         keep_vba=False, rich_text=False)
    try:
        return [_openpyxl_sheet(ws) for ws in book.worksheets], notes
    finally:
        book.close()


def _openpyxl_sheet(ws) -> Sheet:
    sheet = Sheet(ws.title, {})
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or cell.__class__.__name__ == "MergedCell":
                continue
            text = _text(cell.value)
            if cell.data_type == "f":
                sheet.formulas.append(f"{ws.title}!{cell.coordinate}")
            if text:
                sheet.values[(cell.row - 1, cell.column - 1)] = text
    for merged in ws.merged_cells.ranges:
        sheet.spans[(merged.min_row - 1, merged.min_col - 1)] = (
            merged.max_row - merged.min_row + 1, merged.max_col - merged.min_col + 1)
    from openpyxl.utils import column_index_from_string

    for letter, dimension in ws.column_dimensions.items():
        if dimension.width and not dimension.hidden:
            first = column_index_from_string(letter) - 1
            last = max(first, (dimension.max or first + 1) - 1)
            for col in range(first, min(last, MAX_SHEET_COLUMNS) + 1):
                sheet.widths[col] = float(dimension.width)
    return sheet


def _xls_sheets(path: Path) -> list[Sheet]:
    import xlrd

    check_plain_file(path)
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except (xlrd.XLRDError, OSError, ValueError, AssertionError) as exc:
        raise ImportRefusedError(f"{path.name} 不是有效的 .xls 文件：{exc}") from exc
    try:
        return [_xlrd_sheet(book, path.name, index) for index in range(book.nsheets)]
    finally:
        book.release_resources()


def _xlrd_sheet(book, name: str, index: int) -> Sheet:
    import xlrd

    ws = book.sheet_by_index(index)
    check_sheet_size(name, ws.name, ws.nrows, ws.ncols)
    sheet = Sheet(ws.name, {})
    for row in range(ws.nrows):
        for col in range(ws.ncols):
            cell = ws.cell(row, col)
            if cell.ctype == xlrd.XL_CELL_DATE:
                value = xlrd.xldate_as_datetime(cell.value, book.datemode)
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            else:
                value = cell.value
            if text := _text(value):
                sheet.values[(row, col)] = text
    check_merged_ranges(name, ws.name, [(end_row - first_row, end_col - first_col)
                                        for first_row, end_row, first_col, end_col
                                        in ws.merged_cells])
    for first_row, end_row, first_col, end_col in ws.merged_cells:
        sheet.spans[(first_row, first_col)] = (end_row - first_row, end_col - first_col)
    for col, info in ws.colinfo_map.items():
        if not info.hidden and info.width:
            sheet.widths[col] = info.width / 256  # 1/256 of a character
    book.unload_sheet(index)
    return sheet


def _csv_sheet(path: Path) -> Sheet:
    check_plain_file(path)
    raw = path.read_bytes()
    text = _decode(raw, path.name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    sheet = Sheet(path.stem, {})
    width = 0
    for row, line in enumerate(csv.reader(io.StringIO(text, newline=""), dialect)):
        width = max(width, len(line))
        check_sheet_size(path.name, path.stem, row + 1, width)
        for col, value in enumerate(line):
            if value := value.strip():
                sheet.values[(row, col)] = value.replace("\r\n", "\n")
    return sheet


def _decode(raw: bytes, name: str) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefusedError(f"{name} 不是 UTF-8 或 GB18030 编码的文本，无法读取",
                             hint="请在 Excel/WPS 中另存为“CSV UTF-8”或直接导入 .xlsx。")


def _et_sheets(path: Path, timeout: float) -> tuple[list[Sheet], list[str]]:
    """A WPS sheet: LibreOffice turns it into an .xlsx first."""
    from docgen.pipelines.publish import scratch

    try:
        from docgen.ingest.convert import to_xlsx
    except ImportError:
        raise ImportRefusedError(f"这一版 docgen 还不能直接读取 WPS 表格（{path.name}）",
                                 hint="请在 WPS 中另存为 .xlsx 后再导入。") from None
    check_plain_file(path)
    with scratch("import") as work:
        converted = to_xlsx(path, work, timeout)
        sheets, notes = _xlsx_sheets(converted)
    return sheets, notes


def _text(value: object) -> str:
    """A cell's value as the text a clerk sees (1 not 1.0; a date as 2022-05-20)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = getattr(value, "text", value)  # an array formula keeps its text here
    return str(text).replace("\r\n", "\n").replace("\r", "\n").strip()
