"""Reading what the units sent back: fill-in workbooks (.xlsx) and task lists filled in Word
(.docx), as untrusted files.

Each file is sized up from its zip directory before any parser sees it (size, parts, inflated
size, compression ratio, no DTD in any XML part). Workbooks are opened read-only with cached
values only: a formula a unit typed is never evaluated, links are not followed, and nothing is
ever written back. A file that cannot be read is a finding, not the end of the run.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from docgen.compose.workbook import KEY_HEADER, META_SHEET, SHEET
from docgen.notice.collection import UNREADABLE, Finding, ReturnedFile, ReturnedRow
from docgen.notice.model import Notice
from docgen.notice.row_keys import RowKey
from docgen.notice.tasks import extract_title

SUFFIXES = (".xlsx", ".docx")
MAX_FILE_BYTES = 20 * 1024 * 1024  # a unit's workbook is tens of kilobytes
MAX_PARTS = 2000
MAX_INFLATED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # inflated / compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_ROWS, MAX_COLUMNS = 20000, 100
HEADER_SEARCH = 20  # rows a unit may have added above the header


class Unreadable(Exception):
    """A returned file docgen will not open, with the reason in Chinese."""


def returned_paths(inputs: Iterable[Path]) -> tuple[list[Path], list[Finding]]:
    """The .xlsx and .docx given, folders read one level deep (Office's ~$ lock files and
    hidden files skipped); anything else given by name is a finding."""
    found: list[Path] = []
    problems: list[Finding] = []
    for path in inputs:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES
                            and p.is_file() and not p.name.startswith(("~$", ".")))
        elif path.suffix.lower() in SUFFIXES and path.is_file():
            found.append(path)
        else:
            why = "不存在" if not path.exists() else "不是 .xlsx 或 .docx 文件"
            problems.append(Finding(UNREADABLE, str(path), f"{why}，未读取"))
    return list(dict.fromkeys(found)), problems


def read_returns(paths: list[Path], notice: Notice) -> tuple[list[ReturnedFile], list[Finding]]:
    files, problems = [], []
    for path in paths:
        try:
            check_zip(path)
            reader = _read_workbook if path.suffix.lower() == ".xlsx" else _read_document
            files.append(reader(path, notice))
        except Unreadable as why:
            problems.append(Finding(UNREADABLE, path.name, f"{why}，未读取"))
    return files, problems


def check_zip(path: Path) -> None:
    """Refuse a file too big, not a zip, or inflating beyond the limits, before parsing."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise Unreadable(f"文件过大（{size // 1024 // 1024} MB，上限 "
                         f"{MAX_FILE_BYTES // 1024 // 1024} MB）")
    if not zipfile.is_zipfile(path):
        raise Unreadable("不是有效的 Office 文件（旧的 .xls/.doc 请另存为 .xlsx/.docx）")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_PARTS:
                raise Unreadable(f"含有 {len(entries)} 个部件，超过上限 {MAX_PARTS}")
            if sum(e.file_size for e in entries) > MAX_INFLATED_BYTES:
                raise Unreadable("解压后过大（可能是“压缩炸弹”）")
            for entry in entries:
                ratio = entry.file_size / max(entry.compress_size, 1)
                if entry.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                    raise Unreadable(f"部件 {entry.filename} 压缩比 {ratio:.0f}:1"
                                     "（可能是“压缩炸弹”）")
                if entry.filename.endswith((".xml", ".rels")) \
                        and b"<!DOCTYPE" in archive.read(entry).upper():
                    raise Unreadable(f"部件 {entry.filename} 含有 DOCTYPE 声明")
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise Unreadable(f"文件已损坏：{error}") from error


def _stamp(path: Path) -> float:
    return path.stat().st_mtime


def cell_text(value: object) -> str:
    """A cached cell value as the text it shows (a date as 2022年6月30日)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_workbook(path: Path, notice: Notice) -> ReturnedFile:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    assert notice.units is not None
    fields = set(notice.units.report_fields)
    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False,
                             keep_vba=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise Unreadable(f"无法作为工作簿打开：{error}") from error
    try:
        meta = _meta(book)
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        lines = sheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)
        header_at, headers = _header(lines)
        returned = ReturnedFile(path, "xlsx", meta.get("文号"), meta.get("单位"), _stamp(path),
                                attachment=int(meta["附件"]) if meta.get("附件", "").isdigit()
                                else None)
        if headers is None:
            return returned
        letters = [get_column_letter(i + 1) for i in range(len(headers))]
        key_at = headers.index(KEY_HEADER)
        first_field = next((i for i, h in enumerate(headers) if h in fields), key_at)
        for number, values in enumerate(lines, start=header_at + 1):
            texts = [cell_text(v) for v in values[:len(headers)]]
            texts += [""] * (len(headers) - len(texts))
            if not any(texts):
                continue
            place = f"{path.name}!{letters[key_at]}{number}"
            task = {h: t for h, t in zip(headers, texts, strict=True)
                    if h and h not in fields and h != KEY_HEADER}
            places = {h: f"{path.name}!{letters[i]}{number}" for i, h in enumerate(headers)}
            report = {h: t for h, t in zip(headers, texts, strict=True) if h in fields and t}
            returned.rows.append(ReturnedRow(
                place, RowKey.parse(texts[key_at]), task, report,
                f"{path.name}!{letters[first_field]}{number}", places))
        return returned
    finally:
        book.close()


def _meta(book) -> dict[str, str]:
    if META_SHEET not in book.sheetnames:
        return {}
    rows = book[META_SHEET].iter_rows(max_row=20, max_col=2, values_only=True)
    return {cell_text(key): cell_text(value) for key, value, *_ in rows if key}


def _header(lines: Iterator[tuple]) -> tuple[int, list[str] | None]:
    """The header row (the one naming the key column) and its 1-based number."""
    for number, values in enumerate(lines, start=1):
        texts = [cell_text(v) for v in values]
        if KEY_HEADER in texts:
            return number, texts
        if number >= HEADER_SEARCH:
            break
    return 0, None


def _read_document(path: Path, notice: Notice) -> ReturnedFile:
    from docx import Document

    assert notice.units is not None
    try:
        document = Document(str(path))
    except Exception as error:  # python-docx raises many kinds on a damaged document
        raise Unreadable(f"无法作为 Word 文档打开：{error}") from error
    properties = document.core_properties
    title = re.sub(r"[（(]草稿[）)]$", "", (properties.title or "").strip())
    unit = next((u.name for u in notice.units.members
                 if extract_title(notice, u.name) == title), None)
    doc_number = (properties.subject or "").strip() or None
    returned = ReturnedFile(path, "docx", doc_number, unit, _stamp(path))
    report_field = notice.units.report_column
    table = next((t for t in document.tables
                  if report_field in [c.text.strip() for c in t.rows[0].cells]), None) \
        if report_field else None
    if table is None:
        return returned
    headers = [cell.text.strip() for cell in table.rows[0].cells]
    for number, line in enumerate(table.rows[1:], start=2):
        texts = [cell.text.strip() for cell in line.cells]
        if headers == texts:
            continue  # a repeated header row
        values = dict(zip(headers, texts, strict=False))
        report_text = values.pop(report_field, "")
        place = f"{path.name} 表格第{number}行"
        returned.rows.append(ReturnedRow(place, None, values,
                                         {report_field: report_text} if report_text else {},
                                         place))
    return returned
