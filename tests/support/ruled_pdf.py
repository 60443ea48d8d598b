"""Ruled tables drawn straight into a PDF with PyMuPDF, the way word processors print them:
each cell's box stroked on its own, its text in lines at the box's top left. A table can run
over several pages and be drawn on a page stored turned (/Rotate 90), as landscape pages
often are."""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

FONT = "china-s"  # MuPDF's built-in CJK face: not embedded, so a page is quick to write
SIZE = 12.0
ROW = 2 * SIZE  # one line of text and its padding


@dataclass(frozen=True)
class Box:
    """A cell as drawn: its slot position, spans and text lines (empty: nothing printed)."""

    row: int
    col: int
    lines: tuple[str, ...] = ()
    rowspan: int = 1
    colspan: int = 1


def new_page(document: pymupdf.Document, *, landscape: bool = False,
             turned: bool = False) -> pymupdf.Page:
    """A4 page; ``turned`` stores a landscape page as a portrait one with /Rotate 90."""
    width, height = (842.0, 595.0) if landscape and not turned else (595.0, 842.0)
    page = document.new_page(width=width, height=height)
    if turned:
        page.set_rotation(90)
    return page


def draw_table(page: pymupdf.Page, boxes: list[Box], widths: list[float],
               left: float = 80.0, top: float = 100.0,
               heights: list[float] | None = None) -> None:
    """Draw ``boxes`` on ``page`` in its visible frame (turned pages included)."""
    rows = max(box.row + box.rowspan for box in boxes)
    heights = heights or [ROW] * rows
    xs = [left + sum(widths[:i]) for i in range(len(widths) + 1)]
    ys = [top + sum(heights[:i]) for i in range(rows + 1)]
    to_page = page.derotation_matrix
    for box in boxes:
        rect = pymupdf.Rect(xs[box.col], ys[box.row], xs[box.col + box.colspan],
                            ys[box.row + box.rowspan])
        for a, b in ((rect.tl, rect.tr), (rect.tr, rect.br), (rect.br, rect.bl),
                     (rect.bl, rect.tl)):
            page.draw_line(a * to_page, b * to_page, width=0.5)
        for index, line in enumerate(box.lines):
            origin = pymupdf.Point(rect.x0 + 3, rect.y0 + (index + 1) * SIZE * 1.2 + 2)
            page.insert_text(origin * to_page, line, fontsize=SIZE, fontname=FONT,
                             rotate=page.rotation)


def write_text(page: pymupdf.Page, x: float, y: float, text: str, size: float = 16.0,
               color: tuple[float, float, float] = (0, 0, 0)) -> None:
    """A line of text with its baseline at (x, y) in the page's visible frame."""
    point = pymupdf.Point(x, y) * page.derotation_matrix
    page.insert_text(point, text, fontsize=size, fontname=FONT, color=color,
                     rotate=page.rotation)
