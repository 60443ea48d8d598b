"""A task list (a unit's extract, the 汇总, the 修订对照表) as a .docx in the attachment's
typography: title, source line, the table, page numbers."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument

from docgen.compose.notice import template_context, title_keep
from docgen.compose.ooxml import (
    add_line_break,
    add_run,
    no_autospace,
    set_alignment,
    set_indent,
    set_spacing,
)
from docgen.compose.properties import set_language_and_theme, set_properties
from docgen.compose.sections import SectionKind, finish_sections
from docgen.compose.table import add_task_table
from docgen.compose.template import StyleBook, render_template
from docgen.notice.model import Notice, Table
from docgen.standard import figures as L
from docgen.standard.styles import Style
from docgen.standard.title_break import break_title


def render_extract(notice: Notice, table: Table, title_text: str, template: Path, *,
                   subtitle: str | None = None) -> DocxDocument:
    """A task list in the attachment's typography: title, source line (``subtitle``, by
    default 据…整理), the table, page numbers. A newline in ``title_text`` is a line break."""
    # The same placeholders as the notice, so any template that renders one renders this.
    document = render_template(template, template_context(notice))
    body = document.element.body
    for paragraph in list(document.paragraphs):
        body.remove(paragraph._p)
    styles = StyleBook(document)
    frame_width = L.TYPE_AREA_HEIGHT if table.landscape else L.TYPE_AREA_WIDTH
    title = document.add_paragraph(style=Style.TITLE)
    set_spacing(title, L.TITLE_LINE_HEIGHT)
    look = styles[Style.TITLE]
    for index, line in enumerate(break_title(title_text, frame_width / L.TITLE_SIZE,
                                                   title_keep(notice))):
        if index:
            add_line_break(title, look.font, look.size)
        add_run(title, line, look.font, look.size, look.color, look.tracking)
    source_line = document.add_paragraph(style=Style.BODY)
    set_spacing(source_line, L.LINE_PITCH, after=L.LINE_PITCH / 2)
    set_indent(source_line)
    set_alignment(source_line, "center")
    no_autospace(source_line)
    body_look = styles[Style.BODY]
    add_run(source_line, subtitle or f"（据{notice.doc_number}整理）", body_look.font,
            body_look.size, body_look.color, body_look.tracking)
    add_task_table(document, table, styles)
    kind = SectionKind.LANDSCAPE if table.landscape else SectionKind.TABLE
    finish_sections(document, [kind], styles, keep_template_footers=False)
    set_properties(document, title_text.replace("\n", ""), notice.issuer.name, notice.doc_number)
    fonts = styles.role_fonts()
    set_language_and_theme(document, body_font=fonts["仿宋"], heading_font=fonts["黑体"])
    return document
