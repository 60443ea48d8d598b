"""A user's .docx checked before anything parses it, and stripped of active content after.

A template is an input from outside: its zip may be a bomb (a few kilobytes that inflate to
gigabytes), its XML may declare entities that multiply, and it may carry macros, a remote
attached template or links that an editor would follow. The checks read only the zip's
directory and then each XML part with a parser that resolves nothing, so a hostile file is
refused in a moment and in little memory. Python's zipfile stops at the size an entry
declares (its CRC check fails beyond it), so the declared sizes are a bound that holds.

:func:`check_zip` is the part any untrusted Office package needs (an imported .docx or .xlsx
too); :func:`check_package` adds what only a template must not have (macros).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from docgen.errors import DocgenError, TemplateError

_MACRO_CONTENT = re.compile(r"macroEnabled|vbaProject|vbaData|ms-office\.activeX", re.I)
_MACRO_PART = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$", re.I)
XML_PART = re.compile(r".*(\.xml|\.rels)$", re.I)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)

_HINT = "请使用 docgen 自带的默认模板（templates/redhead.docx）或在其基础上修改的 .docx。"


@dataclass(frozen=True)
class PackageLimits:
    file_bytes: int  # the package on disk
    entries: int
    total_bytes: int  # inflated, all entries together
    xml_bytes: int  # one XML part, inflated
    ratio: int = 100  # inflated / compressed, judged for entries above ratio_floor
    ratio_floor: int = 1024 * 1024  # small parts compress well and are harmless


TEMPLATE_LIMITS = PackageLimits(
    file_bytes=32 * 1024 * 1024,  # the default template is 0.8 MB; a logo or two fits
    entries=1000, total_bytes=96 * 1024 * 1024, xml_bytes=24 * 1024 * 1024)


@dataclass(frozen=True)
class Refusal:
    """How a check says no: the error to raise, what the file is called, the hint."""

    error: type[DocgenError]
    label: str  # "模板", "文件"
    hint: str

    def __call__(self, message: str, hint: str | None = None) -> DocgenError:
        return self.error(f"{self.label} {message}", hint=self.hint if hint is None else hint)


TEMPLATE = Refusal(TemplateError, "模板", _HINT)

# Called for every element of an XML part as the parser closes it, so a part can be judged
# (its rows counted) while it streams by, and the check stop early.
ElementCheck = Callable[[str, etree._Element], None]


def check_package(path: Path) -> None:
    """Refuse ``path`` unless it is a .docx of sane size, without macros or DTDs."""
    check_zip(path, TEMPLATE_LIMITS, TEMPLATE, inspect=_refuse_macros)


def check_zip(path: Path, limits: PackageLimits, refuse: Refusal, *,
              inspect: Callable[[zipfile.ZipFile, list[zipfile.ZipInfo]], None] | None = None,
              element_check: ElementCheck | None = None) -> None:
    """Refuse ``path`` unless it is an Office package within ``limits`` whose XML parts are
    well formed and declare no DTD; ``inspect`` adds checks on the opened package."""
    name = path.name
    if not path.is_file():
        raise refuse.error(f"找不到{refuse.label}文件 {path}")
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise refuse(f"{name} 过大（{_mb(size)}，上限 {_mb(limits.file_bytes)}）")
    if not zipfile.is_zipfile(path):
        raise refuse(f"{name} 不是有效的 {path.suffix or 'Office'} 文件")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_directory(name, entries, limits, refuse)
            if inspect is not None:
                inspect(archive, entries)
            if "[Content_Types].xml" not in archive.namelist():
                raise refuse(f"{name} 不是有效的 {path.suffix or 'Office'} 文件"
                             "（缺少 [Content_Types].xml）")
            for entry in entries:
                if XML_PART.fullmatch(entry.filename):
                    _check_xml(name, entry.filename, archive.read(entry), refuse,
                               element_check)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise refuse(f"{name} 已损坏，无法读取：{exc}") from exc


def _check_directory(name: str, entries: list[zipfile.ZipInfo], limits: PackageLimits,
                     refuse: Refusal) -> None:
    if len(entries) > limits.entries:
        raise refuse(f"{name} 含有 {len(entries)} 个部件，超过上限 {limits.entries}")
    total = sum(entry.file_size for entry in entries)
    if total > limits.total_bytes:
        raise refuse(f"{name} 解压后共 {_mb(total)}，超过上限 {_mb(limits.total_bytes)}"
                     "（可能是“压缩炸弹”）")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > limits.ratio_floor and ratio > limits.ratio:
            raise refuse(f"{name} 的部件 {entry.filename} 压缩比 {ratio:.0f}:1，"
                         f"超过上限 {limits.ratio}:1（可能是“压缩炸弹”）")
        if XML_PART.fullmatch(entry.filename) and entry.file_size > limits.xml_bytes:
            raise refuse(f"{name} 的部件 {entry.filename} 解压后 {_mb(entry.file_size)}，"
                         f"超过上限 {_mb(limits.xml_bytes)}")


def _refuse_macros(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    name = Path(archive.filename or "").name
    for entry in entries:
        if _MACRO_PART.search(entry.filename):
            raise TEMPLATE(f"{name} 含有宏（{entry.filename}），docgen 不使用带宏的模板",
                           hint="请另存为不含宏的 Word 文档（.docx）后再用。")
    try:
        types = archive.read("[Content_Types].xml")
    except KeyError:
        return  # reported by check_zip
    _check_xml(name, "[Content_Types].xml", types, TEMPLATE)
    found = _MACRO_CONTENT.search(types.decode("utf-8", "replace"))
    if found:
        raise TEMPLATE(f"{name} 是启用宏的文档（{found.group(0)}），docgen 不使用"
                       "带宏或 ActiveX 控件的模板",
                       hint="请在 Word 中另存为“Word 文档（.docx）”后再用。")


def _check_xml(name: str, part: str, data: bytes, refuse: Refusal,
               element_check: ElementCheck | None = None) -> None:
    if _DOCTYPE.search(data):  # OOXML never declares a DTD; entities could multiply
        raise refuse(f"{name} 的部件 {part} 含有 DOCTYPE 声明（实体定义），docgen 不读取此类文件")
    # Streamed and cleared as it goes: a large part costs little memory. Resolves no
    # entities, loads no DTD, never touches the network, keeps lxml's limits (huge_tree off).
    try:
        for _, element in etree.iterparse(io.BytesIO(data), events=("end",),
                                          resolve_entities=False, no_network=True,
                                          load_dtd=False, huge_tree=False):
            if element_check is not None:
                element_check(part, element)
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise refuse(f"{name} 的部件 {part} 不是有效的 XML：{exc}") from exc


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
