"""The one way docgen writes a spreadsheet cell or a CSV field: as text, never as a formula.

A task's text is the author's, and a returned workbook is a unit's: either may begin with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, which Excel, WPS and LibreOffice read
as the start of a formula (CSV injection). In an .xlsx the value is stored as a string with
the quote prefix, so it shows exactly as written and stays text when edited; in a CSV, where
there is no type, it gets a leading apostrophe, which the spreadsheet programs hide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def reads_as_formula(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def csv_field(value: object) -> str:
    """A CSV field that no spreadsheet program evaluates."""
    text = "" if value is None else str(value)
    return f"'{text}" if reads_as_formula(text) else text


def write_cell(sheet: Worksheet, row: int, column: int, value: object) -> Cell:
    """Put ``value`` in the cell as text (None leaves it empty)."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return cell
    text = str(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl would store a leading = as a formula
    if reads_as_formula(text):
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell
