"""主体 (BODY-*, 7.3): the title and 主送 on page 1, and the 附件 labels (ATT-*, 7.3.7)."""

from __future__ import annotations

import re

from docgen.checks.context import Context, box, in_mm, within
from docgen.checks.registry import rule
from docgen.pdf.measure import Line, is_landscape
from docgen.standard import figures as L
from docgen.standard.typeset import text_units


@rule("BODY")
def title(ctx: Context) -> None:
    """BODY-01 and BODY-02 on the title below the red rule; the 主送 row's font for FONT-01."""
    start = ctx.red_rules[0].y if ctx.red_rules else (ctx.mark.em_bottom if ctx.mark else 0)
    after = [row for row in ctx.rows[0] if row.baseline > start]
    titles = _title_block(after)
    if titles:
        _check_title(ctx, titles)
    recipients = next((row for row in after if row.text.endswith("：")), None)
    if recipients is not None:
        ctx.role_fonts["仿宋"] |= recipients.fonts


def _check_title(ctx: Context, titles: list[Line]) -> None:
    ctx.role_fonts["小标宋"] |= {f for row in titles for f in row.fonts}
    sizes = sorted({round(row.size, 1) for row in titles})
    block = (min(r.x0 for r in titles), titles[0].em_top, max(r.x1 for r in titles),
             titles[-1].em_bottom)
    ctx.add("BODY-01", all(within(s, L.TITLE_SIZE, 0.25) for s in sizes), "7.3.1",
            f"字号 {sizes} pt", "2号 22 ± 0.25 pt", 1, block)
    if ctx.red_rules:
        gap = titles[0].em_top - ctx.red_rules[0].y
        ctx.add("BODY-01", 1.7 * L.LINE_PITCH <= gap <= 3 * L.LINE_PITCH, "7.3.1",
                f"距红线 {in_mm(gap)} mm", "空二行", 1, block)
    long = [row.text for row in titles if _units(row.text) > L.TITLE_MAX_CHARS]
    ctx.add("BODY-02", not long, "7.3.1", f"超长行 {long}" if long else "每行 ≤ 20 字",
            "每行至多 20 字", 1, block, soft=True)


def _title_block(rows: list[Line]) -> list[Line]:
    """The title: the first rows below the red rule, centred, of one size, line after line."""
    block: list[Line] = []
    for row in rows:
        centred = within(row.centre_x, L.mm(106), L.mm(3))
        if not centred or (block and (not within(row.size, block[0].size, 0.3)
                                      or row.baseline - block[-1].baseline > 2.2 * row.size)):
            break
        block.append(row)
    return block


def _units(text: str) -> float:
    return text_units(text.replace(" ", ""))


@rule("ATT")
def attachment_labels(ctx: Context) -> None:
    """ATT-02: "附件N" on the first row of the 版心, flush left (turned with a landscape page)."""
    for index, page in enumerate(ctx.pdf):
        landscape = is_landscape(page)
        top = L.MARGIN_LEFT if landscape else L.MARGIN_TOP
        left = L.PAGE_HEIGHT - L.TYPE_AREA_BOTTOM if landscape else L.MARGIN_LEFT
        for row in ctx.rows[index]:
            if not re.fullmatch(r"附件\d*", row.text.strip()):
                continue
            ctx.role_fonts["黑体"] |= row.fonts
            ok = within(row.x0, left, L.mm(1)) and top - L.mm(1) <= row.em_top <= top + L.LINE_PITCH
            ctx.add("ATT-02", ok, "7.3.7", f"{in_mm(row.x0)}, {in_mm(row.em_top)} mm",
                    "版心左上第一行", index + 1, box(row))
