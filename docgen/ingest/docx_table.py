"""A Word table as a Grid: vertical merges (w:vMerge) as row spans, w:gridSpan as column
spans, repeated header rows (w:tblHeader) as the header, w:tblGrid as the column widths.

Tables used for layout — a red header set in a one-row table, a 版记 typed as a bordered
table — are told apart here, so that the walk reads their cells as lines instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from docgen.ingest.draft import Draft, Mark, Unplaced
from docgen.ingest.grid import Cell, Grid, table_from_grid
from docgen.ingest.limits import MAX_SHEET_COLUMNS, REFUSE
from docgen.ingest.wordxml import TableBlock, cell_paragraphs, is_red, paragraph_text

if TYPE_CHECKING:
    from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
LAYOUT_MAX_ROWS = 4  # a 版记 table has 抄送 and 印发 rows, a header table one or two
MARK_MAX_ROWS = 2
# A cell of a 版记 (抄送：…, …年…月…日印发) or of a header (the 发文字号).
_LAYOUT_TEXT = re.compile(r"^抄\s*送\s*[:：]|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$"
                          r"|^\S*〔(19|20)\d{2}〕\d+号$")
ALIGNS = {"center": "center", "right": "right", "end": "right"}
DEFAULT_TABLE_SIZE = 14.0  # the model's default font_size
MARK_MIN_HALF_POINTS = 44  # 二号: the size of a 发文机关标志, larger than any table text


def is_layout_table(tbl: etree._Element) -> bool:
    """A red header or a 版记 typed as a table (a few rows with a 版记 line or a 发文字号, or
    one or two rows of big red text), or a single row: nothing a 分工表 would be."""
    rows = tbl.findall(f"{_W}tr")
    if len(rows) <= 1:
        return True
    if len(rows) > LAYOUT_MAX_ROWS:
        return False
    cells = [tc for tr in rows for tc in tr.findall(f"{_W}tc")]
    if any(_LAYOUT_TEXT.search(_cell_text(tc).replace("\n", "").strip()) for tc in cells):
        return True
    # A red header has a row or two; a short 分工表 may well have a cell in red.
    return len(rows) <= MARK_MAX_ROWS and any(
        is_red((_val(run.find(f"{_W}rPr"), "color") or "").upper())
        or _half_points(run) >= MARK_MIN_HALF_POINTS
        for tc in cells for run in tc.iter(f"{_W}r"))


def _half_points(run: etree._Element) -> int:
    value = _val(run.find(f"{_W}rPr"), "sz") or ""
    return int(value) if value.isdigit() else 0


def table_block(tbl: etree._Element, number: int, styles: dict[str, str]) -> TableBlock:
    read = _TableReader(number)
    read.table(tbl)
    cells = [Cell(text=e[4], row=e[0], col=e[1], rowspan=e[2], colspan=e[3], where=e[5])
             for e in read.found]
    grid = Grid(cells=cells, n_rows=read.n_rows, n_cols=read.n_cols, source=f"表{number}",
                col_widths=_grid_widths(tbl, read.n_cols),
                header_rows=read.header_rows or None)
    sizes = Counter(size for _, size in read.looks.values() if size)
    aligns = tuple(_usual_align(read.looks, column, read.header_rows)
                   for column in range(read.n_cols))
    return TableBlock(grid, number, font_size=sizes.most_common(1)[0][0] if sizes else 0.0,
                      aligns=aligns, merged_at_end=frozenset(read.merged_at_end))


class _TableReader:
    """Cells at their top-left positions with spans, the header rows, each cell's look."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.open: dict[int, list] = {}  # column → [row, col, rowspan, colspan, text, where]
        self.found: list[list] = []
        self.looks: dict[tuple[int, int], tuple[str, float]] = {}
        self.header_rows = 0
        self.n_rows = 0
        self.n_cols = 0
        self.merged_at_end: set[int] = set()  # columns merged down into the last row

    def table(self, tbl: etree._Element) -> None:
        header_done = False
        for r, tr in enumerate(tbl.findall(f"{_W}tr")):
            trpr = tr.find(f"{_W}trPr")
            if _repeats_as_header(trpr) and not header_done:
                self.header_rows += 1
            else:
                header_done = True
            self.merged_at_end = set()
            before = _number(_val(trpr, "gridBefore"), 0) if trpr is not None else 0
            self.row(r, tr, min(before, MAX_SHEET_COLUMNS))
            self.n_rows = r + 1

    def row(self, r: int, tr: etree._Element, col: int) -> None:
        for c_index, tc in enumerate(tr.findall(f"{_W}tc"), start=1):
            tcpr = tc.find(f"{_W}tcPr")
            span = max(_number(_val(tcpr, "gridSpan"), 1), 1)
            if col + span > MAX_SHEET_COLUMNS:  # before a cell is spread over the columns
                raise REFUSE(f"表{self.number}第{r + 1}行有 {col + span} 列，超过可导入的 "
                             f"{MAX_SHEET_COLUMNS} 列")
            merge = tcpr.find(f"{_W}vMerge") if tcpr is not None else None
            continues = merge is not None and merge.get(f"{_W}val") in (None, "continue")
            text = _cell_text(tc).strip("\n")
            above = self.open.get(col)
            if continues and above is not None and above[3] == span:
                above[2] += 1
                if text.strip():  # text typed into a continuation cell is kept, not lost
                    above[4] = f"{above[4]}\n{text}" if above[4] else text
            else:
                entry = [r, col, 1, span, text, f"表{self.number}第{r + 1}行第{c_index}列"]
                self.found.append(entry)
                for spanned in range(col, col + span):
                    self.open[spanned] = entry
                self.looks[(r, col)] = _cell_look(tc)
            if merge is not None:
                self.merged_at_end.add(col)
            col += span
        self.n_cols = max(self.n_cols, col)



