"""Tables of a PDF from their ruling lines: cells, spans and text, joined across pages.

A table is a connected set of horizontal and vertical rulings (stroked lines, or rectangles
thin enough to be lines, as Word draws borders). The distinct x and y positions of the
rulings cut it into slots; two neighbouring slots with no ruling between them belong to the
same cell, so a group cell merged over several rows comes out with its rowspan. A table that
runs on from the bottom of one page to the top of the next with the same columns is one
table: its repeated header rows are dropped, and a cell left empty at the top of the next
page (how docgen, Word and LibreOffice draw a merged cell that goes on) is joined to the cell
above it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from docgen.ingest.grid import Cell, Grid
from docgen.ingest.pdf_text import TextLine, join_lines, rows

if TYPE_CHECKING:
    import pymupdf

SNAP = 2.0  # points: rulings closer than this are one ruling
THIN = 2.5  # points: a filled rectangle thinner than this is a ruling
SENTENCE_END = tuple("。；！？.;!?")
# characters: a last line closer than this to its box's edges (padding and the part of a
# character that did not fit included) ran on to the next line, or to the next page
FULL = 2.0


@dataclass(frozen=True)
class Ruling:
    horizontal: bool
    at: float  # y of a horizontal ruling, x of a vertical one
    start: float
    end: float


@dataclass
class PageTable:
    """One table's part on one page: slot positions and its cells (row, col, spans, text)."""

    page: int
    xs: list[float]
    ys: list[float]
    cells: list[Cell] = field(default_factory=list)
    aligns: tuple[str, ...] = ()  # per column, how its body cells' lines sit: left, center, right
    runs_on: set[tuple[int, int]] = field(default_factory=set)  # (row, col): text goes on

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def contains(self, line: TextLine) -> bool:
        return (self.xs[0] - SNAP <= line.centre <= self.xs[-1] + SNAP
                and self.ys[0] - SNAP <= line.middle <= self.ys[-1] + SNAP)


# ── rulings ──────────────────────────────────────────────────────────────────────────────────
def page_rulings(page: pymupdf.Page) -> list[Ruling]:
    import pymupdf

    matrix = page.rotation_matrix
    rulings = []
    for drawing in page.get_drawings():
        stroked = drawing.get("color") is not None
        for item in drawing["items"]:
            if item[0] == "l":
                rulings.extend(_segment(item[1] * matrix, item[2] * matrix))
            elif item[0] in ("re", "qu"):
                rect = (item[1].rect if item[0] == "qu" else pymupdf.Rect(item[1])) * matrix
                rulings.extend(_rect_rulings(rect, stroked))
    return rulings


def _segment(a: pymupdf.Point, b: pymupdf.Point) -> list[Ruling]:
    if abs(a.y - b.y) <= SNAP / 2 and abs(a.x - b.x) > SNAP:
        return [Ruling(True, (a.y + b.y) / 2, min(a.x, b.x), max(a.x, b.x))]
    if abs(a.x - b.x) <= SNAP / 2 and abs(a.y - b.y) > SNAP:
        return [Ruling(False, (a.x + b.x) / 2, min(a.y, b.y), max(a.y, b.y))]
    return []


def _rect_rulings(rect: pymupdf.Rect, stroked: bool) -> list[Ruling]:
    if rect.height <= THIN and rect.width > SNAP:
        return [Ruling(True, (rect.y0 + rect.y1) / 2, rect.x0, rect.x1)]
    if rect.width <= THIN and rect.height > SNAP:
        return [Ruling(False, (rect.x0 + rect.x1) / 2, rect.y0, rect.y1)]
    if not stroked:
        return []  # a shaded cell's background, not a border
    return [Ruling(True, rect.y0, rect.x0, rect.x1), Ruling(True, rect.y1, rect.x0, rect.x1),
            Ruling(False, rect.x0, rect.y0, rect.y1), Ruling(False, rect.x1, rect.y0, rect.y1)]


def _touches(h: Ruling, v: Ruling) -> bool:
    return (h.start - SNAP <= v.at <= h.end + SNAP) and (v.start - SNAP <= h.at <= v.end + SNAP)


def _joined(rulings: list[Ruling]) -> list[int]:
    """For each ruling, the index of the line it is part of: segments on one y (or x) that
    meet are one line, as a word processor draws a row's border cell by cell."""
    order = sorted(range(len(rulings)),
                   key=lambda i: (rulings[i].horizontal, rulings[i].at, rulings[i].start))
    line_of = [0] * len(rulings)
    line, at, end, horizontal = -1, 0.0, 0.0, None
    for i in order:
        r = rulings[i]
        if r.horizontal != horizontal or r.at - at > SNAP / 2 or r.start > end + SNAP:
            line, at, end, horizontal = line + 1, r.at, r.end, r.horizontal
        end = max(end, r.end)
        line_of[i] = line
    return line_of


def line_count(rulings: list[Ruling]) -> int:
    """How many lines the segments make once those on one y (or x) that meet are joined."""
    return max(_joined(rulings), default=-1) + 1


