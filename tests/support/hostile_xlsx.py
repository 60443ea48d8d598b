"""Spreadsheets made hostile: a small real workbook (openpyxl) with its sheet's XML replaced."""

from __future__ import annotations

import zipfile
from pathlib import Path

SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def workbook(folder: Path, name: str = "分工表.xlsx") -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["序号", "工作任务"])
    book.active.append(["1", "按时报送"])
    path = folder / name
    book.save(path)
    return path


def with_sheet(folder: Path, sheet_xml: str, *, name: str = "hostile.xlsx",
               parts: dict[str, bytes] | None = None) -> Path:
    """A workbook whose first sheet is ``sheet_xml`` (and any extra parts)."""
    plain = workbook(folder, "plain-" + name)
    path = folder / name
    with zipfile.ZipFile(plain) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet_xml.encode("utf-8") if item.filename == SHEET \
                else source.read(item.filename)
            target.writestr(item.filename, data)
        for part, data in (parts or {}).items():
            target.writestr(part, data)
    return path


def sheet(rows: str, *, dimension: str = "A1:B2", merged: str = "") -> str:
    merges = f'<mergeCells count="1"><mergeCell ref="{merged}"/></mergeCells>' if merged else ""
    return (f'{SHEET_HEAD}<dimension ref="{dimension}"/><sheetData>{rows}</sheetData>'
            f"{merges}</worksheet>")


def numbered_rows(count: int) -> str:
    """Rows whose text varies (so the zip does not compress them like a bomb)."""
    return "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{i * 7919 % 100003:x}'
                   f"</t></is></c></row>" for i in range(1, count + 1))
