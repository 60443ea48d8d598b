"""页码 (PNO-*, 7.5) and 版记 (IMP-*, 7.4)."""

from __future__ import annotations

import re

import pymupdf

from docgen.checks.context import Context, box, in_mm, spans_type_area, within
from docgen.checks.registry import rule
from docgen.pdf.measure import Line, find_imprint, is_landscape, looks_like_page_number, to_sheet
from docgen.standard import figures as L

PAGE_NUMBER = re.compile(r"^—\s?[1-9]\d*\s?—$")


@rule("PNO")
def page_numbers(ctx: Context) -> None:
    numbers = _page_numbers(ctx)
    heights = [_check_page_number(ctx, index, row) for index, row in numbers.items()]
    _check_missing(ctx, set(numbers))
    if heights:
        spread = max(heights) - min(heights)
        ctx.add("PNO-08", spread <= L.mm(0.5), "6.2", f"高低差 {in_mm(spread)} mm", "≤ 0.5 mm")


def _page_numbers(ctx: Context) -> dict[int, Line]:
    """Page index → the page's number: the first number-like row below the 版心."""
    found = {}
    for index, page in enumerate(ctx.pdf):
        candidates = [r for r in ctx.rows[index] if looks_like_page_number(r)
                      and _sheet_y(page, r) > L.TYPE_AREA_BOTTOM - L.mm(1)]
        if candidates:
            found[index] = candidates[0]
    return found


def _check_page_number(ctx: Context, index: int, row: Line) -> float:
    """PNO-01 to PNO-05 on one page; returns the dash's height on the sheet, for PNO-08."""
    page = ctx.pdf[index]
    ctx.role_fonts["宋体"] |= row.fonts
    number = index + 1
    text = row.text.strip()
    ctx.add("PNO-01", bool(PAGE_NUMBER.match(text)), "7.5", f"“{text}”",
            "— N —（一字线，半角数字）", number, box(row))
    ctx.add("PNO-02", within(row.size, L.PAGE_NUMBER_SIZE, 0.25), "7.5",
            f"{row.size:.1f} pt", "4号 14 pt", number, box(row), soft=True)
    if row.direction == (1, 0) and not is_landscape(page):
        dash_y = row.baseline - L.DASH_CENTRE * row.size
    else:
        _, dash_y = to_sheet(page, row.baseline + L.DASH_CENTRE * row.size, 0)
    ctx.add("PNO-03", within(dash_y, L.PAGE_NUMBER_DASH_Y, L.mm(1)), "7.5",
            f"一字线 {in_mm(dash_y)} mm", "版心下 7 mm（269 ± 1 mm）", number, box(row))
    if number % 2:
        ctx.add("PNO-04", within(row.x1, L.mm(179.06), L.mm(1)), "7.5",
                f"右端 {in_mm(row.x1)} mm", "单页居右空一字 179.06 ± 1 mm", number, box(row))
    else:
        ctx.add("PNO-05", within(row.x0, L.mm(32.94), L.mm(1)), "7.5",
                f"左端 {in_mm(row.x0)} mm", "双页居左空一字 32.94 ± 1 mm", number, box(row))
    return dash_y


def _check_missing(ctx: Context, numbered: set[int]) -> None:
    """7.5: every page is numbered, but for a blank page before the 版记 page and that
    版记 page itself (PNO-06)."""
    last = ctx.pdf.page_count - 1
    exempt = set()
    if last >= 1 and not [r for r in ctx.rows[last - 1] if not looks_like_page_number(r)]:
        exempt = {last - 1, last}
    for index in range(ctx.pdf.page_count):
        if index not in numbered and index not in exempt:
            ctx.add("PNO-01", False, "7.5", "没有页码", "— N —", index + 1)


def _sheet_y(page: pymupdf.Page, row: Line) -> float:
    """The row's baseline height on the portrait sheet (turned rows: their baseline is an x)."""
    if row.direction == (1, 0):
        return to_sheet(page, row.x0, row.baseline)[1]
    return to_sheet(page, row.baseline, row.x0)[1]


@rule("IMP")
def imprint(ctx: Context) -> None:
    pages = ctx.pdf.page_count
    spot = find_imprint(ctx.pdf)
    if spot is None:
        ctx.add("IMP-01", False, "7.4.1", "未找到版记", "末页有版记（分隔线与印发一行）", pages)
        return
    page = spot.page + 1
    last = spot.last_rule
    block = (last.x0, spot.first_rule.y - 2, last.x1, last.y + 2)
    ctx.add("IMP-01", spot.page == pages - 1, "7.4.1", f"第 {page} 页",
            f"最后一页（第 {pages} 页）", page, block)
    ctx.add("IMP-02", within(last.y, L.TYPE_AREA_BOTTOM, L.mm(1)), "7.4.1",
            f"末条线 {in_mm(last.y)} mm", "与版心下边缘重合 262 ± 1 mm", page, block)
    for name, imprint_rule in (("首条", spot.first_rule), ("末条", last)):
        ctx.add("IMP-03", spans_type_area(imprint_rule), "7.4.1",
                f"{name} {in_mm(imprint_rule.x0)}–{in_mm(imprint_rule.x1)} mm", "与版心等宽", page,
                block)
        ctx.add("IMP-04", within(imprint_rule.thickness, L.IMPRINT_THICK_PT, L.mm(0.07)),
                "7.4.1", f"{name} {in_mm(imprint_rule.thickness)} mm", "0.35 mm", page, block,
                soft=True)
    ctx.add("IMP-10", pages % 2 == 0, "7.4.1", f"{pages} 页", "偶数页（版记在封四）", soft=True)
