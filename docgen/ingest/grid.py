"""A table as its cells and spans, whatever file it came from, and its grouped form.

Readers fill a :class:`Grid`: one :class:`Cell` per visible cell, at its top-left position,
with its row and column span (a vertically merged group cell in Word, a merged range in
Excel, a box spanning several ruled rows in a PDF). :func:`table_from_grid` decides the
header, the grouping levels and the 〃 continuation cells from the spans alone.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from docgen.errors import DataError, Problem
from docgen.notice.model import DITTO, RESERVED_ROW_KEYS, header_role


@dataclass(frozen=True)
class Cell:
    text: str  # the cell's text; paragraphs joined with "\n"
    row: int  # 0-based top-left position in the grid
    col: int
    rowspan: int = 1
    colspan: int = 1
    where: str = ""  # where a clerk finds it: "Sheet1!B3", "表1第3行第2列", "第2页"


@dataclass
class Grid:
    cells: list[Cell]
    n_rows: int
    n_cols: int
    source: str  # the file (and sheet/table) for messages
    col_widths: list[float] | None = None  # relative widths from the file, when it has them
    header_rows: int | None = None  # known header rows; None: table_from_grid decides
    title: str | None = None  # a caption found above the table, if any


@dataclass
class GroupedTable:
    """docgen's ``table:`` mapping (columns, levels, rows) plus what the import was unsure of."""

    table: dict  # {"columns": [...], "levels": [...], "rows": [...], "orientation": ...}
    uncertain: list[tuple[str, str]] = field(default_factory=list)  # (key path, why) → 【待核】
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (where, text) not placed
    title: str | None = None  # the grid's title, or a caption row across the table's top


# ── the grouped form ─────────────────────────────────────────────────────────────────────────

MAX_LEVELS = 3
# A column whose body cells all look like this is a 序号 column: set centred, and, at the
# left edge, allowed before the grouping columns (a per-row 序号 in front of them).
NUMBER_LIKE = re.compile(
    r"^(\d+(\.\d+)*\.?|[一二三四五六七八九十百]+、?|（[一二三四五六七八九十]+）|（\d+）|\(\d+\))$")
WIDTH_SCALE = 100  # relative widths are written as integers summing to about this
MAX_CELLS = 200_000  # rows × columns: a grid this large is refused before it is walked


