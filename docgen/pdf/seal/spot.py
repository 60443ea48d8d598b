"""Where a seal goes: the 署名 and 成文日期 found in the PDF itself (any producer), and the
seal centred on them as GB/T 9704 7.3.5.1 asks.

Both rows stand below the seal's centre, its top within one row of the last line of the
body or 附件说明, and it never passes the 版心's sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from docgen.errors import DocgenError
from docgen.pdf.measure import Line, lines
from docgen.standard import figures as L

DATE_ROW = re.compile(r"^(19|20)\d{2}年(1[0-2]|[1-9])月(3[01]|[12]\d|[1-9])日$")


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
