"""Hierarchical task rows → a Word table with computed vertical merges.

Group columns (table.levels) span their group's detail rows; a detail cell written 〃
continues the cell above. The header row repeats on every page, rows never split across
pages (unless one row alone is taller than a page), and the column widths sum to the 版心.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from docgen.compose.ooxml import set_attrs, set_run_font, twips
from docgen.compose.template import StyleBook
from docgen.notice.model import DITTO, Row, Table
from docgen.standard import figures as L
from docgen.standard.styles import Style
from docgen.standard.typeset import text_units

ALIGN = {"left": "left", "center": "center", "right": "right"}
ZERO_WIDTH_SPACE = "\u200b"


@dataclass
class GridCell:
    text: str
    merge: str | None = None  # "restart", "continue" or None


def flatten(table: Table) -> list[list[GridCell]]:
    """One list of cells per detail row, in column order, with merge marks."""
    depth_of = {name: depth for depth, level in enumerate(table.levels) for name in level}
    leaf_depth = len(table.levels)
    counters = [0] * (leaf_depth + 1)
    numbered = {c.name for c in table.columns if c.auto_number}
    grid: list[list[GridCell]] = []

    def walk(rows: tuple[Row, ...], ancestors: list[tuple[Row, int, bool]]) -> None:
        depth = len(ancestors)
        for row in rows:
            counters[depth] += 1
            if row.items:
                first_leaf = len(grid)
                for_children = [*ancestors, (row, counters[depth], True)]
                walk(row.items, for_children)
                _mark_span(grid, first_leaf, [table.column_names.index(n)
                                              for n in table.levels[depth]])
            else:
                line = []
                for name in table.column_names:
                    depth_here = depth_of.get(name, leaf_depth)
                    node, number = (row, counters[depth]) if depth_here == leaf_depth \
                        else ancestors[depth_here][:2]
                    value = node.cells.get(name)
                    if value is None and name in numbered:
                        value = str(number)
                    line.append(GridCell(value or ""))
                grid.append(line)

    walk(table.tree(), [])
    _apply_ditto(grid, [table.column_names.index(n) for n in table.leaf_columns])
    return grid


def _mark_span(grid: list[list[GridCell]], first: int, columns: list[int]) -> None:
    if len(grid) - first < 2:
        return
    for column in columns:
        grid[first][column].merge = "restart"
        for line in grid[first + 1:]:
            line[column].merge = "continue"
            line[column].text = ""


def _apply_ditto(grid: list[list[GridCell]], columns: list[int]) -> None:
    for column in columns:
        for index, line in enumerate(grid):
            if line[column].text == DITTO and index:
                above = grid[index - 1][column]
                if above.merge is None:
                    above.merge = "restart"
                line[column].merge = "continue"
                line[column].text = ""


def column_widths(table: Table, frame_width: float) -> list[int]:
    """Twips per column, scaled from the relative widths to sum to the frame exactly, and
    none narrower than its header set on one line (序号 never wraps 序/号)."""
    total = twips(frame_width)
    weights = [column.width for column in table.columns]
    widths = [math.floor(total * w / sum(weights)) for w in weights]
    floors = [min(_header_width(column.name, table.font_size), total // len(widths))
              for column in table.columns]
    short = sum(max(0, floor - width) for floor, width in zip(floors, widths, strict=True))
    if short:
        spare = [max(0, width - floor) for floor, width in zip(floors, widths, strict=True)]
        widths = [max(floor, width - math.ceil(short * room / sum(spare)))
                  for floor, width, room in zip(floors, widths, spare, strict=True)]
    # The rounding remainder goes to the last column, or, when header floors took room from
    # the others, to the widest, which can always spare it.
    widths[widths.index(max(widths)) if short else -1] += total - sum(widths)
    return widths


def _header_width(name: str, size: float) -> int:
    """Twips a header needs on one line: its text, the cell margins and a point to spare."""
    return twips(text_units(name) * size + 1.0) + 2 * twips(L.TABLE_CELL_MARGIN)


# LIBREOFFICE finds no break opportunity after 、 between digits: a list of row references
# (1.1、1.2、…) was broken inside a reference (“1.” / “2”). A zero-width space after each 、
# gives it one, so the list breaks only there. (A word joiner inside 1.2 is not honoured.)
LIST_COMMA = re.compile(r"(?<=\d)、(?=\d)")


def _unbreakable_references(text: str) -> str:
    return LIST_COMMA.sub("、" + ZERO_WIDTH_SPACE, text)


def frame_of(table: Table) -> tuple[float, float]:
    """Width and height of the 版心 the table is set in (turned for a landscape table)."""
    if table.landscape:
        return L.TYPE_AREA_HEIGHT, L.TYPE_AREA_WIDTH
    return L.TYPE_AREA_WIDTH, L.TYPE_AREA_HEIGHT


def tall_rows(table: Table) -> list[int]:
    """Detail rows (1-based) estimated taller than a page: they alone may split (the exception)."""
    width, height = frame_of(table)
    widths = column_widths(table, width)
    return [number for number, line in enumerate(flatten(table), start=1)
            if _estimated_height(line, widths, table) > height]


def add_task_table(document: DocxDocument, table: Table, styles: StyleBook) -> None:
    """Append the table at the end of the document body."""
    widths = column_widths(table, frame_of(table)[0])
    element = _table_element(widths)
    header = [GridCell(name) for name in table.column_names]
    element.append(_row(header, widths, styles[Style.TABLE_HEADER].font, table, header=True,
                        align=["center"] * len(widths)))
    aligns = [ALIGN[c.align] for c in table.columns]
    splittable = set(tall_rows(table))
    for number, line in enumerate(flatten(table), start=1):
        element.append(_row(line, widths, styles[Style.TABLE_TEXT].font, table, header=False,
                            align=aligns, keep=number not in splittable))
    document.element.body.find(qn("w:sectPr")).addprevious(element)


def _table_element(widths: list[int]) -> etree._Element:
    tbl = OxmlElement("w:tbl")
    pr = OxmlElement("w:tblPr")
    tbl.append(pr)
    pr.append(set_attrs(OxmlElement("w:tblW"), w=sum(widths), type="dxa"))
    # LIBREOFFICE: the indent is measured to the cell text, so the border sits a margin left.
    pr.append(set_attrs(OxmlElement("w:tblInd"), w=twips(L.TABLE_CELL_MARGIN), type="dxa"))
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(set_attrs(OxmlElement(f"w:{side}"), val="single",
                                 sz=round(L.TABLE_BORDER_PT * 8), space=0, color="000000"))
    pr.append(borders)
    pr.append(set_attrs(OxmlElement("w:tblLayout"), type="fixed"))
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(set_attrs(OxmlElement(f"w:{side}"), w=twips(L.TABLE_CELL_MARGIN),
                                 type="dxa"))
    pr.append(margins)
    grid = OxmlElement("w:tblGrid")
    for width in widths:
        grid.append(set_attrs(OxmlElement("w:gridCol"), w=width))
    tbl.append(grid)
    return tbl


def _row(cells: list[GridCell], widths: list[int], font: str, table: Table, header: bool,
         align: list[str], keep: bool = True) -> etree._Element:
    tr = OxmlElement("w:tr")
    tr_pr = OxmlElement("w:trPr")
    if keep:
        tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
    tr.append(tr_pr)
    for cell, width, alignment in zip(cells, widths, align, strict=True):
        tr.append(_cell(cell, width, font, table.font_size, alignment))
    return tr


def _cell(cell: GridCell, width: int, font: str, size: float, align: str) -> etree._Element:
    tc = OxmlElement("w:tc")
    pr = OxmlElement("w:tcPr")
    pr.append(set_attrs(OxmlElement("w:tcW"), w=width, type="dxa"))
    if cell.merge == "restart":
        pr.append(set_attrs(OxmlElement("w:vMerge"), val="restart"))
    elif cell.merge == "continue":
        pr.append(OxmlElement("w:vMerge"))
    pr.append(set_attrs(OxmlElement("w:vAlign"), val="center"))
    tc.append(pr)
    for text in cell.text.split("\n") if cell.text else [""]:
        tc.append(_cell_paragraph(text, font, size, align))
    return tc


def _cell_paragraph(text: str, font: str, size: float, align: str) -> etree._Element:
    p = OxmlElement("w:p")
    pr = OxmlElement("w:pPr")
    pr.append(set_attrs(OxmlElement("w:pStyle"), val=Style.TABLE_TEXT))
    pr.append(set_attrs(OxmlElement("w:spacing"), before=0, after=0,
                        line=twips(size * L.TABLE_LINE_RATIO), lineRule="exact"))
    pr.append(set_attrs(OxmlElement("w:ind"), left=0, right=0, firstLine=0))
    pr.append(set_attrs(OxmlElement("w:jc"), val=align))
    p.append(pr)
    run = OxmlElement("w:r")
    set_run_font(run.get_or_add_rPr(), font, size)
    t = OxmlElement("w:t")
    t.text = _unbreakable_references(text)
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    p.append(run)
    return p


def _estimated_height(line: list[GridCell], widths: list[int], table: Table) -> float:
    tallest = 0.0
    line_height = table.font_size * L.TABLE_LINE_RATIO
    for cell, width in zip(line, widths, strict=True):
        room = width / 20 - 2 * L.TABLE_CELL_MARGIN
        lines = sum(max(1, math.ceil(text_units(part) * table.font_size / room))
                    for part in (cell.text or " ").split("\n"))
        tallest = max(tallest, lines * line_height)
    return tallest