def ruled_groups(rulings: list[Ruling]) -> list[list[Ruling]]:
    """Rulings that cross or touch, grouped; a group with two rulings each way is a table."""
    line_of = _joined(rulings)
    lines: dict[int, Ruling] = {}
    for ruling, line in zip(rulings, line_of, strict=True):
        known = lines.get(line)
        lines[line] = ruling if known is None else Ruling(
            ruling.horizontal, known.at, min(known.start, ruling.start), max(known.end, ruling.end))
    parent = {line: line for line in lines}

    def root(line: int) -> int:
        while parent[line] != line:
            parent[line] = parent[parent[line]]
            line = parent[line]
        return line

    horizontals = [n for n, r in lines.items() if r.horizontal]
    verticals = sorted((n for n, r in lines.items() if not r.horizontal),
                       key=lambda n: lines[n].at)
    xs = [lines[n].at for n in verticals]
    for h in horizontals:
        ruling = lines[h]
        first = bisect_left(xs, ruling.start - SNAP)
        for v in verticals[first:bisect_right(xs, ruling.end + SNAP)]:
            if _touches(ruling, lines[v]):
                parent[root(h)] = root(v)
    groups: dict[int, list[Ruling]] = {}
    for ruling, line in zip(rulings, line_of, strict=True):
        groups.setdefault(root(line), []).append(ruling)
    return [group for group in groups.values()
            if len(_distinct([r.at for r in group if r.horizontal])) >= 2
            and len(_distinct([r.at for r in group if not r.horizontal])) >= 2]


