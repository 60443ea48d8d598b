"""主体 (BODY-*, 7.3): the title and 主送 on page 1, and the 附件 labels (ATT-*, 7.3.7)."""

from __future__ import annotations

import re

from docgen.checks.context import NUMBER, Context, box, in_mm, within
from docgen.checks.registry import rule
from docgen.pdf.measure import Line, is_landscape
from docgen.standard import figures as L
from docgen.standard.titles import title_faults
from docgen.standard.typeset import text_units

TITLE_MAX_LINES = 4  # a title longer than four lines of 2号 is no title (BODY-02: 20 a line)


@rule("BODY")
def title(ctx: Context) -> None:
    """BODY-01 and BODY-02 on the title below the red rule; the 主送 row's font for FONT-01."""
    after = [row for row in ctx.rows[0] if row.baseline > _title_search_start(ctx)]
    titles = _title_block(after)
    if titles:
        _check_title(ctx, titles)
    recipients = next((row for row in after if row.text.endswith("：")), None)
    if recipients is not None:
        ctx.role_fonts["仿宋"] |= recipients.fonts


def _title_search_start(ctx: Context) -> float:
    """Below the red rule; without one (a rule broken by a ★, or none), below the 发文字号,
    else below the 发文机关标志."""
    if ctx.red_rules:
        return ctx.red_rules[0].y
    number = next((row for row in ctx.rows[0] if NUMBER.search(row.text.replace(" ", ""))),
                  None)
    if number is not None:
        return number.em_bottom
    return ctx.mark.em_bottom if ctx.mark else 0


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
    if len(titles) > 1:
        _check_title_shape(ctx, [row.text.replace(" ", "") for row in titles], block)


def _check_title_shape(ctx: Context, lines: list[str], block: tuple) -> None:
    """BODY-03: 梯形 or 菱形, 词意完整 (no word split across lines, by the segmenter and the
    公文 terms), no stub of one or two characters, no line under a quarter of the longest."""
    faults = [f for f in title_faults(lines, L.TITLE_MAX_CHARS) if f.kind != "long"]
    hard = [f.message for f in faults if f.hard]
    widths = " / ".join(f"{_units(line):g}" for line in lines)
    expected = "梯形或菱形，词意完整，无一两字成行"
    ctx.add("BODY-03", not hard, "7.3.1", "；".join(hard) if hard else f"各行字数 {widths}",
            expected, 1, block)
    soft = [f.message for f in faults if not f.hard]
    if soft and not hard:
        ctx.add("BODY-03", False, "7.3.1", "；".join(soft), expected, 1, block, soft=True)


def _title_block(rows: list[Line]) -> list[Line]:
    """The title, found by size and place rather than order: among the centred rows before
    the first flush row (the 主送 or the body), the largest size, one to three lines set one
    after the other. A 发文字号 or a ★ centred there is smaller, so never taken for it."""
    centred = []
    for row in rows:
        if not within(row.centre_x, L.mm(106), L.mm(3)) or row.direction != (1, 0):
            break
        if not NUMBER.search(row.text.replace(" ", "")):
            centred.append(row)
    if not centred:
        return []
    size = max(row.size for row in centred)
    start = next(i for i, row in enumerate(centred) if within(row.size, size, 0.3))
    block = [centred[start]]
    for row in centred[start + 1:start + TITLE_MAX_LINES]:
        if not within(row.size, size, 0.3) or row.baseline - block[-1].baseline > 2.2 * size:
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
