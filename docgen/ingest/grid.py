"""A table as its cells and spans, whatever file it came from, and its grouped form.

Readers fill a :class:`Grid`: one :class:`Cell` per visible cell, at its top-left position,
with its row and column span (a vertically merged group cell in Word, a merged range in
Excel, a box spanning several ruled rows in a PDF). :func:`table_from_grid` decides the
header, the grouping levels and the 〃 continuation cells from the spans alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
