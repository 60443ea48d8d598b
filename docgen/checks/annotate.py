"""The checked PDF drawn over: the 版心, every measured element and, in red, each failure."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from docgen.checks.report import FAIL, PASS, WARN, Finding, Report
from docgen.pdf.measure import is_landscape
from docgen.standard import figures as L

COLOURS = {PASS: (0, 0.45, 0.9), WARN: (0.95, 0.6, 0), FAIL: (0.9, 0, 0)}


def annotate(report: Report, source: Path, target: Path) -> list[Path]:
    """A copy of the PDF (or PNG pages, if ``target`` ends in .png) with the 版心, every
    measured element and, in red, every failure drawn on the page."""
    with pymupdf.open(source) as pdf:
        for page in pdf:
            page.draw_rect(_type_area(page), color=(0, 0.6, 0), width=0.6, dashes="[3 2] 0")
        for finding in report.findings:
            if finding.page is not None and finding.box is not None:
                _draw(pdf[finding.page - 1], finding)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix.lower() != ".png":
            pdf.save(target)
            return [target]
        written = []
        for page in pdf:
            path = target.with_name(f"{target.stem}-{page.number + 1}.png")
            page.get_pixmap(dpi=100).save(path)
            written.append(path)
        return written


def _draw(page: pymupdf.Page, finding: Finding) -> None:
    x0, y0, x1, y1 = finding.box
    rect = pymupdf.Rect(x0 - 2, y0 - 2, x1 + 2, y1 + 2)
    colour = COLOURS[finding.status]
    page.draw_rect(rect, color=colour, width=1.5 if finding.status == FAIL else 0.6)
    if finding.status != PASS:
        label = f"{finding.rule} {finding.measured}"[:60]
        page.insert_text(pymupdf.Point(rect.x0, rect.y1 + 9), label, fontsize=7,
                         fontname="china-s", color=colour)


def _type_area(page: pymupdf.Page) -> pymupdf.Rect:
    if is_landscape(page):
        return pymupdf.Rect(L.PAGE_HEIGHT - L.TYPE_AREA_BOTTOM, L.MARGIN_LEFT,
                            L.PAGE_HEIGHT - L.MARGIN_TOP, L.MARGIN_LEFT + L.TYPE_AREA_WIDTH)
    return pymupdf.Rect(L.MARGIN_LEFT, L.MARGIN_TOP, L.MARGIN_LEFT + L.TYPE_AREA_WIDTH,
                        L.TYPE_AREA_BOTTOM)