def _repeats_as_header(trpr: etree._Element | None) -> bool:
    header = trpr.find(f"{_W}tblHeader") if trpr is not None else None
    return header is not None and header.get(f"{_W}val") not in ("0", "false")


def _number(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default


def _cell_text(tc: etree._Element) -> str:
    return "\n".join(paragraph_text(p) for p in cell_paragraphs(tc))


def _cell_look(tc: etree._Element) -> tuple[str, float]:
    """The cell's paragraph alignment and its text's size in points."""
    p = tc.find(f"{_W}p")
    if p is None:
        return "", 0.0
    ppr = p.find(f"{_W}pPr")
    align = (_val(ppr, "jc") or "") if ppr is not None else ""
    sizes = (_half_points(run) for run in p.iter(f"{_W}r"))
    return align, next((size / 2 for size in sizes if size), 0.0)


def _usual_align(looks: dict[tuple[int, int], tuple[str, float]], column: int,
                 header_rows: int) -> str:
    counted = Counter(align for (row, col), (align, _) in looks.items()
                      if col == column and row >= header_rows)
    return counted.most_common(1)[0][0] if counted else ""


def _grid_widths(tbl: etree._Element, n_cols: int) -> list[float] | None:
    columns = tbl.findall(f"{_W}tblGrid/{_W}gridCol")
    widths = [float(c.get(f"{_W}w") or 0) for c in columns]
    if len(widths) != n_cols or not all(w > 0 for w in widths):
        return None
    return widths


def _val(parent: etree._Element | None, tag: str) -> str | None:
    if parent is None:
        return None
    found = parent.find(f"{_W}{tag}")
    return found.get(f"{_W}val") if found is not None else None


def join_tables(first: TableBlock, second: TableBlock) -> TableBlock | None:
    """``second`` appended to ``first`` when it continues it: as many columns, and its first
    rows repeat ``first``'s header; None otherwise."""


    a, b = first.grid, second.grid
    header = a.header_rows or 1
    if a.n_cols != b.n_cols or b.n_rows <= header or _rows(a, header) != _rows(b, header):
        return None
    shift = a.n_rows - header
    moved = [replace(cell, row=cell.row + shift) for cell in b.cells if cell.row >= header]
    cells = _continue_merges(list(a.cells), moved, a.n_rows, first.merged_at_end)
    grid = replace(a, cells=cells, n_rows=a.n_rows + b.n_rows - header)
    return replace(first, grid=grid, landscape=first.landscape or second.landscape,
                   merged_at_end=second.merged_at_end)


def _continue_merges(above: list[Cell], below: list[Cell], seam: int,
                     merged: frozenset[int]) -> list[Cell]:
    """A merged cell cut by the split goes on in the second table as a blank cell: the two
    are one again. Only cells that were merged above the seam (over several rows, or marked
    as merged in the last row): any other blank cell may be a 〃 of its own."""
    ending = {(c.col, c.colspan): i for i, c in enumerate(above)
              if c.row + c.rowspan == seam and c.text.strip()
              and (c.rowspan > 1 or c.col in merged)}
    kept = []
    for cell in below:
        index = ending.get((cell.col, cell.colspan))
        if cell.row == seam and not cell.text.strip() and index is not None:
            above[index] = replace(above[index], rowspan=above[index].rowspan + cell.rowspan)
        else:
            kept.append(cell)
    return [*above, *kept]


def _rows(grid: Grid, count: int) -> list[tuple[int, int, int, str]]:
    return sorted((c.row, c.col, c.colspan, c.text.strip()) for c in grid.cells
                  if c.row < count)


def table_data(draft: Draft, block: TableBlock, path: str) -> dict[str, Any]:
    """The table as docgen's grouped table, with the look the file gave it: each column's
    alignment, the text size, the page orientation."""
    grouped = table_from_grid(block.grid)
    table = dict(grouped.table)
    columns = [dict(column) for column in table.get("columns", [])]
    if len(columns) == len(block.aligns):
        for column, align in zip(columns, block.aligns, strict=True):
            if align in ALIGNS:
                column["align"] = ALIGNS[align]
        table["columns"] = columns
    if block.font_size and block.font_size != DEFAULT_TABLE_SIZE:
        table["font_size"] = block.font_size
    table["orientation"] = "landscape" if block.landscape else "portrait"
    for where, why in grouped.uncertain:
        draft.marks.append(Mark(f"{path}.{where}" if where else path, "待核", why))
    draft.unplaced.extend(Unplaced(where, text) for where, text in grouped.unplaced)
    return table
