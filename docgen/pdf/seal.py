"""Sealing: the 印章 placed on an issued PDF where GB/T 9704 7.3.5.1 puts it.

The 署名 and 成文日期 are found in the PDF itself (any producer), the seal centred on them
with both below its centre, its top within one row of the last line of the body or 附件说明,
and never past the 版心's sides. The only seal the project draws is a specimen reading
样章 / SPECIMEN: docgen never draws a seal of a real organisation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from docgen.errors import DataError, DocgenError, OutputError, Problem
from docgen.pdf.measure import Line, lines, open_pdf
from docgen.pdf.metadata import Metadata, document_metadata, save_replacing, stamp_metadata
from docgen.standard import figures as L

SEAL_RED = (0.90, 0.05, 0.05)  # 7.3.5.1: red; inside gbt9704.md's RED class
RENDER_DPI = 600  # an SVG seal is drawn at this resolution before it is placed
DATE_ROW = re.compile(r"^(19|20)\d{2}年(1[0-2]|[1-9])月(3[01]|[12]\d|[1-9])日$")
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_SIDE = 8000  # pixels: 42 mm at 4800 dpi, far more than print needs


class SealError(DocgenError):
    """The PDF has no place for a seal, or the seal image cannot be used."""


@dataclass(frozen=True)
class SealSpot:
    """Where the seal went, in points on the page (0-based page index)."""

    page: int
    rect: pymupdf.Rect
    organ: Line
    date: Line
    last_body: Line | None

    @property
    def top_gap(self) -> float:
        """Seal top below the last body line's em box (7.3.5.1: within one row)."""
        bottom = self.last_body.em_bottom if self.last_body else L.MARGIN_TOP
        return self.rect.y0 - bottom

    def describe(self) -> str:
        centre_x = (self.rect.x0 + self.rect.x1) / 2
        return (f"第 {self.page + 1} 页，直径 {L.to_mm(self.rect.width):.1f} mm，"
                f"中心距左边 {L.to_mm(centre_x):.1f} mm（成文日期中心 "
                f"{L.to_mm(self.date.centre_x):.1f} mm），顶端在正文末行下 "
                f"{L.to_mm(self.top_gap):.1f} mm（7.3.5.1：一行之内）")


def seal_pdf(pdf: Path, target: Path, seal_image: Path | None = None,
             diameter: float = L.SEAL_DIAMETER) -> SealSpot:
    """Place ``seal_image`` (PNG or SVG; the specimen when None) and write ``target``."""
    image = seal_png(seal_image, diameter)
    try:
        with open_pdf(pdf) as measured:
            _refuse_signed(measured, pdf)
            page_index, organ, date, last_body = locate_signature(measured, pdf)
    except (RuntimeError, ValueError) as error:
        raise DataError([Problem(f"无法读取 PDF：{error}", str(pdf))]) from error
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


def locate_signature(document: pymupdf.Document,
                     pdf: Path) -> tuple[int, Line, Line, Line | None]:
    """The first 成文日期 row standing right of centre with a 署名 row right above it."""
    for index, page in enumerate(document):
        rows = lines(page)
        for position, row in enumerate(rows):
            if position == 0 or not DATE_ROW.match(row.text.replace(" ", "")):
                continue
            if row.centre_x < page.rect.width / 2:
                continue
            organ = rows[position - 1]
            if abs(row.baseline - organ.baseline - L.LINE_PITCH) > L.LINE_PITCH * 0.25:
                continue
            last_body = rows[position - 2] if position >= 2 else None
            return index, organ, row, last_body
    raise SealError(f"在 {pdf} 中找不到发文机关署名和成文日期（如“2022年5月20日”）",
                    hint="印章盖在署名和成文日期上；请确认这是一份带署名的公文 PDF。")


