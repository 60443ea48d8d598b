"""PDF/A-2b essentials, checked on the file: what later steps (seal, sign) most easily break.

Not a full ISO 19005-2 validator (veraPDF is that); it checks the properties this pipeline
is responsible for keeping: the identification in XMP, an output intent, embedded fonts, no
encryption, no JavaScript, an unfiltered metadata stream, and /Info agreeing with XMP.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pymupdf

from .measure import open_pdf

_XMP_FIELDS = {  # /Info key → XMP pattern (ISO 19005-2, 6.6.2.3.1, Table 4)
    "title": r"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>",
    "author": r"<dc:creator>.*?<rdf:li[^>]*>(.*?)</rdf:li>",
    "subject": r"<dc:description>.*?<rdf:li[^>]*>(.*?)</rdf:li>",
    "producer": r"<pdf:Producer>(.*?)</pdf:Producer>",
    "creator": r"<xmp:CreatorTool>(.*?)</xmp:CreatorTool>",
}
_XMP_DATES = {"creationDate": r"<xmp:CreateDate>(.*?)</xmp:CreateDate>",
              "modDate": r"<xmp:ModifyDate>(.*?)</xmp:ModifyDate>"}


def pdfa_problems(path: Path) -> list[str]:
    """Every PDF/A-2b essential the file misses (empty when it keeps them all)."""
    with open_pdf(path) as document:
        problems = identification_problems(document)
        problems += metadata_problems(document)
        problems += _structure_problems(document)
    return problems


def identification_problems(document: pymupdf.Document) -> list[str]:
    xmp = document.get_xml_metadata() or ""
    part = re.search(r"pdfaid:part(?:>|=\")(\d)", xmp)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")([ABUabu])", xmp)
    if not part or not conformance:
        return ["XMP 中没有 PDF/A 标识（pdfaid:part / pdfaid:conformance）"]
    if (part.group(1), conformance.group(1).upper()) != ("2", "B"):
        return [f"PDF/A 标识为 {part.group(1)}{conformance.group(1)}，应为 2B"]
    return []


def metadata_problems(document: pymupdf.Document) -> list[str]:
    """/Info entries that XMP does not repeat with the same value (6.6.2.3.1)."""
    xmp = document.get_xml_metadata() or ""
    info = document.metadata or {}
    problems = []
    for key, pattern in _XMP_FIELDS.items():
        if not info.get(key):
            continue
        found = re.search(pattern, xmp, re.DOTALL)
        if found is None or _unescape(found.group(1)) != info[key]:
            problems.append(f"文档信息 {key} 与 XMP 不一致："
                            f"“{info[key]}” / “{found.group(1) if found else '（无）'}”")
    for key, pattern in _XMP_DATES.items():
        if not info.get(key):
            continue
        found = re.search(pattern, xmp)
        if found is None or _instant(info[key]) != _instant(found.group(1)):
            problems.append(f"文档信息 {key} 与 XMP 时间不一致：{info[key]} / "
                            f"{found.group(1) if found else '（无）'}")
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
    if document.xref_get_key(catalog, "Names/JavaScript")[0] != "null":
        problems.append("含有 JavaScript")
    for number, page in enumerate(document, start=1):
        for font in page.get_fonts():
            if font[1] == "n/a":  # extension n/a: the font program is not in the file
                problems.append(f"第 {number} 页字体 {font[3]} 未嵌入")
    return sorted(set(problems), key=problems.index)


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _instant(text: str) -> datetime | None:
    """A PDF date (D:YYYYMMDDHHmmSS+HH'mm') or an XMP date as an aware datetime."""
    text = text.strip()
    if text.startswith("D:"):
        found = re.match(r"D:(\d{14})(Z|[+-]\d{2}'?\d{2}'?)?", text)
        if not found:
            return None
        zone = (found.group(2) or "Z").replace("'", "")
        zone = "+0000" if zone == "Z" else zone
        return datetime.strptime(found.group(1) + zone, "%Y%m%d%H%M%S%z")
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
