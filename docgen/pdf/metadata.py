"""The finishing stage: document metadata in /Info and XMP, always written together.

PDF/A (ISO 19005-2, 6.6.2.3) wants the document information dictionary and the XMP packet to
say the same thing; every step that rewrites a PDF (build, seal) goes through
``stamp_metadata`` so the two never drift apart, and the PDF/A identification LibreOffice
wrote is carried over.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pymupdf

from docgen.compose.properties import draft_title
from docgen.notice.model import Notice
from docgen.pdf.pdfa import read_xmp

CREATOR = "docgen"


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str


def notice_metadata(notice: Notice, draft: bool = False) -> Metadata:
    """title = 标题 (a draft's says 草稿), author = 发文机关, subject = 发文字号."""
    return Metadata(draft_title(notice.title.replace("\n", ""), draft), notice.issuer.name,
                    notice.doc_number)


def write_metadata(pdf_path: Path, notice: Notice, draft: bool = False) -> None:
    """Give a freshly converted PDF the notice's metadata, in place."""
    with pymupdf.open(pdf_path) as document:
        stamp_metadata(document, notice_metadata(notice, draft))
        save_replacing(document, pdf_path)


def document_metadata(document: pymupdf.Document) -> Metadata | None:
    """The title/author/subject a PDF already carries, or None when it has no title."""
    info = document.metadata or {}
    if not info.get("title"):
        return None
    return Metadata(info["title"], info.get("author") or "", info.get("subject") or "")


def stamp_metadata(document: pymupdf.Document, meta: Metadata) -> None:
    """Write /Info and XMP with the same fields and one modification time."""
    now = datetime.now(UTC).replace(microsecond=0)
    old = read_xmp(document.get_xml_metadata() or "")
    created = old.get("xmp:CreateDate")
    created_at = _parse_xmp_date(created) if created else now
    producer = (document.metadata or {}).get("producer") or ""
    document.set_metadata({
        "title": meta.title, "author": meta.author, "subject": meta.subject,
        "keywords": meta.subject, "creator": CREATOR, "producer": producer,
        "creationDate": _pdf_date(created_at), "modDate": _pdf_date(now),
    })
    part = ((old["pdfaid:part"], old["pdfaid:conformance"])
            if "pdfaid:part" in old and "pdfaid:conformance" in old else None)
    document.set_xml_metadata(_xmp(meta, producer, created_at, now, part))


def save_replacing(document: pymupdf.Document, path: Path) -> None:
    """Save a whole new file beside ``path`` and rename it over ``path``.

    General ``deflate`` stays off: PDF/A forbids a filtered metadata stream, and LibreOffice
    already compressed its own streams; images (a placed seal) are compressed.
    """
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        document.save(temporary, garbage=1, deflate=False, deflate_images=True)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _pdf_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def _xmp_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _parse_xmp_date(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC).replace(microsecond=0)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _xmp(meta: Metadata, producer: str, created: datetime, modified: datetime,
         pdfa: tuple[str, str] | None) -> str:
    title, author, subject, producer = (escape(v) for v in
                                        (meta.title, meta.author, meta.subject, producer))
    pdfa_block = ""
    if pdfa is not None:
        pdfa_block = f"""
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>{pdfa[0]}</pdfaid:part>
   <pdfaid:conformance>{pdfa[1]}</pdfaid:conformance>
  </rdf:Description>"""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">{pdfa_block}
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt>
   </dc:description>
   <pdf:Keywords>{subject}</pdf:Keywords>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>
   <xmp:CreateDate>{_xmp_date(created)}</xmp:CreateDate>
   <xmp:ModifyDate>{_xmp_date(modified)}</xmp:ModifyDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
