"""Notice → .docx: the red-header template filled in, then the generated parts appended.

Positions follow layout.py (GB/T 9704 figures). Where a position depends on what the word
processor does with the text (where the body ends, so where the 版记 goes and whether a blank
page is needed) the pipeline measures a first conversion and passes a Placement back in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from . import layout as L
from .model import Attachment, Notice, format_date
from .model import Paragraph as BodyParagraph
from .ooxml import (
    add_line_break,
    add_run,
    add_tab,
    keep_with_next,
    no_autospace,
    set_alignment,
    set_attrs,
    set_border,
    set_flag,
    set_indent,
    set_run_font,
    set_spacing,
    set_tabs,
)
from .recipe import BODY
from .sections import SectionKind, end_section, finish_sections
from .table import add_task_table
from .template import StyleBook, render_template
from .typeset import break_title, text_units, text_width

HEADING_STYLES = {0: BODY, 1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}


@dataclass(frozen=True)
class Placement:
    """Where the 版记 goes, decided from a measured first conversion (7.4.1, 7.5)."""

    imprint_spacer: float = 0.0  # points of space above the 版记 on its page
    imprint_new_page: bool = False  # the 版记 starts a page of its own
    blank_page: bool = False  # an unnumbered blank page precedes the 版记 page
    # Measured corrections to the 署名 and 成文日期 right indents: glyph widths (digits, and the
    # gap LibreOffice puts between digits and CJK) are only known once the text is set.
    organ_shift: float = 0.0
    date_shift: float = 0.0
    measured: bool = False  # False only for the first pass, before anything was measured


def template_context(notice: Notice) -> dict[str, str]:
    return {
        "发文机关标志": notice.issuer.mark,
        "发文机关": notice.issuer.name,
        "发文字号": notice.doc_number,
        "标题": notice.title.replace("\n", ""),
        "成文日期": format_date(notice.signature.date),
    }


def render_notice(notice: Notice, template: Path, placement: Placement) -> DocxDocument:
    """The notice as a python-docx document."""
    document = render_template(template, template_context(notice))
    _Composer(document, notice).compose(placement)
    props = document.core_properties
    props.title = notice.title.replace("\n", "")
    props.author = notice.issuer.name
    props.subject = notice.doc_number
    props.keywords = notice.doc_number
    return document


class _Composer:
    def __init__(self, document: DocxDocument, notice: Notice) -> None:
        self.doc = document
        self.notice = notice
        self.styles = StyleBook(document)
        self.kinds: list[SectionKind] = [SectionKind.NUMBERED]

    # ── helpers ──────────────────────────────────────────────────────────────────────────
    def paragraph(self, style: str, text: str = "", line: float | None = None,
                  before: float = 0.0, after: float = 0.0) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            self.run(paragraph, text, style)
        set_spacing(paragraph, line if line is not None else L.LINE_PITCH, before, after)
        no_autospace(paragraph)
        return paragraph

    def run(self, paragraph: Paragraph, text: str, style: str) -> None:
        look = self.styles[style]
        add_run(paragraph, text, look.font, look.size, look.color, look.tracking)

    # ── the document ─────────────────────────────────────────────────────────────────────
    def compose(self, placement: Placement) -> None:
        self.placement = placement
        anchor = self.doc.paragraphs[-1]
        anchor._p.getparent().remove(anchor._p)
        self._stamp_template_runs()
        self._header()
        self._title()
        after_title = self._after_title_gap()
        if self.notice.recipients:
            self.paragraph("主送机关", self.notice.recipients, before=after_title)
            after_title = 0.0
        for item in self.notice.body:
            self._body_paragraph(item, before=after_title)
            after_title = 0.0
        self._attachment_note()
        self._signature()
        for index, attachment in enumerate(self.notice.attachments):
            self._attachment(index, attachment)
        self._imprint(placement)
        finish_sections(self.doc, self.kinds, self.styles)

    def _stamp_template_runs(self) -> None:
        """Template runs without a font of their own take their style's, East Asian included."""
        for paragraph in self.doc.paragraphs:
            look = self.styles.get(paragraph.style.name)
            if look is None:
                continue
            for run in paragraph.runs:
                rpr = run._r.get_or_add_rPr()
                fonts = rpr.find(qn("w:rFonts"))
                if fonts is None or not fonts.get(qn("w:eastAsia")):
                    set_run_font(rpr, look.font, look.size)

    # ── 版头 (7.2) ───────────────────────────────────────────────────────────────────────
    def _header(self) -> None:
        """份号 … 发文机关标志, 发文字号 (and 签发人), the red rule, at their GB/T 9704 places."""
        mark, number = self._find_header_paragraphs()
        rows = self._header_rows(mark)
        size, mark_lines = self._fit_mark(mark)
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
        self._signers(number)
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

    def _find_header_paragraphs(self) -> tuple[Paragraph, Paragraph]:
        by_style = {p.style.name: p for p in self.doc.paragraphs}
        return by_style["发文机关标志"], by_style["发文字号"]

    def _header_rows(self, mark: Paragraph) -> int:
        """份号, 密级和保密期限, 紧急程度: flush left, one per row above the mark (7.2.1–7.2.3)."""
        rows = [(self.notice.copy_number, "份号"), (self.notice.secrecy, "密级和紧急程度"),
                (self.notice.urgency, "密级和紧急程度")]
        count = 0
        for text, style in rows:
            if text:
                paragraph = self.paragraph(style, text)
                mark._p.addprevious(paragraph._p)
                count += 1
        return count

    def _fit_mark(self, mark: Paragraph) -> tuple[float, int]:
        """The template's mark size, shrunk so its widest line fits the 版心 (7.2.4);
        returns the size and the number of lines (a 联合行文 mark may have several)."""
        look = self.styles["发文机关标志"]
        lines = [line for line in mark.text.split("\n") if line] or [""]
        widest = max(text_units(line) for line in lines)
        size = look.size
        if widest * size > L.TYPE_AREA_WIDTH:
            size = int(L.TYPE_AREA_WIDTH / widest * 2) / 2
        for run in mark.runs:
            set_run_font(run._r.get_or_add_rPr(), _run_font(run) or look.font, size)
        return size, len(lines)

    def _signers(self, number: Paragraph) -> None:
        """上行文 (7.2.5, 7.2.6): 签发人 two a row, right with one character, later rows aligned
        under the first name; the 发文字号 left with one character on the last row. Tabs, not
        indents, place them, so that the red rule below keeps the full 版心 width."""
        signers = self.notice.signers
        if not signers:
            return
        label = "签发人："
        rows = [signers[i:i + 2] for i in range(0, len(signers), 2)]
        right = L.TYPE_AREA_WIDTH - L.CHAR
        names_x = right - text_width("　".join(rows[0]), L.SIZE_3HAO, L.BODY_TRACKING)
        label_x = names_x - text_width(label, L.SIZE_3HAO, L.BODY_TRACKING)
        look = self.styles["发文字号"]
        for index, row in enumerate(rows):
            last = index == len(rows) - 1
            paragraph = number if last else self.paragraph("发文字号")
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
                self.run(paragraph, label, "发文字号")
            self.run(paragraph, "　".join(row), "签发人")

    # ── 主体 (7.3) ───────────────────────────────────────────────────────────────────────
    def _title(self) -> None:
        lines = break_title(self.notice.title, L.TITLE_MAX_CHARS)
        offset = L.em_top_offset(L.TITLE_LINE_HEIGHT, L.TITLE_SIZE)
        before = L.TITLE_GAP_ROWS * L.LINE_PITCH - offset
        # 7.3.1 空二行 below the red rule, which closes the previous paragraph.
        self._title_lines("公文标题", lines, before)

    def _title_lines(self, style: str, lines: list[str], before: float,
                     after: float = 0.0) -> Paragraph:
        paragraph = self.paragraph(style, line=L.TITLE_LINE_HEIGHT, before=before, after=after)
        look = self.styles[style]
        for index, line in enumerate(lines):
            if index:
                add_line_break(paragraph, look.font, look.size)
            self.run(paragraph, line, style)
        keep_with_next(paragraph)
        return paragraph

    @staticmethod
    def _after_title_gap() -> float:
        """7.3.2 空一行 below the title, em box to em box: before the 主送 (or the body)."""
        title_em_bottom = L.em_bottom_offset(L.TITLE_LINE_HEIGHT, L.TITLE_SIZE)
        em_top = title_em_bottom + L.RECIPIENT_GAP_ROWS * L.LINE_PITCH
        return em_top - L.TITLE_LINE_HEIGHT - L.em_top_offset(L.LINE_PITCH, L.SIZE_3HAO)

    def _body_paragraph(self, item: BodyParagraph, before: float = 0.0) -> None:
        level = item.effective_level
        style = HEADING_STYLES[level]
        paragraph = self.paragraph(style, before=before)
        if level in (1, 2):  # BODY-11: the heading's font through its first 。, then 仿宋
            head, tail = _split_heading(item.text)
            self.run(paragraph, head, style)
            if tail:
                self.run(paragraph, tail, BODY)
        else:
            self.run(paragraph, item.text, style)

    def _attachment_note(self) -> None:
        """附件说明: 空一行 below the body, 附件： then the names, aligned (7.3.4)."""
        attachments = self.notice.attachments
        if not attachments:
            return
        indent = L.INDENT_CHARS * L.CHAR
        label = "附件："
        label_width = text_units(label) * L.CHAR
        numbered = len(attachments) > 1
        number_width = 1.5 * L.CHAR  # room for "1." up to "99."
        for index, attachment in enumerate(attachments):
            before = L.ATTACHMENT_NOTE_GAP_ROWS * L.LINE_PITCH if index == 0 else 0.0
            paragraph = self.paragraph(BODY, before=before)
            name_x = indent + label_width + (number_width if numbered else 0)
            set_indent(paragraph, left=name_x, first_line=-(name_x - indent) if index == 0
                       else -(number_width if numbered else 0))
            if numbered:
                set_tabs(paragraph, [("left", name_x)])
            text = (label if index == 0 else "")
            text += f"{index + 1}." if numbered else ""
            self.run(paragraph, text, BODY)
            if numbered:
                add_tab(paragraph, self.styles[BODY].font, self.styles[BODY].size)
            self.run(paragraph, attachment.title.replace("\n", ""), BODY)

    def _signature(self) -> None:
        organ = self.notice.signing_organ
        date = format_date(self.notice.signature.date)
        char = L.CHAR
        organ_w = text_width(organ, L.SIZE_3HAO, L.BODY_TRACKING)
        date_w = text_width(date, L.SIZE_3HAO, L.BODY_TRACKING)
        if self.notice.signature.sealed:
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
        set_flag(self.doc.paragraphs[-1], "w:keepNext")
        signed = self.paragraph(BODY, organ, before=gap * L.LINE_PITCH)
        dated = self.paragraph(BODY, date)
        # Never a negative indent, which would push the text off the page.
        organ_right = max(organ_right + self.placement.organ_shift, 0.0)
        date_right = max(date_right + self.placement.date_shift, 0.0)
        for paragraph, right in ((signed, organ_right), (dated, date_right)):
            set_indent(paragraph, right=right)
            set_alignment(paragraph, "right")
        keep_with_next(signed)
        if self.notice.note:  # 7.3.6 附注: next row, indented two characters
            keep_with_next(dated)
            self.paragraph(BODY, self.notice.note)

    # ── 附件 (7.3.7) and tables (8) ──────────────────────────────────────────────────────
    def _attachment(self, index: int, attachment: Attachment) -> None:
        landscape = attachment.table is not None and attachment.table.landscape
        if attachment.table is None:
            kind = SectionKind.NUMBERED
        else:
            kind = SectionKind.LANDSCAPE if landscape else SectionKind.TABLE
        if kind is not SectionKind.NUMBERED or self.kinds[-1] is not SectionKind.NUMBERED:
            end_section(self.doc)
            self.kinds.append(kind)
            break_before = False
        else:
            break_before = True
        frame_width = L.TYPE_AREA_HEIGHT if landscape else L.TYPE_AREA_WIDTH
        count = len(self.notice.attachments)
        label = self.paragraph("附件标签", "附件" + (str(index + 1) if count > 1 else ""))
        set_indent(label)
        if break_before:
            set_flag(label, "w:pageBreakBefore")
        keep_with_next(label)
        # 7.3.7: the title's baseline two rows below the label's (one blank row between).
        before = (L.ATTACHMENT_TITLE_GAP_ROWS + L.FIXED_ASCENT_RATIO) * L.LINE_PITCH \
            - L.FIXED_ASCENT_RATIO * L.TITLE_LINE_HEIGHT
        max_units = frame_width / L.TITLE_SIZE
        after = L.LINE_PITCH / 2 if attachment.table is not None else L.LINE_PITCH
        self._title_lines("附件标题", break_title(attachment.title, max_units), before, after)
        for item in attachment.paragraphs:
            self._body_paragraph(item)
        if attachment.table is not None:
            add_task_table(self.doc, attachment.table, self.styles)

    # ── 版记 (7.4) ───────────────────────────────────────────────────────────────────────
    def _imprint(self, placement: Placement) -> None:
        new_section = self.kinds[-1] is SectionKind.LANDSCAPE or placement.blank_page
        if new_section:
            end_section(self.doc)
            self.kinds.append(SectionKind.BLANK if placement.blank_page
                              else SectionKind.NUMBERED)
            if placement.blank_page:
                self.doc.add_paragraph(style=BODY)  # 7.5: the blank page, unnumbered
        spacer = self.doc.add_paragraph(style=BODY)
        set_spacing(spacer, max(placement.imprint_spacer, L.HAIRLINE))
        set_indent(spacer)
        if placement.blank_page or (placement.imprint_new_page and not new_section):
            set_flag(spacer, "w:pageBreakBefore")
        keep_with_next(spacer)
        # 7.4.1: rules as wide as the 版心 (hairline paragraphs without indents), rows inset
        # one character each side (7.4.2, 7.4.3).
        imprint = self.notice.imprint
        side = L.IMPRINT_SIDE_CHARS * L.IMPRINT_SIZE
        self._imprint_rule(L.IMPRINT_THICK_PT)
        if imprint.cc:
            cc = self.paragraph("版记", line=L.IMPRINT_LINE_HEIGHT)
            label = "抄送："
            hang = text_units(label) * L.IMPRINT_SIZE
            set_indent(cc, left=side + hang, right=side, first_line=-hang)
            self.run(cc, label + imprint.cc, "版记")
            keep_with_next(cc)
            self._imprint_rule(L.IMPRINT_THIN_PT)
        printed = self.paragraph("版记", line=L.IMPRINT_LINE_HEIGHT)
        set_indent(printed, left=side, right=side)
        set_tabs(printed, [("right", L.TYPE_AREA_WIDTH - side)])
        self.run(printed, imprint.printer, "版记")
        add_tab(printed, self.styles["版记"].font, self.styles["版记"].size)
        self.run(printed, format_date(imprint.print_date) + "印发", "版记")
        keep_with_next(printed)
        self._imprint_rule(L.IMPRINT_THICK_PT, last=True)

    def _imprint_rule(self, width: float, last: bool = False) -> None:
        rule = self.doc.add_paragraph(style="版记")
        set_spacing(rule, L.IMPRINT_RULE_LINE)
        set_indent(rule)
        set_border(rule, "top", "000000", width, 0)
        if not last:
            keep_with_next(rule)


def _split_heading(text: str) -> tuple[str, str]:
    """A level-1/2 heading's own font runs through its first 。 (BODY-11)."""
    end = text.find("。")
    if end == -1:
        return text, ""
    return text[: end + 1], text[end + 1:]


def _tab_run(font: str, size: float):
    run = OxmlElement("w:r")
    set_run_font(run.get_or_add_rPr(), font, size)
    run.append(OxmlElement("w:tab"))
    return run


def _run_font(run) -> str | None:
    rpr = run._r.rPr
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None