# ── one page's table ─────────────────────────────────────────────────────────────────────────
def _distinct(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= SNAP:
            continue
        out.append(value)
    return out


def page_table(page: int, group: list[Ruling]) -> PageTable:
    xs = _distinct([r.at for r in group if not r.horizontal])
    ys = _distinct([r.at for r in group if r.horizontal])
    table = PageTable(page, xs, ys)
    table.cells = _cells(table, group)
    return table


def slot_count(group: list[Ruling]) -> int:
    """How many slots the group's distinct rulings cut it into (rows × columns)."""
    rows_ = len(_distinct([r.at for r in group if r.horizontal])) - 1
    cols = len(_distinct([r.at for r in group if not r.horizontal])) - 1
    return max(rows_, 0) * max(cols, 0)


def _nearest(positions: list[float], at: float) -> int:
    index = bisect_left(positions, at)
    if index == len(positions) or (index > 0 and at - positions[index - 1] < positions[index] - at):
        return index - 1
    return index


class _Drawn:
    """The rulings of a table by where they lie, to ask whether a slot's edge is drawn."""

    def __init__(self, group: list[Ruling], xs: list[float], ys: list[float]) -> None:
        self.at: dict[tuple[bool, int], list[Ruling]] = {}
        for ruling in group:
            positions = ys if ruling.horizontal else xs
            index = _nearest(positions, ruling.at)
            if abs(positions[index] - ruling.at) <= SNAP:
                self.at.setdefault((ruling.horizontal, index), []).append(ruling)

    def drawn(self, horizontal: bool, index: int, start: float, end: float) -> bool:
        middle = (start + end) / 2
        return any(r.start - SNAP <= middle <= r.end + SNAP
                   for r in self.at.get((horizontal, index), ()))


def _cells(table: PageTable, group: list[Ruling]) -> list[Cell]:
    xs, ys = table.xs, table.ys
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    edges = _Drawn(group, xs, ys)
    parent = {(i, j): (i, j) for i in range(n_rows) for j in range(n_cols)}

    def root(slot: tuple[int, int]) -> tuple[int, int]:
        while parent[slot] != slot:
            parent[slot] = parent[parent[slot]]
            slot = parent[slot]
        return slot

    for i in range(n_rows):
        for j in range(n_cols):
            if i + 1 < n_rows and not edges.drawn(True, i + 1, xs[j], xs[j + 1]):
                parent[root((i + 1, j))] = root((i, j))
            if j + 1 < n_cols and not edges.drawn(False, j + 1, ys[i], ys[i + 1]):
                parent[root((i, j + 1))] = root((i, j))
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for slot in parent:
        spans.setdefault(root(slot), []).append(slot)
    cells = []
    for slots in spans.values():
        top, left = min(i for i, _ in slots), min(j for _, j in slots)
        bottom, right = max(i for i, _ in slots), max(j for _, j in slots)
        cells.append(Cell("", top, left, bottom - top + 1, right - left + 1))
    return sorted(cells, key=lambda cell: (cell.row, cell.col))


def fill_text(table: PageTable, lines: list[TextLine]) -> None:
    """Each cell's text: the lines whose centre is in its box, top to bottom, joined; and
    each column's alignment, from how its body cells' lines sit in their boxes."""
    filled = []
    votes: list[Counter[str]] = [Counter() for _ in table.xs[1:]]
    for cell in table.cells:
        x0, x1 = table.xs[cell.col], table.xs[cell.col + cell.colspan]
        y0, y1 = table.ys[cell.row], table.ys[cell.row + cell.rowspan]
        inside = rows([line for line in lines
                       if x0 <= line.centre <= x1 and y0 <= line.middle <= y1])
        filled.append(replace(cell, text=join_lines([line.text for line in inside])))
        if inside and _fills(inside[-1], x0, x1, FULL) \
                and not inside[-1].text.endswith(SENTENCE_END):
            table.runs_on.add((cell.row, cell.col))
        if cell.row > 0 and cell.colspan == 1:
            votes[cell.col].update(_sits(line, x0, x1) for line in inside)
    table.cells = filled
    table.aligns = tuple(_column_align(vote) for vote in votes)


def _fills(line: TextLine, x0: float, x1: float, slack: float) -> bool:
    return (line.x0 - x0) + (x1 - line.x1) < slack * line.size


def _sits(line: TextLine, x0: float, x1: float) -> str:
    """How one line sits in a box: ``full`` when it fills it and so says nothing."""
    left, right = line.x0 - x0, x1 - line.x1
    if _fills(line, x0, x1, 1.0):
        return "full"
    if abs(left - right) < 0.25 * line.size:
        return "center"
    return "left" if left < right else "right"


def _column_align(vote: Counter[str]) -> str:
    decided = {key: count for key, count in vote.items() if key != "full"}
    if not decided:
        return "left"
    best = max(decided, key=decided.__getitem__)
    return best if decided[best] * 5 >= sum(decided.values()) * 4 else "left"


# ── across pages ─────────────────────────────────────────────────────────────────────────────
def same_columns(a: PageTable, b: PageTable) -> bool:
    return len(a.xs) == len(b.xs) and all(
        abs(x - y) <= 2 * SNAP for x, y in zip(a.xs, b.xs, strict=True))


def stitch(parts: list[PageTable], source: str, number: int) -> Grid:
    """One grid from a table's parts on consecutive pages."""
    first = parts[0]
    joined = _Joined([replace(cell, where=_where(number, first.page, cell))
                      for cell in first.cells], len(first.ys) - 1, set(first.runs_on))
    for part in parts[1:]:
        joined.add(part, _repeated_header_rows(first, part), number)
    widths = [b - a for a, b in pairwise(first.xs)]
    return Grid(cells=sorted(joined.cells, key=lambda c: (c.row, c.col)), n_rows=joined.n_rows,
                n_cols=len(first.xs) - 1, source=source, col_widths=widths)


class _Joined:
    """The cells of a table's parts so far, and which of its bottom cells' text runs on."""

    def __init__(self, cells: list[Cell], n_rows: int, runs_on: set[tuple[int, int]]) -> None:
        self.cells = cells
        self.n_rows = n_rows
        self.runs_on = runs_on

    def add(self, part: PageTable, repeated: int, number: int) -> None:
        """The next page's part, its repeated header left out. Its first row goes on in the
        last row above when that row was broken by the page (a row Word lets break: every
        cell with text at the top of the page continues one whose text ran to its edge);
        else a cell empty at the top of the page is the rest of the cell above."""
        bottom = {(c.col, c.colspan): c for c in self.cells
                  if c.row + c.rowspan == self.n_rows}
        top = [cell for cell in part.cells if cell.row == repeated]
        broken = self._broken(top, bottom)
        offset = self.n_rows - repeated - (1 if broken else 0)
        runs_on = set()
        for cell in part.cells:
            if cell.row < repeated:
                continue
            above = bottom.get((cell.col, cell.colspan))
            if cell.row == repeated and above is not None and (broken or not cell.text):
                grown = replace(above, text=join_lines([t for t in (above.text, cell.text) if t]),
                                rowspan=above.rowspan + cell.rowspan - (1 if broken else 0))
                self.cells[self.cells.index(above)] = grown
                if (cell.row, cell.col) in part.runs_on:
                    runs_on.add((above.row, above.col))
                continue
            self.cells.append(replace(cell, row=cell.row + offset,
                                      where=_where(number, part.page, cell)))
            if (cell.row, cell.col) in part.runs_on:
                runs_on.add((cell.row + offset, cell.col))
        self.n_rows += len(part.ys) - 1 - repeated - (1 if broken else 0)
        self.runs_on = runs_on

    def _broken(self, top: list[Cell], bottom: dict[tuple[int, int], Cell]) -> bool:
        texted = [cell for cell in top if cell.text]
        return bool(texted) and all((c.col, c.colspan) in bottom for c in top) and all(
            (bottom[(c.col, c.colspan)].row, c.col) in self.runs_on for c in texted)


def _where(number: int, page: int, cell: Cell) -> str:
    return f"表{number}第{cell.row + 1}行第{cell.col + 1}列（第{page + 1}页）"


def _row_texts(table: PageTable, count: int) -> list[tuple[int, int, int, str]]:
    return sorted((c.row, c.col, c.colspan, c.text) for c in table.cells if c.row < count)


def _repeated_header_rows(first: PageTable, part: PageTable) -> int:
    """How many top rows of ``part`` repeat the first page's top rows (the header)."""
    for count in (3, 2, 1):
        if len(part.ys) - 1 <= count or len(first.ys) - 1 <= count:
            continue
        head = _row_texts(first, count)
        if head and head == _row_texts(part, count) and all(
                c.row + c.rowspan <= count for c in part.cells if c.row < count):
            return count
    return 0
