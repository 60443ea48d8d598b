"""Where the 署名 rows and the 版记 go next, from where they landed in a converted PDF (7.3.5,
7.4.1, 7.5): the measuring half of the build's passes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pymupdf

from docgen.compose.placement import Placement
from docgen.errors import LayoutError
from docgen.notice.model import Notice, format_date
from docgen.pdf.measure import find_imprint, find_signature, lines, open_pdf
from docgen.standard import figures as L

TOLERANCE = L.mm(0.25)  # how close the 版记's last rule must come to the 版心 bottom
PAGE_BODY_BOTTOM = L.PAGE_HEIGHT - L.LAYOUT_MARGIN_BOTTOM  # where the writer's rows must end


def plan(pdf_path: Path, notice: Notice, current: Placement) -> Placement:
    """The next pass's placement, from where things landed in this one."""
    with open_pdf(pdf_path) as pdf:
        if (tightening := plan_tightening(pdf, notice, current)) is not None:
            return tightening  # the text moves: place the 版记 on the next pass's layout
        imprint = plan_imprint(pdf, notice, current)
        shifts = plan_signature(pdf, notice, current)
    return replace(imprint, organ_shift=shifts[0], date_shift=shifts[1],
                   tight_pitch=current.tight_pitch, tightened=current.tightened)


def plan_tightening(pdf: pymupdf.Document, notice: Notice,
                    current: Placement) -> Placement | None:
    """7.3.5.5: when the 署名 block misses page 1 by a row, the 主体 at a tighter pitch (within
    GRID-03) rather than the block and the body's last line on a page of their own; a fresh
    first pass then, or None to go on placing."""
    if current.measured:
        return None
    missed = signature_miss(pdf, notice)
    if not current.tightened:
        if missed is not None and missed.fits_at(L.TIGHT_LINE_PITCH):
            return Placement(tight_pitch=L.TIGHT_LINE_PITCH, tightened=True)
        return None
    if current.tight_pitch is not None and missed is not None:
        return Placement(tightened=True)  # it did not help after all: the standard pitch
    return None


@dataclass(frozen=True)
class SignatureMiss:
    """Rows of the 主体 on page 1 below the title, and the rows carried to page 2 (the
    body's last lines, the blank rows and the 署名 block), at the standard pitch."""

    first_top: float  # top of the first 主体 row's line box on page 1
    rows: int

    def fits_at(self, pitch: float) -> bool:
        return self.first_top + self.rows * pitch <= PAGE_BODY_BOTTOM


def signature_miss(pdf: pymupdf.Document, notice: Notice) -> SignatureMiss | None:
    """How the 署名 block missed page 1, if it stands on page 2 below rows carried over."""
    if pdf.page_count < 2:
        return None
    date_text = format_date(notice.signature.date)
    carried = _text_rows(pdf[1])
    dates = [index for index, row in enumerate(carried) if row.text.replace(" ", "") == date_text]
    if not dates:
        return None
    block = carried[: dates[0] + 1]
    if any(abs(row.size - L.SIZE_3HAO) > 0.5 for row in block):
        return None  # not the 主体 alone (an attachment label, a table)
    first_page = _text_rows(pdf[0])
    titles = [row.baseline for row in first_page if row.size >= L.TITLE_SIZE - 0.5]
    body = [row for row in first_page if not titles or row.baseline > max(titles)]
    if not body:
        return None
    page_one_rows = round((body[-1].baseline - body[0].baseline) / L.LINE_PITCH) + 1
    carried_rows = round((block[-1].baseline - block[0].baseline) / L.LINE_PITCH) + 1
    first_top = body[0].baseline - L.FIXED_ASCENT_RATIO * L.LINE_PITCH
    return SignatureMiss(first_top, page_one_rows + carried_rows)


def _text_rows(page: pymupdf.Page) -> list:
    """The rows inside the 版心 (no page number, no 草稿 mark above it)."""
    return [row for row in lines(page)
            if row.em_top >= L.MARGIN_TOP - 1 and row.baseline <= L.TYPE_AREA_BOTTOM]


