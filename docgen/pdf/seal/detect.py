"""Seals already on a PDF, as placed by any tool: red images, the one on the 署名 first, and
whether an image is docgen's 样章 SPECIMEN."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf

from docgen.pdf.seal.specimen import SPECIMEN_MARK, is_specimen_mask
from docgen.pdf.seal.spot import SealError, SealSpot, locate_signature
from docgen.standard import figures as L


@dataclass(frozen=True)
class PlacedSeal:
    """A seal image on a page (0-based page index), and whether it is the specimen."""

    page: int
    rect: pymupdf.Rect
    specimen: bool


def seals_on(document: pymupdf.Document) -> list[PlacedSeal]:
    """Every red image on the pages: seals as placed by any tool."""
    found = []
    for index, page in enumerate(document):
        for info in page.get_image_info(xrefs=True):
            rect = pymupdf.Rect(info["bbox"])
            if _looks_like_seal(page, rect):
                found.append(PlacedSeal(index, rect, _is_specimen(document, info["xref"])))
    return found


def placed_seals(document: pymupdf.Document) -> list[tuple[int, pymupdf.Rect]]:
    """Red images on the pages (page index, bbox): seals as placed by any tool."""
    return [(seal.page, seal.rect) for seal in seals_on(document)]


def find_placed_seal(document: pymupdf.Document) -> SealSpot | None:
    """The seal on the 署名 and 成文日期, as placed by any tool (None when unsealed). Only
    images on the signature's page that touch the 署名 block are looked at, so a scanned
    document is not rasterised page by page."""
    try:
        index, organ, date, last_body = locate_signature(document, Path("PDF"))
    except SealError:
        return None
    block = pymupdf.Rect(min(organ.x0, date.x0), organ.em_top, max(organ.x1, date.x1),
                         date.em_bottom)
    page = document[index]
    for info in page.get_image_info():
        rect = pymupdf.Rect(info["bbox"])
        if rect.intersects(block) and _looks_like_seal(page, rect):
            return SealSpot(index, rect, organ, date, last_body)
    return None


def _is_specimen(document: pymupdf.Document, xref: int) -> bool:
    """The specimen's signature in the image's alpha (its SMask), see specimen.py."""
    if xref <= 0:
        return False  # an inline image: docgen never places one
    kind, value = document.xref_get_key(xref, "SMask")
    if kind != "xref":
        return False
    try:
        mask = pymupdf.Pixmap(document, int(value.split()[0]))
    except (RuntimeError, ValueError):
        return False
    if mask.n != 1 or mask.width < len(SPECIMEN_MARK):
        return False
    return is_specimen_mask([mask.pixel(x, 0)[0] for x in range(len(SPECIMEN_MARK))])


def _looks_like_seal(page: pymupdf.Page, rect: pymupdf.Rect) -> bool:
    return rect.width > L.mm(10) and _mostly_red(page, rect)


def _mostly_red(page: pymupdf.Page, rect: pymupdf.Rect) -> bool:
    """More red ink than black ink inside ``rect`` (a seal over black text counts)."""
    pixmap = page.get_pixmap(dpi=100, clip=rect, alpha=False, colorspace=pymupdf.csRGB)
    samples = pixmap.samples
    red = dark = 0
    for offset in range(0, len(samples), 3):
        r, g, b = samples[offset], samples[offset + 1], samples[offset + 2]
        if r - max(g, b) > 80:
            red += 1
        elif max(r, g, b) < 100:
            dark += 1
    return red > dark