class GridError(DataError):
    """A grid whose cells do not fit together (overlapping, outside the table, too large)."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        super().__init__([Problem(message, file=source, path=where)
                          for where, message in problems],
                         hint="请在原文件中检查这些合并单元格，或把表格另存为新文件后再导入。")

    def __str__(self) -> str:
        return self.render()


def table_from_grid(grid: Grid) -> GroupedTable:
    """The grouped table a grid of merged cells prints: the header row(s) become ``columns``,
    the leftmost columns whose merged cells nest become ``levels``, other vertical merges
    become 〃 continuation cells; each group's cells once, its rows under ``items``.

    Raises :class:`GridError` when the cells overlap, stick out of the table or the table is
    too large to be a 分工表.
    """
    layout = _Layout.of(grid)
    notes = _Notes()
    title, top = grid.title, 0
    if title is None and layout.is_title_row(0):
        title, top = layout.text(0, 0), 1
    header_rows = grid.header_rows if grid.header_rows is not None \
        else layout.header_rows(top) - top
    names = _column_names(layout, top, header_rows, notes)
    body = [row for row in range(top + header_rows, layout.n_rows)
            if not layout.repeats_header(row, top + header_rows)]
    for row in sorted(set(range(top + header_rows, layout.n_rows)) - set(body)):
        where = layout.cover[row][0].where if layout.cover[row][0] else f"第{row + 1}行"
        notes.unplaced_note(f"{where}（重复的表头行，已略去）", layout.row_text(row))
    body_layout = layout.body(body)
    body_layout = body_layout.blank_cells_joined(names)
    levels = body_layout.levels(names)
    if levels and body_layout.filled:
        notes.uncertain("levels", "原表的分组单元格没有合并，按空白续格归入上一格的分组，请核对")
    rows, paths = body_layout.rows(names, levels)
    for cell in body_layout.horizontal_spans():
        notes.uncertain(paths[cell.row], f"原表{cell.where or '此处'}横向合并了 {cell.colspan} 列，"
                                         "内容放在第一列")
    table = {
        "orientation": "auto",
        "columns": _columns(names, body_layout, grid, levels),
        "levels": [[names[column] for column in level] for level in levels],
        "rows": rows,
    }
    if not table["levels"]:
        del table["levels"]
    return GroupedTable(table, notes.marks, notes.unplaced, title)


class _Notes:
    def __init__(self) -> None:
        self.marks: list[tuple[str, str]] = []
        self.unplaced: list[tuple[str, str]] = []

    def uncertain(self, path: str, why: str) -> None:
        self.marks.append((path, why))

    def unplaced_note(self, where: str, text: str) -> None:
        self.unplaced.append((where, text))


def _position(cell: Cell) -> str:
    return f"第{cell.row + 1}行第{cell.col + 1}列"


@dataclass
class _Layout:
    """The grid as a matrix: which cell covers each position, and where each cell starts."""

    n_rows: int
    n_cols: int
    cover: list[list[Cell | None]]  # [row][col] → the cell covering it
    filled: bool = False  # blank cells were joined to the group above (a guess)
    _spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    @classmethod
    def of(cls, grid: Grid) -> _Layout:
        _check_size(grid)
        cover: list[list[Cell | None]] = [[None] * grid.n_cols for _ in range(grid.n_rows)]
        problems: list[tuple[str, str]] = []
        for cell in grid.cells:
            where = cell.where or _position(cell)
            if cell.rowspan < 1 or cell.colspan < 1 or cell.row < 0 or cell.col < 0 \
                    or cell.row + cell.rowspan > grid.n_rows \
                    or cell.col + cell.colspan > grid.n_cols:
                problems.append((where, f"合并单元格（{cell.rowspan} 行 × {cell.colspan} 列）"
                                        f"超出了表格（{grid.n_rows} 行 × {grid.n_cols} 列）"))
                continue
            for row in range(cell.row, cell.row + cell.rowspan):
                for col in range(cell.col, cell.col + cell.colspan):
                    if cover[row][col] is not None:
                        problems.append((where, f"与{cover[row][col].where or '另一个单元格'}"
                                                "重叠"))
                        break
                    cover[row][col] = cell
                else:
                    continue
                break
        if problems:
            raise GridError(grid.source, problems)
        return cls(grid.n_rows, grid.n_cols, cover)

    def text(self, row: int, col: int) -> str:
        cell = self.cover[row][col]
        return cell.text.strip() if cell is not None and cell.row == row \
            and cell.col == col else ""

    def starts(self, row: int, col: int) -> bool:
        cell = self.cover[row][col]
        return cell is None or (cell.row == row and cell.col == col)

    def is_title_row(self, row: int) -> bool:
        """One cell across the whole table above the header: the table's caption."""
        if self.n_cols < 2 or row >= self.n_rows - 1:
            return False
        cell = self.cover[row][0]
        return cell is not None and cell.row == row and cell.colspan == self.n_cols \
            and cell.rowspan == 1 and bool(cell.text.strip())

    def header_rows(self, top: int) -> int:
        """The row after which the body starts: the header's first row, and the rows its
        merged cells reach down to."""
        if top >= self.n_rows:
            return top
        first = {id(cell): cell for cell in self.cover[top] if cell is not None}.values()
        depth = max((cell.rowspan for cell in first), default=1)
        if depth == 1 and any(cell.colspan > 1 for cell in first) and self.n_rows > top + 1:
            depth = 2  # a header spanning columns has its sub-headers on the row below
        return min(top + depth, self.n_rows)

    def row_text(self, row: int) -> str:
        return " | ".join(self.text(row, col) for col in range(self.n_cols))

    def repeats_header(self, row: int, body_start: int) -> bool:
        if not body_start:
            return False
        last = body_start - 1
        texts = [self.text(row, col) for col in range(self.n_cols)]
        header = [self._header_text(last, col) for col in range(self.n_cols)]
        return any(texts) and texts == header

    def _header_text(self, row: int, col: int) -> str:
        cell = self.cover[row][col]
        return cell.text.strip() if cell is not None and cell.col == col else ""

    def body(self, rows: list[int]) -> _Layout:
        """The body rows alone, renumbered from 0; spans are cut to the rows kept."""
        cover: list[list[Cell | None]] = []
        for old in rows:
            line: list[Cell | None] = []
            for col in range(self.n_cols):
                cell = self.cover[old][col]
                if cell is None:
                    line.append(None)
                    continue
                first = bisect.bisect_left(rows, cell.row)
                end = bisect.bisect_left(rows, cell.row + cell.rowspan)
                line.append(Cell(cell.text, first, cell.col, end - first, cell.colspan,
                                 cell.where))
            cover.append(line)
        return _Layout(len(rows), self.n_cols, _shared(cover))

    def spans(self, col: int) -> list[tuple[int, int]]:
        """The column's cells as (first row, rows spanned), top to bottom."""
        if col not in self._spans:
            self._spans[col] = self._column_spans(col)
        return self._spans[col]

    def _column_spans(self, col: int) -> list[tuple[int, int]]:
        found = []
        row = 0
        while row < self.n_rows:
            cell = self.cover[row][col]
            span = cell.rowspan if cell is not None else 1
            found.append((row, span))
            row += span
        return found

    def horizontal_spans(self) -> list[Cell]:
        seen = {id(c): c for line in self.cover for c in line if c is not None and c.colspan > 1}
        return list(seen.values())

    def blank_cells_joined(self, names: list[str]) -> _Layout:
        """A sheet that leaves group cells blank instead of merging them: in the leftmost
        columns (those merged already count as they are), a blank cell under a value joins
        that value's cell, as long as the groups so made nest."""
        cover = [list(line) for line in self.cover]
        joined = False
        previous: list[tuple[int, int]] | None = None
        for col in range(self.n_cols):
            spans = self.spans(col)
            if not _may_group(names[col]) or not self.n_rows:
                break
            if any(span > 1 for _, span in spans):
                if previous is not None and not _nested(spans, previous):
                    break
                previous = spans
                continue
            texts = [self.text(row, col) for row in range(self.n_rows)]
            if not texts[0] or any(self.cover[row][col] is not None
                                   and self.cover[row][col].col != col
                                   for row in range(self.n_rows)):
                break  # a cell merged across from the left is no blank continuation
            if all(texts):
                if previous is None and _number_like(texts):
                    continue  # a per-row 序号 in front of the groups
                break
            blocks = _blank_blocks(texts)
            if previous is not None and not _nested(blocks, previous):
                break
            for first, span in blocks:
                cell = self.cover[first][col]
                grown = Cell(cell.text if cell else "", first, col, span, 1,
                             cell.where if cell else "")
                for row in range(first, first + span):
                    cover[row][col] = grown
            joined = True
            previous = blocks
        return _Layout(self.n_rows, self.n_cols, cover, filled=joined) if joined else self

    def levels(self, names: list[str]) -> list[list[int]]:
        """The grouping columns, level by level: the leftmost columns (after a per-row 序号)
        whose merged cells nest, columns merged alike forming one level."""
        levels: list[list[int]] = []
        partitions: list[list[tuple[int, int]]] = []
        for col in range(self.n_cols):
            spans = self.spans(col)
            spanning = any(span > 1 for _, span in spans)
            if not spanning:
                if not levels and _number_like(self.column_texts(col)):
                    continue
                break
            if not _may_group(names[col]):
                break
            if partitions and spans == partitions[-1] and col == levels[-1][-1] + 1:
                levels[-1].append(col)
                continue
            if partitions and not _nested(spans, partitions[-1]):
                break
            if len(levels) == MAX_LEVELS:
                break
            levels.append([col])
            partitions.append(spans)
        return levels

    def column_texts(self, col: int) -> list[str]:
        return [self.text(row, col) for row in range(self.n_rows) if self.starts(row, col)]

    def rows(self, names: list[str], levels: list[list[int]]) -> tuple[list[dict], list[str]]:
        """The row tree, and each body row's key path in it (for marks)."""
        grouped = {col for level in levels for col in level}
        leaves = [col for col in range(self.n_cols) if col not in grouped]
        paths = [""] * self.n_rows
        spans_of = [self.spans(level[0]) for level in levels]
        starts_of = [[start for start, _ in spans] for spans in spans_of]

        def walk(first: int, end: int, depth: int, path: str) -> list[dict]:
            if depth == len(levels):
                for index, row in enumerate(range(first, end)):
                    paths[row] = f"{path}[{index}]"
                return [self._leaf(row, names, leaves) for row in range(first, end)]
            found = []
            spans, starts = spans_of[depth], starts_of[depth]
            for start, span in spans[bisect.bisect_left(starts, first):
                                     bisect.bisect_left(starts, end)]:
                row = {names[col]: text for col in levels[depth]
                           if (text := self.text(start, col))}
                row["items"] = walk(start, start + span, depth + 1,
                                    f"{path}[{len(found)}].items")
                found.append(row)
            return found

        return walk(0, self.n_rows, 0, "rows"), paths

    def _leaf(self, row: int, names: list[str], leaves: list[int]) -> dict:
        found: dict[str, str] = {}
        for col in leaves:
            if not self.starts(row, col) and self.cover[row][col].col == col:
                found[names[col]] = DITTO
            elif text := self.text(row, col):
                found[names[col]] = text
        return found


