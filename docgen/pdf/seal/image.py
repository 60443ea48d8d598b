"""The seal image to place, as PNG bytes with transparency: a PNG as given (checked before
it is decoded), an SVG drawn at print resolution, or the specimen."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from docgen.pdf.seal.specimen import RENDER_DPI, SVG_MARK, mark_specimen, specimen_png
from docgen.pdf.seal.spot import SealError

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_SIDE = 8000  # pixels: 42 mm at 4800 dpi, far more than print needs


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
            pixmap = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=True)
    except (RuntimeError, ValueError) as error:
        raise SealError(f"无法读取 SVG 印章 {name}：{error}") from error
    if SVG_MARK.encode() in data:  # the specimen saved as SVG stays recognisable
        return mark_specimen(pixmap)
    return pixmap.tobytes("png")
