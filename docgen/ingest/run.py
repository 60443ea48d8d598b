"""``docgen import``: a file of any kind read by its reader, written as a data file.

The reader is chosen by the file's suffix from :data:`READERS` and imported only when used
(each pulls in its own libraries). The result is a new data file next to the source (or at
``output``), refused over an existing file unless ``force`` (kept as ``.bak``); or, with
``into``, the table of an existing notice replaced in place, every other line of it kept.
"""

from __future__ import annotations

import importlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import DataError, DocgenError, Problem, UsageError
from docgen.ingest.draft import Draft, Mark, Unplaced
from docgen.ingest.emit import PlacedMark, emit, emit_table, same_data
from docgen.ingest.limits import ImportRefusedError, check_office_package, check_plain_file
from docgen.libreoffice.convert import DEFAULT_TIMEOUT

# suffix → (module, function, what it is); .doc and the like go through LibreOffice first.
READERS = {
    ".docx": ("docgen.ingest.wordfile", "read_docx", "Word 文档"),
    ".doc": ("docgen.ingest.wordfile", "read_docx", "Word 97-2003 文档"),
    ".wps": ("docgen.ingest.wordfile", "read_docx", "WPS 文字文档"),
    ".rtf": ("docgen.ingest.wordfile", "read_docx", "RTF 文档"),
    ".odt": ("docgen.ingest.wordfile", "read_docx", "OpenDocument 文档"),
    ".xlsx": ("docgen.ingest.spreadsheet", "read_spreadsheet", "Excel 表格"),
    ".xls": ("docgen.ingest.spreadsheet", "read_spreadsheet", "Excel 97-2003 表格"),
    ".et": ("docgen.ingest.spreadsheet", "read_spreadsheet", "WPS 表格"),
    ".csv": ("docgen.ingest.spreadsheet", "read_spreadsheet", "CSV 表格"),
    ".pdf": ("docgen.ingest.pdffile", "read_pdf", "PDF 文件"),
}
CONVERTED_FIRST = {".doc", ".wps", ".rtf", ".odt"}
TABLE_KEY = re.compile(r"^(?P<indent> *)table:\s*(#.*)?$")


@dataclass
class ImportResult:
    target: Path  # the data file written (or changed, with ``into``)
    marks: list[PlacedMark]  # 【待定】 and 【待核】 with their lines in ``target``
    unplaced: list[Unplaced]  # texts of the source placed in no field (listed at the end)
    notes: list[str] = field(default_factory=list)  # e.g. links to outside, never followed
    backups: list[Path] = field(default_factory=list)


def import_file(path: Path, *, output: Path | None = None, table_only: bool = False,
                into: Path | None = None, attachment: int = 1, force: bool = False,
                timeout: float = DEFAULT_TIMEOUT) -> ImportResult:
    draft = read(path, table_only=table_only or into is not None, timeout=timeout)
    if into is not None:
        return _replace_table(draft, into, attachment)
    from docgen.pipelines.publish import staged_file

    target = output or path.with_suffix(".yaml")
    emitted = emit(draft)
    with staged_file(target, "import", force=force, inputs=[path], record=False) as out:
        out.path.write_text(emitted.text, encoding="utf-8")
    backups = out.published.backups if out.published else []
    return ImportResult(target, emitted.marks, draft.unplaced, draft.notes, backups)


def read(path: Path, *, table_only: bool = False, timeout: float = DEFAULT_TIMEOUT) -> Draft:
    """The draft a file's reader makes of it (measured first when it is a package)."""
    suffix = path.suffix.lower()
    if suffix not in READERS:
        known = "、".join(READERS)
        raise UsageError(f"不能导入 {path.name}：docgen 能导入的文件类型为 {known}")
    if not path.is_file():
        raise UsageError(f"找不到要导入的文件 {path}")
    module_name, function, kind = READERS[suffix]
    # Measured before any reader (or LibreOffice) opens it.
    if suffix in CONVERTED_FIRST:
        check_plain_file(path)
        return _converted(path, _reader(module_name, function, kind, path), table_only,
                          timeout)
    links = check_office_package(path).external if suffix == ".docx" else []
    reader = _reader(module_name, function, kind, path)
    if module_name.endswith("spreadsheet"):
        return reader(path, table_only=table_only, timeout=timeout)
    return _with_links(reader(path, table_only=table_only), links)


def _with_links(draft: Draft, links: list[tuple[str, str]]) -> Draft:
    """Links to outside the package, never followed, told to the clerk (once)."""
    for _, target in links:
        note = f"原文件链接到外部（未访问）：{target}"
        if note not in draft.notes:
            draft.notes.append(note)
    return draft


