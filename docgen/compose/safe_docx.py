"""A user's .docx checked before anything parses it, and stripped of active content after.

A template is an input from outside: its zip may be a bomb (a few kilobytes that inflate to
gigabytes), its XML may declare entities that multiply, and it may carry macros, a remote
attached template or links that an editor would follow. The checks read only the zip's
directory and then each XML part with a parser that resolves nothing, so a hostile file is
refused in a moment and in little memory. Python's zipfile stops at the size an entry
declares (its CRC check fails beyond it), so the declared sizes are a bound that holds.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from docgen.errors import TemplateError

MAX_FILE_BYTES = 32 * 1024 * 1024  # the default template is 0.8 MB; a logo or two fits
MAX_ENTRIES = 1000
MAX_TOTAL_BYTES = 96 * 1024 * 1024  # inflated, all entries together
MAX_XML_BYTES = 24 * 1024 * 1024  # one XML part, inflated
MAX_RATIO = 100  # inflated / compressed, judged for entries above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024  # small parts compress well and are harmless whatever their ratio

_MACRO_CONTENT = re.compile(r"macroEnabled|vbaProject|vbaData|ms-office\.activeX", re.I)
_MACRO_PART = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$", re.I)
_XML_PART = re.compile(r".*(\.xml|\.rels)$", re.I)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)

# Resolves no entities, loads no DTD, never touches the network, keeps lxml's own limits on
# text nodes and depth (huge_tree off).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, dtd_validation=False)

_HINT = "请使用 docgen 自带的默认模板（templates/redhead.docx）或在其基础上修改的 .docx。"


def check_package(path: Path) -> None:
    """Refuse ``path`` unless it is a .docx of sane size, without macros or DTDs."""
    name = path.name
    if not path.is_file():
        raise TemplateError(f"找不到模板文件 {path}")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TemplateError(f"模板 {name} 过大（{_mb(size)}，上限 {_mb(MAX_FILE_BYTES)}）",
                            hint=_HINT)
    if not zipfile.is_zipfile(path):
        raise TemplateError(f"模板 {name} 不是有效的 .docx 文件", hint=_HINT)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_directory(name, entries)
            _check_content_types(name, archive)
            for entry in entries:
                if _XML_PART.fullmatch(entry.filename):
                    _check_xml(name, entry.filename, archive.read(entry))
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise TemplateError(f"模板 {name} 已损坏，无法读取：{exc}", hint=_HINT) from exc


def _check_directory(name: str, entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise TemplateError(f"模板 {name} 含有 {len(entries)} 个部件，超过上限 {MAX_ENTRIES}",
                            hint=_HINT)
    total = sum(entry.file_size for entry in entries)
    if total > MAX_TOTAL_BYTES:
        raise TemplateError(f"模板 {name} 解压后共 {_mb(total)}，超过上限 {_mb(MAX_TOTAL_BYTES)}"
                            "（可能是“压缩炸弹”）", hint=_HINT)
    for entry in entries:
        if _MACRO_PART.search(entry.filename):
            raise TemplateError(f"模板 {name} 含有宏（{entry.filename}），docgen 不使用带宏的模板",
                                hint="请另存为不含宏的 Word 文档（.docx）后再用。")
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise TemplateError(f"模板 {name} 的部件 {entry.filename} 压缩比 {ratio:.0f}:1，"
                                f"超过上限 {MAX_RATIO}:1（可能是“压缩炸弹”）", hint=_HINT)
        if _XML_PART.fullmatch(entry.filename) and entry.file_size > MAX_XML_BYTES:
            raise TemplateError(f"模板 {name} 的部件 {entry.filename} 解压后 "
                                f"{_mb(entry.file_size)}，超过上限 {_mb(MAX_XML_BYTES)}",
                                hint=_HINT)


def _check_content_types(name: str, archive: zipfile.ZipFile) -> None:
    try:
        types = archive.read("[Content_Types].xml")
    except KeyError:
        raise TemplateError(f"模板 {name} 不是有效的 .docx 文件（缺少 [Content_Types].xml）",
                            hint=_HINT) from None
    _check_xml(name, "[Content_Types].xml", types)
    found = _MACRO_CONTENT.search(types.decode("utf-8", "replace"))
    if found:
        raise TemplateError(f"模板 {name} 是启用宏的文档（{found.group(0)}），docgen 不使用"
                            "带宏或 ActiveX 控件的模板",
                            hint="请在 Word 中另存为“Word 文档（.docx）”后再用。")


def _check_xml(name: str, part: str, data: bytes) -> None:
    if _DOCTYPE.search(data):  # OOXML never declares a DTD; entities could multiply
        raise TemplateError(f"模板 {name} 的部件 {part} 含有 DOCTYPE 声明（实体定义），"
                            "docgen 不读取此类文件", hint=_HINT)
    try:
        etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"模板 {name} 的部件 {part} 不是有效的 XML：{exc}",
                            hint=_HINT) from exc


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
