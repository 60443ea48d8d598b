"""Notice → .docx: the red-header template filled in, then the generated parts appended.

Positions follow layout.py (GB/T 9704 figures). Where a position depends on what the word
processor does with the text (where the body ends, so where the 版记 goes and whether a blank
page is needed) the pipeline measures a first conversion and passes a Placement back in.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from docgen.compose.closing import lay_out_imprint, lay_out_signature
from docgen.compose.draft import mark_draft
from docgen.compose.masthead import lay_out_masthead
from docgen.compose.ooxml import (
    add_line_break,
    add_tab,
    keep_with_next,
    set_flag,
    set_indent,
    set_run_font,
    set_tabs,
)
from docgen.compose.placement import Placement
from docgen.compose.properties import set_language_and_theme, set_properties
from docgen.compose.sections import SectionKind, end_section, finish_sections
from docgen.compose.table import add_task_table
from docgen.compose.template import render_template
from docgen.compose.writer import Writer
from docgen.notice.model import Attachment, Notice, format_date
from docgen.notice.model import Paragraph as BodyParagraph
from docgen.standard import figures as L
from docgen.standard.styles import Style
from docgen.standard.title_break import break_title
from docgen.standard.typeset import text_units

__all__ = ["Composer", "Placement", "render_notice", "template_context", "title_keep"]

HEADING_STYLES = {0: Style.BODY, 1: Style.HEADING_1, 2: Style.HEADING_2, 3: Style.HEADING_3,
                  4: Style.HEADING_4}


def template_context(notice: Notice) -> dict[str, str]:
    return {
        "发文机关标志": notice.issuer.mark,
        "发文机关": notice.issuer.name,
        "发文字号": notice.doc_number,
        "标题": notice.title.replace("\n", ""),
        "成文日期": format_date(notice.signature.date),
    }


def title_keep(notice: Notice) -> list[str]:
    """Phrases a title break must not split: the issuer's name and signing organ, the 文号."""
    return [notice.issuer.name, notice.signing_organ, notice.doc_number]


def render_notice(notice: Notice, template: Path, placement: Placement,
                  draft: bool = False) -> DocxDocument:
    """The notice as a python-docx document; a ``draft`` is marked as one on every page."""
    document = render_template(template, template_context(notice))
    composer = Composer(document, notice)
    composer.compose(placement)
    if draft:
        mark_draft(document, composer.styles[Style.HEADING_1].font)
    set_properties(document, notice.title.replace("\n", ""), notice.issuer.name,
                   notice.doc_number, draft)
    fonts = composer.styles.role_fonts()
    set_language_and_theme(document, body_font=fonts["仿宋"], heading_font=fonts["黑体"])
    return document


