"""Placing the seal on an issued PDF, where GB/T 9704 7.3.5.1 puts it, and writing the
result (never over a signature: sealing after signing would break it)."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from docgen.errors import DataError, OutputError, Problem
from docgen.pdf.measure import open_pdf
from docgen.pdf.metadata import Metadata, document_metadata, save_replacing, stamp_metadata
from docgen.pdf.seal.detect import seals_on
from docgen.pdf.seal.image import seal_png
from docgen.pdf.seal.joint import next_seal_rect
from docgen.pdf.seal.spot import SealError, SealSpot, locate_signature, seal_rect
from docgen.standard import figures as L


def seal_pdf(pdf: Path, target: Path, seal_image: Path | None = None,
             diameter: float = L.SEAL_DIAMETER, again: bool = False) -> SealSpot:
    """Place ``seal_image`` (PNG or SVG; the specimen when None) and write ``target``. A PDF
    that carries a seal already is refused; ``again`` seals the next 署名 of a joint
    document (联合行文) instead."""
    image = seal_png(seal_image, diameter)
    try:
        with open_pdf(pdf) as measured:
            _refuse_signed(measured, pdf)
            page_index, organ, date, last_body = locate_signature(measured, pdf)
            present = seals_on(measured)
    except (RuntimeError, ValueError) as error:
        raise DataError([Problem(f"无法读取 PDF：{error}", str(pdf))]) from error
    if present and not again:
        pages = "、".join(sorted({str(seal.page + 1) for seal in present}, key=int))
        raise SealError(f"{pdf} 已经盖有印章（第 {pages} 页）：再盖会叠在原印章上",
                        hint="联合行文需要加盖另一机关的印章时，加 --again。")
    if present:
        rect = next_seal_rect(organ, date, last_body, diameter,
                              [seal.rect for seal in present if seal.page == page_index],
                              str(pdf))
    else:
        rect = seal_rect(organ, date, last_body, diameter)
    with pymupdf.open(pdf) as document:
        page = document[page_index]
        placed = rect * page.derotation_matrix  # measuring saw the page upright
        page.insert_image(placed, stream=image, keep_proportion=True, overlay=True)
        _blend_as_ink(document, page)
        stamp_metadata(document, document_metadata(document) or Metadata(pdf.stem, "", ""))
        try:
            save_replacing(document, target)
        except (OSError, RuntimeError) as error:
            raise OutputError(f"无法写出 {target}：{error}") from error
    return SealSpot(page_index, rect, organ, date, last_body)


def _blend_as_ink(document: pymupdf.Document, page: pymupdf.Page) -> None:
    """Multiply blending for the seal just placed: black text under the red stays legible,
    as it does under a real seal's ink (PDF/A-2 allows the standard blend modes)."""
    xref = page.get_contents()[-1]  # PyMuPDF appends the image drawing as its own stream
    stream = document.xref_stream(xref)
    if b" Do" not in stream:
        return
    document.update_stream(xref, stream.replace(b"q\n", b"q\n/docgenSeal gs\n", 1))
    kind, value = document.xref_get_key(page.xref, "Resources")
    holder, path = (int(value.split()[0]), "") if kind == "xref" else (page.xref, "Resources/")
    kind, value = document.xref_get_key(holder, path + "ExtGState")
    holder, path = (int(value.split()[0]), "") if kind == "xref" else (holder, path + "ExtGState/")
    document.xref_set_key(holder, path + "docgenSeal", "<</Type/ExtGState/BM/Multiply>>")


def _refuse_signed(document: pymupdf.Document, pdf: Path) -> None:
    if document.get_sigflags() > 0:
        raise SealError(f"{pdf} 已经签名：再盖章会使签名失效",
                        hint="先盖章（docgen seal），再签名（docgen sign）。")
