"""The end of the notice: 署名, 成文日期 and 附注 (7.3.5, 7.3.6), and the 版记 (7.4) with the
blank-page rule of 7.5. Where they land depends on the set text, so a Placement measured on a
previous conversion steers them."""

from __future__ import annotations

from docgen.compose.ooxml import (
    add_tab,
    keep_with_next,
    set_alignment,
    set_border,
    set_flag,
    set_indent,
    set_spacing,
    set_tabs,
)
from docgen.compose.placement import Placement
from docgen.compose.sections import SectionKind, end_section
from docgen.compose.writer import Writer
from docgen.notice.model import format_date
from docgen.standard import figures as L
from docgen.standard.styles import Style
from docgen.standard.typeset import text_units, text_width


def lay_out_signature(c: Writer) -> None:
    """署名 and 成文日期 (7.3.5.1 with seal, 7.3.5.2 without), then the 附注 (7.3.6)."""
    organ = c.notice.signing_organ
    date = format_date(c.notice.signature.date)
    char = L.CHAR
    organ_w = text_width(organ, L.SIZE_3HAO, L.BODY_TRACKING)
    date_w = text_width(date, L.SIZE_3HAO, L.BODY_TRACKING)
    if c.notice.signature.sealed:
        # 7.3.5.1: date right with 4 characters; 署名 centred on the date.
        date_right = L.SEALED_DATE_RIGHT_CHARS * char
        organ_right = date_right + (date_w - organ_w) / 2
        gap = L.SEALED_GAP_ROWS
    else:
        # 7.3.5.2: 署名 right with 2 characters; date starts 2 characters further right.
        organ_right = L.UNSEALED_SIGN_RIGHT_CHARS * char
        date_right = organ_right + organ_w - date_w - L.UNSEALED_DATE_SHIFT_CHARS * char
        if date_right < organ_right:  # SIG-08: a long date sets the pair's right edge
            date_right = organ_right
            organ_right = date_right + date_w + L.UNSEALED_DATE_SHIFT_CHARS * char - organ_w
        gap = L.UNSEALED_GAP_ROWS
    # SIG-13: the signature never stands on a page without text above it; the last line
    # of the body (or 附件说明) goes with it.
    set_flag(c.doc.paragraphs[-1], "w:keepNext")
    signed = c.paragraph(Style.SIGNATURE, organ, before=gap * c.pitch)
    dated = c.paragraph(Style.DATE, date)
    # Never a negative indent, which would push the text off the page.
    organ_right = max(organ_right + c.placement.organ_shift, 0.0)
    date_right = max(date_right + c.placement.date_shift, 0.0)
    for paragraph, right in ((signed, organ_right), (dated, date_right)):
        set_indent(paragraph, right=right)
        set_alignment(paragraph, "right")
    keep_with_next(signed)
    if c.notice.note:  # 7.3.6 附注: next row, indented two characters
        keep_with_next(dated)
        c.paragraph(Style.NOTE, c.notice.note)


def lay_out_imprint(c: Writer, placement: Placement) -> None:
    """The 版记 (7.4) where the Placement puts it, after a blank page if 7.5 asks for one."""
    new_section = c.kinds[-1] is SectionKind.LANDSCAPE or placement.blank_page
    if new_section:
        end_section(c.doc)
        c.kinds.append(SectionKind.BLANK if placement.blank_page
                          else SectionKind.NUMBERED)
        if placement.blank_page:
            c.doc.add_paragraph(style=Style.BODY)  # 7.5: the blank page, unnumbered
    spacer = c.doc.add_paragraph(style=Style.BODY)
    set_spacing(spacer, max(placement.imprint_spacer, L.HAIRLINE))
    set_indent(spacer)
    if placement.blank_page or (placement.imprint_new_page and not new_section):
        set_flag(spacer, "w:pageBreakBefore")
    keep_with_next(spacer)
    # 7.4.1: rules as wide as the 版心 (hairline paragraphs without indents), rows inset
    # one character each side (7.4.2, 7.4.3).
    imprint = c.notice.imprint
    side = L.IMPRINT_SIDE_CHARS * L.IMPRINT_SIZE
    _imprint_rule(c, L.IMPRINT_THICK_PT)
    if imprint.cc:
        cc = c.paragraph(Style.IMPRINT, line=L.IMPRINT_LINE_HEIGHT)
        label = "抄送："
        hang = text_units(label) * L.IMPRINT_SIZE
        set_indent(cc, left=side + hang, right=side, first_line=-hang)
        c.run(cc, label + imprint.cc, Style.IMPRINT)
        keep_with_next(cc)
        _imprint_rule(c, L.IMPRINT_THIN_PT)
    printed = c.paragraph(Style.IMPRINT, line=L.IMPRINT_LINE_HEIGHT)
    set_indent(printed, left=side, right=side)
    set_tabs(printed, [("right", L.TYPE_AREA_WIDTH - side)])
    c.run(printed, imprint.printer, Style.IMPRINT)
    add_tab(printed, c.styles[Style.IMPRINT].font, c.styles[Style.IMPRINT].size)
    c.run(printed, format_date(imprint.print_date) + "印发", Style.IMPRINT)
    keep_with_next(printed)
    _imprint_rule(c, L.IMPRINT_THICK_PT, last=True)


def _imprint_rule(c: Writer, width: float, last: bool = False) -> None:
    rule = c.doc.add_paragraph(style=Style.IMPRINT)
    set_spacing(rule, L.IMPRINT_RULE_LINE)
    set_indent(rule)
    set_border(rule, "top", "000000", width, 0)
    if not last:
        keep_with_next(rule)
