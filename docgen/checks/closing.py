"""发文机关署名, 成文日期 and 印章 (SIG-*, 7.3.5): the seal, when the PDF carries one."""

from __future__ import annotations

from docgen.checks.context import Context
from docgen.checks.registry import rule
from docgen.pdf.seal import find_placed_seal
from docgen.standard import figures as L


@rule("SIG")
def seal(ctx: Context) -> None:
    """7.3.5.1: centred over 署名 and 成文日期, pressing both, within a row of the body, inside
    the 版心."""
    spot = find_placed_seal(ctx.pdf)
    if spot is None:
        return
    rect, page = spot.rect, spot.page + 1
    block = (rect.x0, rect.y0, rect.x1, rect.y1)
    centre_x, centre_y = (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2
    offset = L.to_mm(centre_x - spot.date.centre_x)
    below = centre_y < spot.organ.em_top
    ctx.add("SIG-03", abs(offset) <= 2 and below, "7.3.5.1",
            f"印章中心偏离成文日期中心 {offset:+.1f} mm，署名"
            f"{'在' if below else '不在'}印章中心之下", "居中 ± 2 mm，署名和日期居中心偏下",
            page, block)
    gap, row = L.to_mm(spot.top_gap), L.to_mm(L.LINE_PITCH) + 1
    ctx.add("SIG-04", -0.5 <= gap <= row, "7.3.5.1", f"印章顶端在正文末行下 {gap:.1f} mm",
            f"0–{row:.1f} mm（一行之内）", page, block)
    pressed = rect.y1 > spot.date.em_top and rect.y0 < spot.organ.em_bottom
    ctx.add("SIG-05", pressed, "7.3.5.1", "压住署名和成文日期" if pressed else "未压住署名或日期",
            "印章压在署名和成文日期上", page, block)
    inside = rect.x0 >= L.MARGIN_LEFT - L.mm(1) and rect.x1 <= (
        L.MARGIN_LEFT + L.TYPE_AREA_WIDTH + L.mm(1))
    ctx.add("PAGE-04", inside, "7.3.5.1", f"印章 {L.to_mm(rect.x0):.1f}–{L.to_mm(rect.x1):.1f} mm",
            "两端不超出版心 28–184 mm", page, block)
