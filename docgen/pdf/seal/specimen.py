"""The only seal the project draws: a round red specimen reading 样章 / SPECIMEN. docgen
never draws a seal of a real organisation."""

from __future__ import annotations

import math
from pathlib import Path

import pymupdf

from docgen.errors import OutputError
from docgen.pdf.seal.spot import SealError
from docgen.standard import figures as L

SEAL_RED = (0.90, 0.05, 0.05)  # 7.3.5.1: red; inside gbt9704.md's RED class
RENDER_DPI = 600  # a seal drawn from vectors (the specimen, an SVG) is drawn at this resolution
# The specimen's signature: the alpha of the first pixels of its top row (a corner the round
# seal leaves transparent), at most 9/255 so nobody sees it. PDF writers keep an image's alpha
# as its exact SMask, so the archive recognises the specimen in any PDF it was placed in,
# while a real seal's scan or drawing has a plain transparent (or opaque) corner there.
SPECIMEN_MARK = (3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4)
SVG_MARK = "docgen-specimen 样章 SPECIMEN"  # in the SVG: drawing it stamps SPECIMEN_MARK


def specimen_png(diameter: float = L.SEAL_DIAMETER) -> bytes:
    with specimen_document(diameter) as document:
        return mark_specimen(document[0].get_pixmap(dpi=RENDER_DPI, alpha=True))


def specimen_svg(diameter: float = L.SEAL_DIAMETER) -> str:
    with specimen_document(diameter) as document:
        svg = document[0].get_svg_image(text_as_path=True)
    end = svg.index(">", svg.index("<svg")) + 1
    return f"{svg[:end]}\n<desc>{SVG_MARK}</desc>{svg[end:]}"


def mark_specimen(pixmap: pymupdf.Pixmap) -> bytes:
    """The specimen's pixels as PNG, its signature written into the top row's alpha."""
    red = tuple(round(part * 255) for part in SEAL_RED)
    for x, alpha in enumerate(SPECIMEN_MARK):
        pixmap.set_pixel(x, 0, (*red, alpha))
    return pixmap.tobytes("png")


def is_specimen_mask(top_row: list[int]) -> bool:
    """``top_row``: the alpha values of an image's first pixels."""
    return tuple(top_row[:len(SPECIMEN_MARK)]) == SPECIMEN_MARK


def write_specimen(target: Path, diameter: float = L.SEAL_DIAMETER) -> None:
    """The specimen seal as a PNG or SVG file (by the target's suffix)."""
    if target.suffix.lower() not in (".png", ".svg"):
        raise SealError(f"样章只能保存为 .png 或 .svg：{target}")
    data = (specimen_svg(diameter).encode() if target.suffix.lower() == ".svg"
            else specimen_png(diameter))
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"无法写出 {target}：{error.strerror}") from error


def specimen_document(diameter: float) -> pymupdf.Document:
    """A round red specimen: ring, star, 样章 / SPECIMEN. No organisation's name."""
    document = pymupdf.open()
    page = document.new_page(width=diameter, height=diameter)
    centre = pymupdf.Point(diameter / 2, diameter / 2)
    ring = diameter * 0.03
    shape = page.new_shape()
    shape.draw_circle(centre, diameter / 2 - ring / 2)
    shape.finish(color=SEAL_RED, width=ring)
    shape.draw_circle(centre, diameter / 2 - ring * 2.2)
    shape.finish(color=SEAL_RED, width=ring * 0.35)
    shape.draw_polyline(_star(centre, diameter * 0.14))
    shape.finish(color=SEAL_RED, fill=SEAL_RED, closePath=True)
    shape.commit()
    _arc_text(page, centre, diameter * 0.355, "样章 · SPECIMEN · 样章", diameter * 0.085)
    _centred_text(page, centre.x, centre.y + diameter * 0.27, "样　章", diameter * 0.12)
    _centred_text(page, centre.x, centre.y + diameter * 0.37, "SPECIMEN", diameter * 0.06)
    return document


def _star(centre: pymupdf.Point, radius: float) -> list[pymupdf.Point]:
    points = []
    for k in range(10):
        reach = radius if k % 2 == 0 else radius * 0.382
        angle = math.radians(-90 + 36 * k)
        points.append(pymupdf.Point(centre.x + reach * math.cos(angle),
                                    centre.y - radius * 0.1 + reach * math.sin(angle)))
    return points


def _arc_text(page: pymupdf.Page, centre: pymupdf.Point, radius: float, text: str,
              size: float) -> None:
    """Characters along the top arc, each turned to face outwards."""
    font = pymupdf.Font("china-s")
    widths = [font.text_length(char, size) for char in text]
    total = sum(widths) * 1.08
    angle = -total / radius / 2  # radians from the top, clockwise
    for char, width in zip(text, widths, strict=True):
        middle = angle + width * 1.08 / radius / 2
        x = centre.x + radius * math.sin(middle)
        y = centre.y - radius * math.cos(middle)
        # Baseline start: half a glyph back along the tangent from the arc point.
        start = pymupdf.Point(x - width / 2 * math.cos(middle), y - width / 2 * math.sin(middle))
        page.insert_text(start, char, fontsize=size, fontname="china-s", color=SEAL_RED,
                         morph=(start, pymupdf.Matrix(-math.degrees(middle))))
        angle += width * 1.08 / radius


def _centred_text(page: pymupdf.Page, x: float, baseline: float, text: str,
                  size: float) -> None:
    width = pymupdf.Font("china-s").text_length(text, size)
    page.insert_text(pymupdf.Point(x - width / 2, baseline), text, fontsize=size,
                     fontname="china-s", color=SEAL_RED)
