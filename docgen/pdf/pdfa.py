"""PDF/A-2b essentials, checked on the file: what later steps (seal, sign) most easily break.

Not a full ISO 19005-2 validator (veraPDF is that); it checks the properties this pipeline
is responsible for keeping: the identification in XMP, an output intent, embedded fonts, no
encryption, no JavaScript, an unfiltered metadata stream, and /Info agreeing with XMP.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import pymupdf

from docgen.pdf.measure import open_pdf

_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
_XMP_FIELDS = {  # /Info key → XMP property (ISO 19005-2, 6.6.2.3.1, Table 4)
    "title": "dc:title", "author": "dc:creator", "subject": "dc:description",
    "producer": "pdf:Producer", "creator": "xmp:CreatorTool", "keywords": "pdf:Keywords",
}
_XMP_DATES = {"creationDate": "xmp:CreateDate", "modDate": "xmp:ModifyDate"}


def read_xmp(packet: str) -> dict[str, str]:
    """XMP properties as ``prefix:name`` → text, whether written as elements or attributes
    (LibreOffice writes elements, pyHanko attributes); lists give their first item."""
    if not packet.strip() or "<!DOCTYPE" in packet or "<!ENTITY" in packet:
        return {}
    try:
        root = ElementTree.fromstring(packet.encode("utf-8"))
    except (ElementTree.ParseError, LookupError, ValueError):  # LookupError: odd encodings
        return {}
    names = {uri: prefix for prefix, uri in _NS.items()}
    found: dict[str, str] = {}

    def short(tag: str) -> str | None:
        uri, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        return f"{names[uri]}:{local}" if uri in names else None

    for description in root.iter(f"{{{_NS['rdf']}}}Description"):
        for attribute, value in description.attrib.items():
            if (name := short(attribute)) and not name.startswith("rdf:"):
                found.setdefault(name, value)
        for child in description:
            if (name := short(child.tag)) is None:
                continue
            item = child.find(f".//{{{_NS['rdf']}}}li")
            found.setdefault(name, ((item.text if item is not None else child.text) or "")
                             .strip())
    return found


def pdfa_problems(path: Path) -> list[str]:
    """Every PDF/A-2b essential the file misses (empty when it keeps them all)."""
    with open_pdf(path) as document:
        problems = identification_problems(document)
        problems += metadata_problems(document)
        problems += _structure_problems(document)
    return problems


def identification_problems(document: pymupdf.Document) -> list[str]:
    xmp = read_xmp(document.get_xml_metadata() or "")
    part, conformance = xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")
    if not part or not conformance:
        return ["XMP 中没有 PDF/A 标识（pdfaid:part / pdfaid:conformance）"]
    if (part, conformance.upper()) != ("2", "B"):
        return [f"PDF/A 标识为 {part}{conformance}，应为 2B"]
    version = document.xref_get_key(document.pdf_catalog(), "Version")
    if version[0] == "name" and version[1].lstrip("/") > "1.7":
        # PDF/A-2 is built on PDF 1.7; pyHanko moves to 2.0 for elliptic-curve keys.
        return [f"PDF 版本升为 {version[1].lstrip('/')}（PDF/A-2 以 PDF 1.7 为基础）"]
    return []


def metadata_problems(document: pymupdf.Document) -> list[str]:
    """/Info entries that XMP does not repeat with the same value (6.6.2.3.1)."""
    xmp = read_xmp(document.get_xml_metadata() or "")
    info = document.metadata or {}
    problems = []
    for key, name in _XMP_FIELDS.items():
        if info.get(key) and xmp.get(name) != info[key]:
            problems.append(f"文档信息 {key} 与 XMP 不一致：“{info[key]}” / "
                            f"“{xmp.get(name, '（无）')}”")
    for key, name in _XMP_DATES.items():
        if info.get(key) and _instant(info[key]) != _instant(xmp.get(name, "")):
            problems.append(f"文档信息 {key} 与 XMP 时间不一致：{info[key]} / "
                            f"{xmp.get(name, '（无）')}")
    return problems


def _structure_problems(document: pymupdf.Document) -> list[str]:
    problems = []
    if document.is_encrypted or document.metadata.get("encryption"):
        problems.append("文件已加密（PDF/A 不允许）")
    catalog = document.pdf_catalog()
    if document.xref_get_key(catalog, "OutputIntents")[0] == "null":
        problems.append("缺少输出意图（OutputIntents）")
    metadata = document.xref_get_key(catalog, "Metadata")
    if metadata[0] == "xref":
        xref = int(metadata[1].split()[0])
        if document.xref_get_key(xref, "Filter")[0] != "null":
            problems.append("XMP 元数据流经过压缩（PDF/A 要求不压缩）")
    problems += action_problems(document)
    for number, page in enumerate(document, start=1):
        for font in page.get_fonts():
            if font[1] == "n/a":  # extension n/a: the font program is not in the file
                problems.append(f"第 {number} 页字体 {font[3]} 未嵌入")
    return sorted(set(problems), key=problems.index)


# ISO 19005-2, 6.5.1: actions a PDF/A file may not hold, by the name of their type (/S).
FORBIDDEN_ACTIONS = {"JavaScript", "Launch", "Sound", "Movie", "ResetForm", "ImportData",
                     "Hide", "SetOCGState", "Rendition", "Trans", "GoTo3DView"}


def action_problems(document: pymupdf.Document) -> list[str]:
    """Actions that run something when the file is opened or read: JavaScript (/JS, a
    JavaScript name tree), /Launch and the other actions PDF/A forbids, additional actions
    (/AA), and an /OpenAction that is an action rather than a page to open at. Every object
    of the file is looked at (catalog, pages, annotations, the names tree alike), its names
    read with strings and comments skipped, so a title that mentions /JS is no finding."""
    found: dict[str, list[int]] = {}
    for xref in range(1, document.xref_length()):
        try:
            source = document.xref_object(xref, compressed=True)
        except (RuntimeError, ValueError):
            continue
        if not _MAYBE_ACTION.search(source):  # most objects: no need to read them closely
            continue
        names = _names(source)
        for label in _action_labels(names):
            found.setdefault(label, []).append(xref)
    catalog = document.pdf_catalog()
    kind, value = document.xref_get_key(catalog, "OpenAction")
    if kind == "xref":
        kind = "dict" if document.xref_object(int(value.split()[0])).lstrip().startswith(
            "<<") else "array"
    if kind == "dict":
        found.setdefault("打开文件时执行的动作（/OpenAction）", []).append(catalog)
    return [f"含有{label}（对象 {'、'.join(map(str, xrefs[:5]))}"
            f"{' 等' if len(xrefs) > 5 else ''}）" for label, xrefs in found.items()]


def _action_labels(names: set[str]) -> list[str]:
    labels = []
    if names & {"JS", "JavaScript"}:
        labels.append(" JavaScript")
    if forbidden := sorted(names & (FORBIDDEN_ACTIONS - {"JavaScript"})):
        labels.append(f" PDF/A 不允许的动作（/{'、/'.join(forbidden)}）")
    if "AA" in names:
        labels.append("附加动作（/AA）")
    return labels


_DELIMITERS = set("()<>[]{}/%")
_MAYBE_ACTION = re.compile("|".join(["JS", "AA", "#", *sorted(FORBIDDEN_ACTIONS)]))


def _names(source: str) -> set[str]:
    """The PDF names in an object's source (``#xx`` escapes decoded), skipping literal and
    hexadecimal strings and comments."""
    names, index, size = set(), 0, len(source)
    while index < size:
        char = source[index]
        if char == "(":
            index = _skip_string(source, index)
        elif char == "<" and source.startswith("<<", index):
            index += 2
        elif char == "<":
            index = _after(source, ">", index)
        elif char == "%":
            index = _after(source, "\n", index)
        elif char == "/":
            end = index + 1
            while end < size and source[end] not in _DELIMITERS and not source[end].isspace():
                end += 1
            names.add(re.sub(r"#([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)),
                             source[index + 1:end]))
            index = end
        else:
            index += 1
    return names


def _after(source: str, char: str, index: int) -> int:
    """Just past the next ``char`` from ``index`` (the end when there is none)."""
    found = source.find(char, index)
    return len(source) if found < 0 else found + 1


def _skip_string(source: str, index: int) -> int:
    depth = 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        depth += (char == "(") - (char == ")")
        index += 1
        if depth == 0:
            break
    return index


def _instant(text: str) -> datetime | None:
    """A PDF date (D:YYYYMMDDHHmmSS+HH'mm') or an XMP date as an aware datetime."""
    text = text.strip()
    if text.startswith("D:"):
        found = re.match(r"D:(\d{14})(Z|[+-]\d{2}'?\d{2}'?)?", text)
        if not found:
            return None
        zone = (found.group(2) or "Z").replace("'", "")
        zone = "+0000" if zone == "Z" else zone
        try:
            return datetime.strptime(found.group(1) + zone, "%Y%m%d%H%M%S%z")
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