def _shared(cover: list[list[Cell | None]]) -> list[list[Cell | None]]:
    """One Cell object per cell again after rows were cut (equal cells, one identity)."""
    seen: dict[tuple[int, int], Cell] = {}
    return [[seen.setdefault((c.row, c.col), c) if c is not None else None for c in line]
            for line in cover]


def _check_size(grid: Grid) -> None:
    if grid.n_rows < 0 or grid.n_cols < 0:
        raise GridError(grid.source, [("", "表格的行数或列数不对")])
    if grid.n_rows * grid.n_cols > MAX_CELLS:
        raise GridError(grid.source, [("", f"表格有 {grid.n_rows} 行 × {grid.n_cols} 列，"
                                       f"超过可导入的 {MAX_CELLS} 个单元格")])
    if not grid.n_cols:
        raise GridError(grid.source, [("", "表格没有任何列")])


def _may_group(name: str) -> bool:
    """Columns that name who does a task are the task's own (docgen writes 〃 there)."""
    return header_role(name) is None


def _number_like(texts: list[str]) -> bool:
    present = [text for text in texts if text]
    return bool(present) and all(NUMBER_LIKE.match(text) for text in present)


def _blank_blocks(texts: list[str]) -> list[tuple[int, int]]:
    blocks: list[tuple[int, int]] = []
    for row, text in enumerate(texts):
        if text or not blocks:
            blocks.append((row, 1))
        else:
            first, span = blocks[-1]
            blocks[-1] = (first, span + 1)
    return blocks


