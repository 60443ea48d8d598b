"""The checked PDF drawn over: the 版心, every measured element and, in red, each failure,
its label set where no earlier label on the page is."""

from __future__ import annotations

import math
from pathlib import Path

import pymupdf

from docgen.checks.report import FAIL, PASS, WARN, Finding, Report
from docgen.pdf.measure import is_landscape
from docgen.standard import figures as L

COLOURS = {PASS: (0, 0.45, 0.9), WARN: (0.95, 0.6, 0), FAIL: (0.9, 0, 0)}
LABEL_SIZE = 7.0
LABEL_HEIGHT = LABEL_SIZE * 1.25
LABEL_FONT = "china-s"
PNG_DPI = 100
# A page image is held whole in memory: an A4 page at 100 dpi is about 1 Mpx, a page of the
# largest size PDF allows (200 × 200 inches) would be 400 Mpx, so such pages are drawn smaller.
MAX_PIXELS = 16_000_000


def annotate(report: Report, source: Path, target: Path) -> list[Path]:
    """A copy of the PDF (or PNG pages, if ``target`` ends in .png) with the 版心, every
    measured element and, in red, every failure drawn on the page."""
    with pymupdf.open(source) as pdf:
        for page in pdf:
            page.draw_rect(_type_area(page), color=(0, 0.6, 0), width=0.6, dashes="[3 2] 0")
        labels: dict[int, list[pymupdf.Rect]] = {}
        for finding in report.findings:
            if finding.page is not None and finding.box is not None:
                _draw(pdf[finding.page - 1], finding, labels.setdefault(finding.page, []))
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix.lower() != ".png":
            pdf.save(target)
            return [target]
        written = []
        for page in pdf:
            path = target.with_name(f"{target.stem}-{page.number + 1}.png")
            page.get_pixmap(dpi=png_dpi(page.rect)).save(path)
            written.append(path)
        return written


def png_dpi(rect: pymupdf.Rect) -> int:
    """PNG_DPI, or less for a page so large that its image would pass MAX_PIXELS."""
    fitting = 72 * math.sqrt(MAX_PIXELS / max(rect.width * rect.height, 1))
    return max(1, min(PNG_DPI, math.floor(fitting)))


def _draw(page: pymupdf.Page, finding: Finding, taken: list[pymupdf.Rect]) -> None:
    x0, y0, x1, y1 = finding.box
    rect = pymupdf.Rect(x0 - 2, y0 - 2, x1 + 2, y1 + 2)
    colour = COLOURS[finding.status]
    page.draw_rect(rect, color=colour, width=1.5 if finding.status == FAIL else 0.6)
    if finding.status == PASS:
        return
    label = f"{finding.rule} {finding.measured}"[:60]
    length = pymupdf.get_text_length(label, fontname=LABEL_FONT, fontsize=LABEL_SIZE)
    spot = place_label(rect, length, taken, page.rect)
    taken.append(spot)
    page.insert_text(pymupdf.Point(spot.x0, spot.y0 + 0.85 * LABEL_SIZE + 1), label,
                     fontsize=LABEL_SIZE, fontname=LABEL_FONT, color=colour)


def place_label(anchor: pymupdf.Rect, length: float, taken: list[pymupdf.Rect],
                page: pymupdf.Rect) -> pymupdf.Rect:
    """Where a label ``length`` wide goes: just below its element, else the nearest free
    row further down, else above it, else further down past the page (never on a label)."""
    x0 = max(page.x0, min(anchor.x0, page.x1 - length))
    below = (anchor.y1 + k * LABEL_HEIGHT for k in range(math.ceil(page.height / LABEL_HEIGHT)))
    above = (anchor.y0 - (k + 1) * LABEL_HEIGHT for k in range(
        math.ceil(page.height / LABEL_HEIGHT)))
    for y0 in (*below, *above):
        spot = pymupdf.Rect(x0, y0, x0 + length, y0 + LABEL_HEIGHT)
        if spot.y0 >= page.y0 and spot.y1 <= page.y1 and not _overlaps(spot, taken):
            return spot
    y0 = max([page.y1, *(rect.y1 for rect in taken)])
    return pymupdf.Rect(x0, y0, x0 + length, y0 + LABEL_HEIGHT)


def _overlaps(spot: pymupdf.Rect, taken: list[pymupdf.Rect]) -> bool:
    return any(spot.intersects(rect) for rect in taken)


def _type_area(page: pymupdf.Page) -> pymupdf.Rect:
    if is_landscape(page):
        return pymupdf.Rect(L.PAGE_HEIGHT - L.TYPE_AREA_BOTTOM, L.MARGIN_LEFT,
                            L.PAGE_HEIGHT - L.MARGIN_TOP, L.MARGIN_LEFT + L.TYPE_AREA_WIDTH)
    return pymupdf.Rect(L.MARGIN_LEFT, L.MARGIN_TOP, L.MARGIN_LEFT + L.TYPE_AREA_WIDTH,
                        L.TYPE_AREA_BOTTOM)