def _reader(module_name: str, function: str, kind: str, path: Path):
    try:
        return getattr(importlib.import_module(module_name), function)
    except (ImportError, AttributeError):
        raise ImportRefusedError(f"这一版 docgen 还不能导入{kind}（{path.name}）",
                                 hint="请另存为 .docx 或 .xlsx 后再导入。") from None


def _converted(path: Path, reader, table_only: bool, timeout: float) -> Draft:
    """A .doc, .wps, .rtf or .odt turned into a .docx by LibreOffice, then read as one."""
    from docgen.pipelines.publish import scratch

    convert = _reader("docgen.ingest.convert", "to_docx", "需要转换的文档", path)
    with scratch("import") as work:
        converted = convert(path, work, timeout)
        links = check_office_package(converted).external
        draft = _with_links(reader(converted, table_only=table_only), links)
    draft.source = path.name
    return draft


# ── --into: the table of an existing notice replaced, all else kept ─────────────────────────

def _replace_table(draft: Draft, target: Path, attachment: int) -> ImportResult:
    from docgen.notice.source import load_bytes
    from docgen.pipelines.publish import backup_name, rewrite_in_place

    # The file alone, not what it inherits (extends): its own table is the one replaced.
    source = load_bytes(target.read_bytes(), str(target))
    index = attachment - 1
    attachments = source.data.get("attachments") or []
    if not 0 <= index < len(attachments) or not isinstance(attachments[index], dict) \
            or not isinstance(attachments[index].get("table"), dict):
        raise DataError([Problem(f"没有第 {attachment} 个带表格（table）的附件", str(target),
                                 path="attachments")],
                        hint="用 --attachment N 指明要替换的是第几个附件的表格。")
    old_table = attachments[index]["table"]
    # How the notice sets its table (orientation, size) is the notice's: the sheet cannot say.
    table = {**_first_table(draft),
             **{key: old_table[key] for key in ("orientation", "font_size") if key in old_table}}
    prefix = f"attachments[{index}].table"
    marks = [Mark(prefix + m.path.removeprefix("attachments[0].table"), m.kind, m.reason)
             for m in draft.marks if m.path.startswith("attachments[0].table")]
    lines = source.text.split("\n")
    first, end, indent = _table_block(source, ("attachments", index, "table"), lines)
    block, table = emit_table(table, marks, prefix, indent)
    new_lines = lines[:first] + block.text.rstrip("\n").split("\n") + lines[end:]
    text = "\n".join(new_lines)
    expected = dict(source.data)
    expected["attachments"] = [*attachments[:index], {**attachments[index], "table": table},
                               *attachments[index + 1:]]
    _same_data(load_bytes(text.encode("utf-8"), str(target)).data, expected)
    backup = backup_name(target)
    shutil.copy2(target, backup)
    rewrite_in_place(target, text, read_as=source.text)
    placed = [PlacedMark(mark.line + first, mark.path, mark.kind, mark.reason)
              for mark in block.marks]
    return ImportResult(target, placed, draft.unplaced, draft.notes, [backup])


def _first_table(draft: Draft) -> dict:
    attachments = draft.data.get("attachments") or [{}]
    table = attachments[0].get("table") if isinstance(attachments[0], dict) else None
    if not isinstance(table, dict):
        raise DataError([Problem("原文件中没有找到表格，无法替换", draft.source)])
    return table


def _table_block(source, path: tuple, lines: list[str]) -> tuple[int, int, int]:
    """The 0-based lines [first, end) of ``table:`` and its block, and the key's indent."""
    value_line = source.marks[path][0] - 1
    first = value_line
    while first >= 0 and not TABLE_KEY.match(lines[first]):
        first -= 1
    if first < 0:
        raise DataError([Problem("附件的表格写成了一行（{…}），无法在原处替换", source.file,
                                 value_line + 1, path="attachments")],
                        hint="请把 table 改写成多行的形式后再导入，或不用 --into 另存新文件。")
    indent = len(TABLE_KEY.match(lines[first]).group("indent"))
    end = first + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
            break
        end += 1
    while end > first + 1 and not lines[end - 1].strip():
        end -= 1  # blank lines before the next key stay where they are
    return first, end, indent


def _same_data(read: dict, expected: dict) -> None:
    if not same_data(read, expected):
        raise DocgenError("替换表格后的文件读回时与预期不一致，未作改动（docgen 的缺陷，请报告）")
