"""Untrusted files measured before any library parses them.

An imported file comes from anywhere. A .docx or .xlsx is checked as a template is
(docgen.compose.safe_docx: size on disk, entry count, inflated size and ratio against zip
bombs, no DTD so no entity can multiply, every XML part streamed through a parser that
resolves nothing), and a worksheet is measured while it streams by: its declared dimension,
its rows, its columns and its merged ranges, so that a sheet of 10⁶ rows or one merged range
over a whole column is refused before openpyxl builds a cell for each. Relationships that
point outside the package are never followed; they are listed for the clerk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from docgen.compose.safe_docx import PackageLimits, Refusal, check_zip
from docgen.errors import DocgenError, ExitCode

IMPORT_LIMITS = PackageLimits(
    file_bytes=50 * 1024 * 1024,  # a notice with a few scanned pages fits
    entries=2000, total_bytes=200 * 1024 * 1024, xml_bytes=32 * 1024 * 1024)
MAX_PLAIN_BYTES = 16 * 1024 * 1024  # .csv, .xls and the other files that are not zips
MAX_SHEET_ROWS = 20_000  # a 分工表 has tens or hundreds of rows
MAX_SHEET_COLUMNS = 200
MAX_MERGED_CELLS = 400_000  # cells covered by merged ranges, a sheet's ranges together

SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml", re.I)
CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_HINT = ("docgen 只导入通知和分工表：请确认文件来源可信；表格过大时，只保留表格所在的区域"
         "另存为新文件后再导入。")


class ImportRefusedError(DocgenError):
    """An imported file refused before it was read: too large, a zip bomb, a DTD …"""

    exit_code = ExitCode.DATA


REFUSE = Refusal(ImportRefusedError, "文件", _HINT)


@dataclass
class PackageReport:
    """What the checks saw that the clerk should know: links to outside, never followed."""

    external: list[tuple[str, str]] = field(default_factory=list)  # (part, target)


def check_plain_file(path: Path) -> None:
    """A file that is not a zip package (.csv, .xls, .doc …): it exists and is not huge."""
    if not path.is_file():
        raise ImportRefusedError(f"找不到要导入的文件 {path}")
    size = path.stat().st_size
    if size > MAX_PLAIN_BYTES:
        raise REFUSE(f"{path.name} 过大（{size / 1024 / 1024:.1f} MB，"
                     f"上限 {MAX_PLAIN_BYTES / 1024 / 1024:.0f} MB）")


def check_office_package(path: Path) -> PackageReport:
    """Refuse a hostile .docx/.xlsx before it is parsed; report its external relationships."""
    measure = _Measure(path.name)
    check_zip(path, IMPORT_LIMITS, REFUSE, element_check=measure)
    return PackageReport(measure.external)


def check_sheet_size(name: str, sheet: str, rows: int, columns: int) -> None:
    """A sheet measured by a reader that parses it itself (.xls, .csv)."""
    if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS:
        raise REFUSE(f"{name} 的工作表“{sheet}”有 {rows} 行 × {columns} 列，超过可导入的"
                     f" {MAX_SHEET_ROWS} 行 × {MAX_SHEET_COLUMNS} 列")


def check_merged_ranges(name: str, sheet: str, ranges: list[tuple[int, int]]) -> None:
    """Merged ranges (rows, columns) a reader found itself (.xls): each within the sheet
    limits, all together within MAX_MERGED_CELLS, before a cell of them is built."""
    covered = 0
    for rows, columns in ranges:
        covered += rows * columns
        if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS or covered > MAX_MERGED_CELLS:
            raise REFUSE(f"{name} 的工作表“{sheet}”的合并单元格过大（{rows} 行 × {columns} 列，"
                         f"共覆盖 {covered} 格），超过可导入的上限")


class _Measure:
    """Called for each element of each XML part as it streams by."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.external: list[tuple[str, str]] = []
        self.rows: dict[str, int] = {}
        self.merged: dict[str, int] = {}

    def __call__(self, part: str, element: etree._Element) -> None:
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if part.endswith(".rels") and tag == "Relationship":
            if (element.get("TargetMode") or "").lower() == "external":
                self.external.append((part, element.get("Target") or ""))
        elif SHEET_PART.fullmatch(part):
            self._sheet(part, tag, element)

    def _sheet(self, part: str, tag: str, element: etree._Element) -> None:
        if tag == "dimension":
            self._range(part, element.get("ref") or "", "声明的范围")
        elif tag == "row":
            self.rows[part] = self.rows.get(part, 0) + 1
            stated = element.get("r") or ""
            number = int(stated) if stated.isdigit() else self.rows[part]
            if max(number, self.rows[part]) > MAX_SHEET_ROWS:
                raise REFUSE(f"{self.name} 的工作表 {part} 超过 {MAX_SHEET_ROWS} 行，"
                             "超过可导入的上限")
        elif tag == "c":
            self._cell(part, element.get("r") or "")
        elif tag == "mergeCell":
            rows, columns = self._range(part, element.get("ref") or "", "合并区域")
            self.merged[part] = self.merged.get(part, 0) + rows * columns
            if self.merged[part] > MAX_MERGED_CELLS:
                raise REFUSE(f"{self.name} 的工作表 {part} 的合并单元格共覆盖超过 "
                             f"{MAX_MERGED_CELLS} 格，超过可导入的上限")

    def _cell(self, part: str, ref: str) -> None:
        match = CELL_REF.match(ref)
        if match and column_number(match.group(1)) > MAX_SHEET_COLUMNS:
            raise REFUSE(f"{self.name} 的工作表 {part} 的单元格 {ref} 超过第 "
                         f"{MAX_SHEET_COLUMNS} 列，超过可导入的上限")

    def _range(self, part: str, ref: str, what: str) -> tuple[int, int]:
        """Rows and columns of ``A1:E25`` (or ``A1``), refused when beyond the limits."""
        corners = [CELL_REF.match(corner) for corner in ref.upper().split(":")]
        if not ref or not all(corners) or len(corners) > 2:
            return 1, 1  # openpyxl reports a malformed reference itself, without a cost
        rows = [int(c.group(2)) for c in corners if c]
        columns = [column_number(c.group(1)) for c in corners if c]
        if max(rows) > MAX_SHEET_ROWS or max(columns) > MAX_SHEET_COLUMNS:
            raise REFUSE(f"{self.name} 的工作表 {part} {what} {ref} 超过可导入的 "
                         f"{MAX_SHEET_ROWS} 行 × {MAX_SHEET_COLUMNS} 列")
        return max(rows) - min(rows) + 1, max(columns) - min(columns) + 1


def column_number(letters: str) -> int:
    """A → 1, Z → 26, AA → 27."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
