"""Where a further seal goes on a PDF that already carries one: 联合行文 (joint documents)
set the organs' 署名 side by side on one row, one seal on each (7.3.5.1, gbt9704.md SIG-06);
a seal never goes on top of another."""

from __future__ import annotations

import itertools

import pymupdf

from docgen.pdf.measure import Line
from docgen.pdf.seal.spot import SealError, seal_rect
from docgen.standard import figures as L


def organ_names(organ: Line) -> list[tuple[float, float]]:
    """The 署名 on the row, left to right, as (x0, x1): names set apart by a gap of two
    characters or more (one organ's name is set solid)."""
    xs = organ.char_x
    if not xs:
        return [(organ.x0, organ.x1)]
    names, start = [], xs[0]
    for previous, current in itertools.pairwise(xs):
        if current - previous > 2.5 * organ.size:  # one character's advance, then the gap
            names.append((start, previous + organ.size))
            start = current
    names.append((start, organ.x1))
    return names


def next_seal_rect(organ: Line, date: Line, last_body: Line | None, diameter: float,
                   present: list[pymupdf.Rect], name: str) -> pymupdf.Rect:
    """The seal for the first 署名 (left to right) no seal presses yet, level with the first
    seal; refused when every 署名 already has one or the seals would touch."""
    names = organ_names(organ)
    free = [(x0, x1) for x0, x1 in names
            if not any(seal.x0 <= (x0 + x1) / 2 <= seal.x1 for seal in present)]
    if len(names) < 2:
        raise SealError(f"{name} 只有一个发文机关署名，且已盖有印章：--again 不会把印章叠盖在"
                        "同一位置", hint="--again 只用于联合行文：各机关的署名并排，每个署名"
                                         "盖一枚印章。")
    if not free:
        raise SealError(f"{name} 的 {len(names)} 个发文机关署名都已盖有印章")
    first = seal_rect(organ, date, last_body, diameter)
    x0, x1 = free[0]
    radius = diameter / 2
    left, right = L.MARGIN_LEFT, L.MARGIN_LEFT + L.TYPE_AREA_WIDTH
    centre = min(max((x0 + x1) / 2, left + radius), right - radius)
    rect = pymupdf.Rect(centre - radius, first.y0, centre + radius, first.y1)
    if any(_touch(rect, seal) for seal in present):
        raise SealError("联合行文的印章会相交或相切（7.3.5.1：印章之间互不相交或相切）",
                        hint="加大署名之间的距离，或用较小的印章（--diameter）。")
    return rect


def _touch(one: pymupdf.Rect, other: pymupdf.Rect) -> bool:
    """Two round seals in these squares meet (the circles, not the squares)."""
    dx = (one.x0 + one.x1 - other.x0 - other.x1) / 2
    dy = (one.y0 + one.y1 - other.y0 - other.y1) / 2
    return (dx * dx + dy * dy) ** 0.5 <= (one.width + other.width) / 2
