"""The finishing stage: document metadata in both /Info and XMP, written together."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pymupdf

from .model import Notice

CREATOR = "docgen"


def write_metadata(pdf_path: Path, notice: Notice) -> None:
    """title = 标题, author = 发文机关, subject = 发文字号 (kept consistent in /Info and XMP)."""
    title = notice.title.replace("\n", "")
    author = notice.issuer.name
    subject = notice.doc_number
    temporary = pdf_path.with_suffix(".meta.pdf")
    with pymupdf.open(pdf_path) as document:
        producer = document.metadata.get("producer") or ""
        document.set_metadata({
            "title": title, "author": author, "subject": subject, "keywords": subject,
            "creator": CREATOR, "producer": producer,
            "creationDate": pymupdf.get_pdf_now(), "modDate": pymupdf.get_pdf_now(),
        })
        document.set_xml_metadata(_xmp(title, author, subject, producer))
        document.save(temporary, garbage=1, deflate=True)
    os.replace(temporary, pdf_path)


def _xmp(title: str, author: str, subject: str, producer: str) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    title, author, subject, producer = (escape(v) for v in (title, author, subject, producer))
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
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
   <xmp:CreateDate>{now}</xmp:CreateDate>
   <xmp:ModifyDate>{now}</xmp:ModifyDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
