"""版头 (HEAD-*, 7.2): the 发文机关标志, the 发文字号 or 签发人 below it, the red rule."""

from __future__ import annotations

import pymupdf

from docgen.checks.context import NUMBER, Context, box, in_mm, spans_type_area, within
from docgen.checks.registry import rule
from docgen.pdf.measure import Line, ink_rows, is_red_text
from docgen.standard import figures as L


@rule("HEAD")
def masthead(ctx: Context) -> None:
    mark = ctx.mark
    if mark is None:
        ctx.add("HEAD-04", False, "7.2.4", "未找到发文机关标志", "版头有红色的发文机关标志", 1)
        return
    ink_bottom = _check_mark(ctx, mark)
    number = next((row for row in ctx.rows[0] if NUMBER.search(row.text.replace(" ", ""))),
                  None)
    if number is None:
        ctx.add("HEAD-07", False, "7.2.5", "未找到发文字号", "机关代字〔年份〕序号号", 1)
        return
    _check_gap_below_mark(ctx, number, ink_bottom)
    _check_red_rule(ctx, number)


def _check_mark(ctx: Context, mark: Line) -> float:
    """HEAD-04 and HEAD-05; returns the bottom of the mark's ink, which the next row is
    spaced from."""
    ctx.role_fonts["小标宋"] |= mark.fonts
    red = all(is_red_text(colour) for colour in mark.colors)
    ctx.add("HEAD-04", red, "7.2.4", "红色" if red else f"颜色 {_colours(mark)}", "红色",
            1, box(mark))
    ctx.add("HEAD-04", within(mark.centre_x, L.mm(106), L.mm(1)), "7.2.4",
            f"中线 {in_mm(mark.centre_x)} mm", "居中 106 ± 1 mm", 1, box(mark))
    clip = pymupdf.Rect(L.MARGIN_LEFT, mark.em_top - L.mm(5), L.MARGIN_LEFT
                        + L.TYPE_AREA_WIDTH, mark.em_bottom + L.mm(2))
    top, bottom = ink_rows(ctx.pdf[0], clip, red=red) or (mark.em_top, mark.em_bottom)
    ctx.add("HEAD-05", within(top, L.MARK_INK_TOP, L.mm(1)), "7.2.4",
            f"标志上边缘 {in_mm(top)} mm", "72 ± 1 mm（版心下 35 mm）", 1, box(mark))
    return bottom


def _check_gap_below_mark(ctx: Context, number: Line, ink_bottom: float) -> None:
    """HEAD-07, or HEAD-09 when a 签发人 row sits level with or above the 发文字号."""
    signer = next((row for row in ctx.rows[0] if row.text.startswith("签发人")), None)
    first = signer if signer is not None and signer.baseline <= number.baseline else number
    gap = first.em_top - ink_bottom
    rule_id, clause = ("HEAD-09", "7.2.6") if first is signer else ("HEAD-07", "7.2.5")
    ctx.add(rule_id, 1.7 * L.LINE_PITCH <= gap <= 3 * L.LINE_PITCH, clause,
            f"距标志 {in_mm(gap)} mm", "空二行（约 17.4–30.6 mm）", 1, box(first))


def _check_red_rule(ctx: Context, number: Line) -> None:
    """HEAD-11: 4 mm below the 发文字号, as wide as the 版心."""
    if not ctx.red_rules:
        ctx.add("HEAD-11", False, "7.2.7", "没有红色分隔线", "发文字号下 4 mm 红线", 1,
                box(number))
        return
    red_rule = ctx.red_rules[0]
    rule_box = (red_rule.x0, red_rule.y - 2, red_rule.x1, red_rule.y + 2)
    below = red_rule.y - red_rule.thickness / 2 - number.em_bottom
    ctx.add("HEAD-11", within(below, L.RULE_BELOW_NUMBER, L.mm(1)), "7.2.7",
            f"距发文字号 {in_mm(below)} mm", "4 ± 1 mm", 1, rule_box)
    ctx.add("HEAD-11", spans_type_area(red_rule), "7.2.7",
            f"{in_mm(red_rule.x0)}–{in_mm(red_rule.x1)} mm", "与版心等宽 28–184 ± 1 mm", 1,
            rule_box)


def _colours(row: Line) -> str:
    return "、".join(f"#{c:06X}" for c in sorted(row.colors))