def _nested(inner: list[tuple[int, int]], outer: list[tuple[int, int]]) -> bool:
    """Every block of ``inner`` lies within one block of ``outer``."""
    bounds = sorted(first for first, _ in outer)
    for first, span in inner:
        after = bisect.bisect_right(bounds, first)  # the first bound below this block's top
        if after < len(bounds) and bounds[after] < first + span:
            return False
    return True


def _column_names(layout: _Layout, top: int, header_rows: int, notes: _Notes) -> list[str]:
    names: list[str] = []
    for col in range(layout.n_cols):
        parts: list[str] = []
        for row in range(top, top + header_rows):
            cell = layout.cover[row][col]
            text = "".join(cell.text.split()) if cell is not None else ""
            if text and text not in parts:
                parts.append(text)
        name = "".join(parts[-1:]) if len(parts) < 2 else _joined(parts)
        if len(parts) > 1:
            notes.uncertain(f"columns[{col}]", f"表头有多行，列名由“{'”“'.join(parts)}”合成")
        names.append(name)
    return _unique(names, notes)


def _joined(parts: list[str]) -> str:
    """Sub-headers under a spanning header: 责任单位 / 牵头 → 责任单位（牵头）."""
    return f"{parts[0]}（{'·'.join(parts[1:])}）"


def _unique(names: list[str], notes: _Notes) -> list[str]:
    result: list[str] = []
    for index, name in enumerate(names):
        wanted = name
        if not name or name in RESERVED_ROW_KEYS:
            wanted = f"第{index + 1}列"
            notes.uncertain(f"columns[{index}]",
                            f"表头{'为空' if not name else f'“{name}”是保留字'}，暂名“{wanted}”")
        candidate, count = wanted, 1
        while candidate in result:
            count += 1
            candidate = f"{wanted}（{count}）"
        if candidate != wanted:
            notes.uncertain(f"columns[{index}]", f"列名“{wanted}”重复，改为“{candidate}”")
        result.append(candidate)
    return result


def _columns(names: list[str], layout: _Layout, grid: Grid,
             levels: list[list[int]]) -> list[dict]:
    widths = _relative_widths(grid.col_widths, layout, names)
    columns = []
    for col, name in enumerate(names):
        column: dict = {"name": name, "width": widths[col]}
        texts = layout.column_texts(col)
        if _number_like(texts):
            column["align"] = "center"
        columns.append(column)
    return columns


def _relative_widths(widths: list[float] | None, layout: _Layout,
                     names: list[str]) -> list[int]:
    if not widths or len(widths) != layout.n_cols or not all(w > 0 for w in widths):
        widths = [_natural_width(layout, col, names[col]) for col in range(layout.n_cols)]
    total = sum(widths)
    return [max(1, round(WIDTH_SCALE * width / total)) for width in widths]


def _natural_width(layout: _Layout, col: int, name: str) -> float:
    """Without widths in the file: the longer a column's texts, the wider (within bounds)."""
    longest = max([len(name), *(len(text) for text in layout.column_texts(col))])
    return float(min(max(longest, 2), 30))