class Composer(Writer):
    """Appends the generated parts to the rendered template, in document order."""

    # ── the document ─────────────────────────────────────────────────────────────────────
    def compose(self, placement: Placement) -> None:
        self.placement = placement
        anchor = self.doc.paragraphs[-1]
        anchor._p.getparent().remove(anchor._p)
        self._stamp_template_runs()
        lay_out_masthead(self)
        self._title()
        self.pitch = placement.tight_pitch or L.LINE_PITCH  # 7.3.5.5, through the 附注
        after_title = self._after_title_gap()
        if self.notice.recipients:
            self.paragraph(Style.RECIPIENTS, self.notice.recipients, before=after_title)
            after_title = 0.0
        for item in self.notice.body:
            self._body_paragraph(item, before=after_title)
            after_title = 0.0
        self._attachment_note()
        lay_out_signature(self)
        self.pitch = L.LINE_PITCH
        for index, attachment in enumerate(self.notice.attachments):
            self._attachment(index, attachment)
        lay_out_imprint(self, placement)
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

    # ── 主体 (7.3) ───────────────────────────────────────────────────────────────────────
    def _title(self) -> None:
        lines = break_title(self.notice.title, L.TITLE_MAX_CHARS, title_keep(self.notice))
        offset = L.em_top_offset(L.TITLE_LINE_HEIGHT, L.TITLE_SIZE)
        before = L.TITLE_GAP_ROWS * L.LINE_PITCH - offset
        # 7.3.1 空二行 below the red rule, which closes the previous paragraph.
        self._title_lines(Style.TITLE, lines, before)

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

    def _body_paragraph(self, item: BodyParagraph, before: float = 0.0) -> Paragraph:
        level = item.effective_level
        style = HEADING_STYLES[level]
        paragraph = self.paragraph(style, before=before)
        if level == 0:
            first = L.TYPE_AREA_WIDTH - L.INDENT_CHARS * L.CHAR  # 首行缩进二字
            self.run(paragraph, item.text, style, widths=[first, L.TYPE_AREA_WIDTH])
            return paragraph
        head, tail = split_heading(item)
        self.run(paragraph, head, style)
        if tail:  # 7.3.3 run-in heading: the level's face for the heading only
            self.run(paragraph, tail, Style.BODY)
        else:  # a heading line never stands at a page's foot without its text
            keep_with_next(paragraph)
        return paragraph

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
            before = L.ATTACHMENT_NOTE_GAP_ROWS * self.pitch if index == 0 else 0.0
            paragraph = self.paragraph(Style.ATTACHMENT_NOTE, before=before)
            name_x = indent + label_width + (number_width if numbered else 0)
            set_indent(paragraph, left=name_x, first_line=-(name_x - indent) if index == 0
                       else -(number_width if numbered else 0))
            if numbered:
                set_tabs(paragraph, [("left", name_x)])
            text = (label if index == 0 else "")
            text += f"{index + 1}." if numbered else ""
            self.run(paragraph, text, Style.ATTACHMENT_NOTE)
            if numbered:
                look = self.styles[Style.ATTACHMENT_NOTE]
                add_tab(paragraph, look.font, look.size)
            self.run(paragraph, attachment.title.replace("\n", ""), Style.ATTACHMENT_NOTE,
                     widths=[L.TYPE_AREA_WIDTH - name_x])

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
        label = self.paragraph(Style.ATTACHMENT_LABEL,
                               "附件" + (str(index + 1) if count > 1 else ""))
        set_indent(label)
        if break_before:
            set_flag(label, "w:pageBreakBefore")
        keep_with_next(label)
        # 7.3.7: the title's baseline two rows below the label's (one blank row between).
        before = (L.ATTACHMENT_TITLE_GAP_ROWS + L.FIXED_ASCENT_RATIO) * L.LINE_PITCH \
            - L.FIXED_ASCENT_RATIO * L.TITLE_LINE_HEIGHT
        max_units = frame_width / L.TITLE_SIZE
        after = L.LINE_PITCH / 2 if attachment.table is not None else L.LINE_PITCH
        self._title_lines(Style.ATTACHMENT_TITLE, break_title(attachment.title, max_units,
                                                      title_keep(self.notice)),
                          before, after)
        written = [self._body_paragraph(item) for item in attachment.paragraphs]
        if attachment.table is not None:
            if written:  # the table's caption (or lead-in) goes with the table
                keep_with_next(written[-1])
            add_task_table(self.doc, attachment.table, self.styles)

RUN_IN_MAX_CHARS = 20  # a heading ending in ： is a short phrase, not a sentence


def split_heading(item: BodyParagraph) -> tuple[str, str]:
    """A heading paragraph as its heading part and the text that runs on after it (7.3.3,
    BODY-11): the data's ``heading``, or the text through its first 。, or through a ： that
    closes a short phrase."""
    text = item.text
    if item.heading is not None:
        return text[: len(item.heading)], text[len(item.heading):]
    stop = text.find("。")
    colon = text.find("：")
    if colon != -1 and colon < RUN_IN_MAX_CHARS and (stop == -1 or colon < stop):
        stop = colon
    if stop == -1:
        return text, ""
    return text[: stop + 1], text[stop + 1:]