def plan_signature(pdf: pymupdf.Document, notice: Notice,
                   current: Placement) -> tuple[float, float]:
    """Right-indent corrections that put the 署名 and 成文日期 where 7.3.5 wants them."""
    organ, date = find_signature(pdf, notice.signing_organ, format_date(notice.signature.date))
    if organ is None or date is None:
        raise LayoutError("生成的 PDF 中找不到发文机关署名和成文日期")
    if notice.signature.sealed:  # 7.3.5.1: 署名 centred on the date
        organ_error = organ.centre_x - date.centre_x
        date_error = 0.0
    else:  # 7.3.5.2: the date's first character two characters right of the 署名's
        # A positive error widens the right indent, moving the row left.
        shift = L.UNSEALED_DATE_SHIFT_CHARS * L.CHAR
        organ_error = 0.0
        date_error = date.x0 - (organ.x0 + shift)
        limit = L.MARGIN_LEFT + L.TYPE_AREA_WIDTH - L.UNSEALED_SIGN_RIGHT_CHARS * L.CHAR
        if date.x1 - date_error > limit + TOLERANCE:  # SIG-08: the date stops 2 characters in
            date_error = date.x1 - limit
            organ_error = organ.x0 - (date.x0 - date_error - shift)
    right_edge = L.MARGIN_LEFT + L.TYPE_AREA_WIDTH
    if organ_error < 0 and organ.x1 >= right_edge - TOLERANCE:
        organ_error = 0.0  # a 署名 wider than its room already ends at the 版心 edge
    if date_error < 0 and date.x1 >= right_edge - TOLERANCE:
        date_error = 0.0

    def settle(shift: float, error: float) -> float:
        return shift if abs(error) <= TOLERANCE else shift + error
    return settle(current.organ_shift, organ_error), settle(current.date_shift, date_error)


def fresh_page_top(notice: Notice, blank_page: bool) -> float:
    """Where the page body starts on a page of its own for the 版记: a portrait table's
    section starts at the 版心 top, a text section one row's leading above it."""
    last = notice.attachments[-1] if notice.attachments else None
    in_table_section = last is not None and last.table is not None and not last.table.landscape
    return L.PORTRAIT_TABLE.top if in_table_section and not blank_page else L.PORTRAIT.top


def plan_imprint(pdf: pymupdf.Document, notice: Notice, current: Placement) -> Placement:
    """Where the 版记 goes next, from where it landed (7.4.1 last face, 7.5 blank page)."""
    spot = find_imprint(pdf)
    pages = pdf.page_count
    if spot is None:
        raise LayoutError("生成的 PDF 中找不到版记（印发机关和印发日期一行及其分隔线）")
    last_page = spot.page + 1  # 1-based
    if not current.measured:  # first pass: the 版记 follows the content directly
        content_pages = last_page - 1 if spot.alone else last_page
        height = spot.last_rule.y - spot.first_rule.y
        # On a fresh page the body starts at the section's top margin: table sections start
        # lower than text ones, so aim low and let the next pass correct the rest.
        # The first rule is the top border of the paragraph right under the spacer.
        def fresh_page_spacer(blank: bool) -> float:
            top = fresh_page_top(notice, blank)
            return L.TYPE_AREA_BOTTOM - top - height - spot.first_rule.thickness / 2
        if not spot.alone and content_pages % 2 == 0:
            return Placement(current.imprint_spacer + L.TYPE_AREA_BOTTOM - spot.last_rule.y,
                             measured=True)
        if content_pages % 2 == 1:
            return Placement(fresh_page_spacer(False), imprint_new_page=True, measured=True)
        return Placement(fresh_page_spacer(True), imprint_new_page=True, blank_page=True,
                         measured=True)
    if last_page != pages or pages % 2:
        raise LayoutError(f"版记落在第 {last_page} 页，全文共 {pages} 页：版记应在偶数页的最后一面")
    error = L.TYPE_AREA_BOTTOM - spot.last_rule.y
    if abs(error) <= TOLERANCE:
        return current
    return replace(current, imprint_spacer=current.imprint_spacer + error)