def seal_rect(organ: Line, date: Line, last_body: Line | None,
              diameter: float) -> pymupdf.Rect:
    """7.3.5.1: centred on the date (the 署名 is centred on it too), both rows below the
    centre, the top within one row of the body's last line, the sides inside the 版心."""
    radius = diameter / 2
    left, right = L.MARGIN_LEFT, L.MARGIN_LEFT + L.TYPE_AREA_WIDTH
    if diameter > right - left:
        raise SealError(f"印章直径 {L.to_mm(diameter):.0f} mm 大于版心宽度")
    centre_x = min(max(date.centre_x, left + radius), right - radius)
    floor = last_body.em_bottom if last_body else L.MARGIN_TOP
    top = organ.em_top - L.SEAL_CENTRE_ABOVE_SIGN - radius
    top = min(max(top, floor), floor + L.LINE_PITCH)
    if top + radius >= organ.em_top:
        raise SealError(
            "署名离正文太近：印章不能压住正文，署名和成文日期又要居印章中心偏下（7.3.5.1）",
            hint="加盖印章的公文按 7.3.5.1 排署名（数据中 signature.sealed: true，"
                 "署名前空两行以上），重新生成后再盖章；或用较小的印章（--diameter）。")
    if top + diameter <= date.em_top:
        raise SealError("署名离正文太远：印章顶端距正文一行之内时压不到成文日期（7.3.5.1）",
                        hint="减少正文与署名之间的空行，或使用更大的印章（--diameter）。")
    return pymupdf.Rect(centre_x - radius, top, centre_x + radius, top + diameter)


def placed_seals(document: pymupdf.Document) -> list[tuple[int, pymupdf.Rect]]:
    """Red images on the pages (page index, bbox): seals as placed by any tool."""
    found = []
    for index, page in enumerate(document):
        for info in page.get_image_info():
            rect = pymupdf.Rect(info["bbox"])
            if _looks_like_seal(page, rect):
                found.append((index, rect))
    return found


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


def seal_png(seal_image: Path | None, diameter: float) -> bytes:
    """The seal as PNG bytes with transparency: the file as given, an SVG drawn, or the
    specimen."""
    if seal_image is None:
        return specimen_png(diameter)
    try:
        if seal_image.stat().st_size > MAX_IMAGE_BYTES:
            raise SealError(f"印章图片 {seal_image} 超过 {MAX_IMAGE_BYTES // 2**20} MiB")
        data = seal_image.read_bytes()
    except OSError as error:
        raise SealError(f"无法读取印章图片 {seal_image}：{error.strerror}") from error
    if seal_image.suffix.lower() == ".svg":
        return _svg_to_png(data, seal_image, diameter)
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        raise SealError(f"印章图片 {seal_image} 不是 PNG 或 SVG 文件",
                        hint="请使用透明背景的 PNG（或 SVG）。")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if max(width, height) > MAX_IMAGE_SIDE:  # checked before decoding: no pixel bombs
        raise SealError(f"印章图片 {seal_image} 为 {width}×{height} 像素，"
                        f"超过 {MAX_IMAGE_SIDE} 像素的上限")
    try:
        pixmap = pymupdf.Pixmap(data)
    except (RuntimeError, ValueError) as error:
        raise SealError(f"无法读取 PNG 印章 {seal_image}：{error}") from error
    if not pixmap.alpha:
        raise SealError(f"印章图片 {seal_image} 没有透明背景，会遮住署名和日期",
                        hint="请使用带透明通道（alpha）的 PNG。")
    return data


def _svg_to_png(data: bytes, name: Path, diameter: float) -> bytes:
    """Draw an SVG at RENDER_DPI for the seal's printed size, whatever size it declares."""
    side = round(diameter / 72 * RENDER_DPI)
    try:
        with pymupdf.open(stream=data, filetype="svg") as svg:
            page = svg[0]
            scale = side / max(page.rect.width, page.rect.height, 1)
            return page.get_pixmap(matrix=pymupdf.Matrix(scale, scale),
                                   alpha=True).tobytes("png")
    except (RuntimeError, ValueError) as error:
        raise SealError(f"无法读取 SVG 印章 {name}：{error}") from error


def specimen_png(diameter: float = L.SEAL_DIAMETER) -> bytes:
    with specimen_document(diameter) as document:
        return document[0].get_pixmap(dpi=RENDER_DPI, alpha=True).tobytes("png")


def specimen_svg(diameter: float = L.SEAL_DIAMETER) -> str:
    with specimen_document(diameter) as document:
        return document[0].get_svg_image(text_as_path=True)


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

