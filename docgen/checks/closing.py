"""发文机关署名, 成文日期 and 印章 (SIG-*, 7.3.5): where the 署名 and date stand, sealed
(7.3.5.1) or not (7.3.5.2), on any PDF; and the seal, when the PDF carries one."""

from __future__ import annotations

from pathlib import Path

from docgen.checks.context import Context, in_mm, within
from docgen.checks.registry import rule
from docgen.pdf.measure import Line
from docgen.pdf.seal import SealError, find_placed_seal, locate_signature
from docgen.standard import figures as L

RIGHT = L.MARGIN_LEFT + L.TYPE_AREA_WIDTH  # R of gbt9704.md §6
W = L.CHAR  # one 3号 character (w)
P = L.LINE_PITCH


Measure = tuple[str, bool, str, str]  # assertion id, passed, measured, expected


@rule("SIG")
def signature(ctx: Context) -> None:
    """SIG-01/02 when a seal presses on the 署名 (7.3.5.1), SIG-07/08 when none does
    (7.3.5.2). A PDF laid out for a seal that is yet to come (docgen build, then docgen
    seal) passes as 7.3.5.1; a date set flush right fails either way."""
    try:
        index, organ, date, last_body = locate_signature(ctx.pdf, Path(ctx.report.file))
    except SealError:
        return
    block = (min(organ.x0, date.x0), organ.em_top, max(organ.x1, date.x1), date.em_bottom)
    sealed = _sealed(organ, date)
    if find_placed_seal(ctx.pdf) is None:
        unsealed = _unsealed(organ, date, last_body)
        awaiting_seal = all(ok for _, ok, _, _ in sealed)
        if not all(ok for _, ok, _, _ in unsealed) and awaiting_seal:
            sealed = [(rule_id, ok, f"{measured}（未盖章，按加盖印章排版）", expected)
                      for rule_id, ok, measured, expected in sealed]
        else:
            sealed = unsealed
    clause = "7.3.5.1" if sealed[0][0] in ("SIG-01", "SIG-02") else "7.3.5.2"
    for rule_id, ok, measured, expected in sealed:
        ctx.add(rule_id, ok, clause, measured, expected, index + 1, block)


def _sealed(organ: Line, date: Line) -> list[Measure]:
    right = RIGHT - L.SEALED_DATE_RIGHT_CHARS * W
    offset = organ.centre_x - date.centre_x
    pitch = date.baseline - organ.baseline
    return [
        ("SIG-01", within(date.x1, right, L.mm(1)),
         f"成文日期右端 {in_mm(date.x1)} mm{_flush(date)}", f"右空四字 {in_mm(right)} ± 1 mm"),
        ("SIG-02", abs(offset) <= 0.5 * W and within(pitch, P, 0.15 * P),
         f"署名中心偏离成文日期中心 {in_mm(offset):+.1f} mm，相隔 {pitch:.1f} pt",
         "署名在成文日期上一行，以成文日期为准居中")]


def _unsealed(organ: Line, date: Line, last_body: Line | None) -> list[Measure]:
    found = []
    if last_body is not None:
        gap = organ.baseline - last_body.baseline
        found.append(("SIG-07", within(gap, 2 * P, 0.15 * P),
                      f"署名距正文末行 {gap / P:.1f} 行", "正文下空一行（相隔 2 行）"))
    long_date = (date.x1 - date.x0) + 2 * W > (organ.x1 - organ.x0) + 0.25 * W
    rule_id, edge, name = ("SIG-08", date.x1, "成文日期") if long_date else (
        "SIG-07", organ.x1, "署名")
    right = RIGHT - L.UNSEALED_SIGN_RIGHT_CHARS * W
    shift = (date.x0 - organ.x0) / W
    return [*found,
            (rule_id, within(edge, right, L.mm(1)), f"{name}右端 {in_mm(edge)} mm",
             f"右空二字 {in_mm(right)} ± 1 mm"),
            (rule_id, within(shift, L.UNSEALED_DATE_SHIFT_CHARS, 0.25) and not _flush(date),
             f"成文日期首字比署名首字右移 {shift:.1f} 字，右端 {in_mm(date.x1)} mm{_flush(date)}",
             "右移二字（成文日期不顶格）")]


def _flush(date: Line) -> str:
    """A date against the 版心's right edge: what offices type, never what 7.3.5 asks."""
    return "（顶格居右）" if within(date.x1, RIGHT, L.mm(1)) else ""


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
