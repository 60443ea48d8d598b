"""The 版头 (7.2): 份号, 密级和保密期限, 紧急程度, 发文机关标志, 发文字号, 签发人 and the red
rule, each at its GB/T 9704 place below the 版心 top."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from docgen.compose.ooxml import (
    add_tab,
    set_alignment,
    set_attrs,
    set_border,
    set_indent,
    set_run_font,
    set_spacing,
    set_tabs,
)
from docgen.compose.writer import Writer
from docgen.standard import figures as L
from docgen.standard.styles import Style
from docgen.standard.typeset import text_units, text_width


def lay_out_masthead(c: Writer) -> None:
    """份号 … 发文机关标志, 发文字号 (and 签发人), the red rule, at their GB/T 9704 places."""
    mark, number = _header_paragraphs(c)
    rows = _header_rows(c, mark)
    size, mark_lines = _fit_mark(c, mark)
    mark_line = size * 1.2
    mark_top = (L.MARK_INK_TOP - L.MARK_INK_INSET * size) - L.em_top_offset(mark_line, size)
    before = mark_top - L.LAYOUT_MARGIN_TOP - rows * L.LINE_PITCH
    set_spacing(mark, mark_line, before=max(before, 0.0))
    mark_bottom = mark_top + mark_lines * mark_line
    mark_em_bottom = mark_bottom - mark_line + L.em_bottom_offset(mark_line, size)
    # 7.2.5 / 7.2.6: the 发文字号 (or the first 签发人 row) 空二行 below the mark, em box to
    # em box; further 签发人 rows follow one per row, the 发文字号 on the last of them.
    first_em_top = mark_em_bottom + L.MARK_TO_NUMBER_ROWS * L.LINE_PITCH
    first_top = first_em_top - L.em_top_offset(L.LINE_PITCH, L.SIZE_3HAO)
    _signers(c, number)
    first_after_mark = Paragraph(mark._p.getnext(), mark._parent)
    set_spacing(first_after_mark, L.LINE_PITCH, before=max(first_top - mark_bottom, 0.0))
    # 7.2.7 red rule 4 mm below the 发文字号's em box: the paragraph's bottom border.
    space = L.RULE_BELOW_NUMBER - (L.LINE_PITCH - L.em_bottom_offset(L.LINE_PITCH,
                                                                     L.SIZE_3HAO))
    border = number._p.pPr.find(qn("w:pBdr"))
    bottom = border.find(qn("w:bottom")) if border is not None else None
    if bottom is None:  # a template without the rule still gets one
        set_border(number, "bottom", L.RED, L.RULE_WIDTH_PT, space)
    else:
        set_attrs(bottom, space=round(space))


def _header_paragraphs(c: Writer) -> tuple[Paragraph, Paragraph]:
    by_style = {p.style.name: p for p in c.doc.paragraphs}
    return by_style[Style.MARK], by_style[Style.DOC_NUMBER]


def _header_rows(c: Writer, mark: Paragraph) -> int:
    """份号, 密级和保密期限, 紧急程度: flush left, one per row above the mark (7.2.1–7.2.3)."""
    rows = [(c.notice.copy_number, Style.COPY_NUMBER), (c.notice.secrecy, Style.SECRECY_URGENCY),
            (c.notice.urgency, Style.SECRECY_URGENCY)]
    count = 0
    for text, style in rows:
        if text:
            paragraph = c.paragraph(style, text)
            mark._p.addprevious(paragraph._p)
            count += 1
    return count


def _fit_mark(c: Writer, mark: Paragraph) -> tuple[float, int]:
    """The template's mark size, shrunk so its widest line fits the 版心 (7.2.4);
    returns the size and the number of lines (a 联合行文 mark may have several)."""
    look = c.styles[Style.MARK]
    lines = [line for line in mark.text.split("\n") if line] or [""]
    widest = max(text_units(line) for line in lines)
    size = look.size
    if widest * size > L.TYPE_AREA_WIDTH:
        size = int(L.TYPE_AREA_WIDTH / widest * 2) / 2
    for run in mark.runs:
        set_run_font(run._r.get_or_add_rPr(), _run_font(run) or look.font, size)
    return size, len(lines)


def _signers(c: Writer, number: Paragraph) -> None:
    """上行文 (7.2.5, 7.2.6): 签发人 two a row, right with one character, later rows aligned
    under the first name; the 发文字号 left with one character on the last row. Tabs, not
    indents, place them, so that the red rule below keeps the full 版心 width."""
    signers = c.notice.signers
    if not signers:
        return
    label = "签发人："
    rows = [signers[i:i + 2] for i in range(0, len(signers), 2)]
    right = L.TYPE_AREA_WIDTH - L.CHAR
    names_x = right - text_width("　".join(rows[0]), L.SIZE_3HAO, L.BODY_TRACKING)
    label_x = names_x - text_width(label, L.SIZE_3HAO, L.BODY_TRACKING)
    look = c.styles[Style.DOC_NUMBER]
    for index, row in enumerate(rows):
        last = index == len(rows) - 1
        paragraph = number if last else c.paragraph(Style.DOC_NUMBER)
        set_alignment(paragraph, "left")
        set_indent(paragraph)
        stops = [("left", L.CHAR)] if last else []
        stops.append(("left", label_x if index == 0 else names_x))
        set_tabs(paragraph, stops)  # tab stops count from the margin
        if last:
            number._p.pPr.addnext(_tab_run(look.font, look.size))  # before the 发文字号
        else:
            number._p.addprevious(paragraph._p)
        add_tab(paragraph, look.font, look.size)
        if index == 0:  # the label and the first names run on without a tab between
            c.run(paragraph, label, Style.DOC_NUMBER)
        c.run(paragraph, "　".join(row), Style.SIGNERS)


def _tab_run(font: str, size: float):
    run = OxmlElement("w:r")
    set_run_font(run.get_or_add_rPr(), font, size)
    run.append(OxmlElement("w:tab"))
    return run


def _run_font(run) -> str | None:
    rpr = run._r.rPr
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None
