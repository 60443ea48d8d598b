"""Tables as readers see them: a docgen table printed (flatten) and read back as a Grid."""

from __future__ import annotations

from typing import Any

from docgen.compose.table import flatten
from docgen.ingest.grid import Cell, Grid
from docgen.notice.model import Table


def printed_grid(table_data: dict[str, Any], source: str = "表1") -> Grid:
    """The grid a reader finds in the printed table: the header row, then the detail rows with
    each vertical merge as one cell spanning its rows (as Word's vMerge or an Excel range)."""
    table = Table.model_validate(table_data)
    lines = flatten(table)
    names = table.column_names
    cells = [Cell(name, 0, col) for col, name in enumerate(names)]
    for col in range(len(names)):
        row = 0
        while row < len(lines):
            span = 1
            if lines[row][col].merge == "restart":
                while row + span < len(lines) and lines[row + span][col].merge == "continue":
                    span += 1
            cells.append(Cell(lines[row][col].text, row + 1, col, rowspan=span,
                              where=f"{source}第{row + 2}行第{col + 1}列"))
            row += span
    widths = [column.width for column in table.columns]
    return Grid(cells, len(lines) + 1, len(names), source, col_widths=widths)
