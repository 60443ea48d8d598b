"""Paper, 版心 and margins (PAGE-*, 5.1, 5.2.1) and the line grid (GRID-*, 5.2.2, 5.2.3)."""

from __future__ import annotations

import itertools
import statistics
from collections import Counter

import pymupdf

from docgen.checks.context import Context, box, in_mm, within
from docgen.checks.registry import rule
from docgen.pdf.measure import (
    Line,
    find_imprint,
    is_landscape,
    is_red,
    looks_like_page_number,
    page_number_line,
)
from docgen.standard import figures as L


@rule("PAGE")
def paper_size(ctx: Context) -> None:
    wrong = [i + 1 for i, page in enumerate(ctx.pdf)
             if not (within(min(page.rect.width, page.rect.height), 595.28, 1.5)
                     and within(max(page.rect.width, page.rect.height), 841.89, 1.5))]
    ctx.add("PAGE-01", not wrong, "5.1", f"非 A4 页：{wrong}" if wrong else "全部 A4",
            "210 × 297 mm ± 0.5")


@rule("PAGE")
def left_margin(ctx: Context) -> None:
    """PAGE-03: flush-left rows (continuation lines, 主送) start at the 订口, 28 mm."""
    starts = [row.x0 for page, rows in zip(ctx.pdf, ctx.rows, strict=True)
              if not is_landscape(page) for row in rows
              if row.direction == (1, 0) and not looks_like_page_number(row)]
    if not starts:
        return
    left = min(starts)
    ctx.add("PAGE-03", within(left, L.MARGIN_LEFT, L.mm(1)), "5.2.1",
            f"最左 {in_mm(left)} mm", "订口 28 ± 1 mm")


@rule("PAGE")
def type_area(ctx: Context) -> None:
    """PAGE-04: the row reaching furthest outside the 版心, page numbers aside."""
    worst: tuple[float, int, Line] | None = None
    for index, page in enumerate(ctx.pdf):
        number = page_number_line(page)
        turned = page.rect.width if is_landscape(page) else None
        for row in ctx.rows[index]:
            if row == number or looks_like_page_number(row):
                continue
            overshoot = _overshoot(turned, row)
            if worst is None or overshoot > worst[0]:
                worst = (overshoot, index + 1, row)
    if worst is None:
        return
    overshoot, page, row = worst
    ctx.add("PAGE-04", overshoot <= L.mm(1), "5.2.1",
            f"文字最多超出版心 {in_mm(max(overshoot, 0))} mm（“{row.text[:12]}”）",
            "文字均在版心 156 × 225 mm 内 ± 1 mm", page, box(row))


def _overshoot(turned: float | None, row: Line) -> float:
    """How far the row reaches outside the 版心 on the sheet; ``turned`` is the width of a
    landscape page (None for a portrait one), read once per page rather than per row."""
    corners = [(row.x0, row.em_top), (row.x1, row.em_bottom)]
    if turned is not None:  # to_sheet(): sheet x = page y, sheet y = page width − page x
        corners = [(y, turned - x) for x, y in corners]
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    right, bottom = L.MARGIN_LEFT + L.TYPE_AREA_WIDTH, L.TYPE_AREA_BOTTOM
    return max(L.MARGIN_LEFT - min(xs), max(xs) - right, L.MARGIN_TOP - min(ys),
               max(ys) - bottom)


@rule("GRID")
def line_pitch(ctx: Context) -> None:
    """GRID-03 on the body text only: a portrait table's rows (often 4号, 18 pt apart) and the
    版记's are no lines of the body's grid, even where they outnumber the body's."""
    portrait = [index for index, page in enumerate(ctx.pdf) if not is_landscape(page)]
    text = {index: _body_text_rows(ctx, index) for index in portrait}
    sizes = Counter(round(row.size, 1) for rows in text.values() for row in rows)
    if not sizes:
        return
    size = sizes.most_common(1)[0][0]
    pitches = []
    for rows in text.values():
        rows = [row for row in rows if within(row.size, size, 0.3)]
        pitches += [b.baseline - a.baseline for a, b in itertools.pairwise(rows)
                    if b.baseline - a.baseline < 1.5 * L.LINE_PITCH and b.x0 < a.x1]
    if not pitches:
        return
    pitch = statistics.median(pitches)
    ctx.add("GRID-03", 28.0 <= pitch <= 29.7, "5.2.2", f"行距 {pitch:.2f} pt",
            "28.0–29.7 pt（每面 22 行）")


def _body_text_rows(ctx: Context, index: int) -> list[Line]:
    """Horizontal rows on a page that are neither inside a table's frame nor the 版记."""
    spans = _frames(ctx.pdf[index])
    spot = find_imprint(ctx.pdf)
    if spot is not None and spot.page == index:
        spans.append((spot.first_rule.y - 1, spot.last_rule.y + 1))
    return [row for row in ctx.rows[index] if row.direction == (1, 0)
            and not looks_like_page_number(row)
            and not any(top <= row.baseline <= bottom for top, bottom in spans)]


def _frames(page: pymupdf.Page) -> list[tuple[float, float]]:
    """The heights that table frames cover: drawn strokes or boxes taller than 5 mm (a
    table's vertical borders), red ones (a seal) aside."""
    spans = []
    for drawing in page.get_drawings():
        colour = drawing.get("color") or drawing.get("fill")
        red = colour is not None and is_red(*(round(c * 255) for c in colour[:3]))
        if drawing["rect"].height >= L.mm(5) and not red:
            spans.append((drawing["rect"].y0, drawing["rect"].y1))
    return spans


@rule("GRID")
def full_pages(ctx: Context) -> None:
    """GRID-02: 22 rows on every page of running body text (not the first or last page)."""
    for index, page in enumerate(ctx.pdf):
        if index in (0, ctx.pdf.page_count - 1) or is_landscape(page):
            continue
        rows = [r for r in ctx.rows[index] if not looks_like_page_number(r)]
        body = ctx.body_rows(index)
        if not rows or len(body) != len(rows) or len(body) < 18:
            continue  # not a page of running body text
        count = len({round(row.baseline) for row in body})
        ctx.add("GRID-02", count == L.LINES_PER_PAGE, "5.2.3", f"{count} 行",
                "每面 22 行", index + 1, soft=count in (21, 23))
