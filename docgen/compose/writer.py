"""The base every part of the composed document writes through: the document, the notice,
the template's styles, the section kinds so far, and paragraphs and runs in a style's look."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from docgen.compose.ooxml import add_run, no_autospace, set_spacing
from docgen.compose.placement import Placement
from docgen.compose.sections import SectionKind
from docgen.compose.template import StyleBook
from docgen.notice.model import Notice
from docgen.standard import figures as L
from docgen.standard.typeset import widow_tracking


class Writer:
    """Writes paragraphs and runs in the template's styles; the parts share one."""

    def __init__(self, document: DocxDocument, notice: Notice) -> None:
        self.doc = document
        self.notice = notice
        self.styles = StyleBook(document)
        self.kinds: list[SectionKind] = [SectionKind.NUMBERED]
        self.placement = Placement()
        self.pitch = L.LINE_PITCH  # the row pitch of paragraphs written without their own

    def paragraph(self, style: str, text: str = "", line: float | None = None,
                  before: float = 0.0, after: float = 0.0) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=self.styles.present(style))
        if text:
            self.run(paragraph, text, style)
        set_spacing(paragraph, line if line is not None else self.pitch, before, after)
        no_autospace(paragraph)
        return paragraph

    def run(self, paragraph: Paragraph, text: str, style: str,
            widths: list[float] | None = None) -> None:
        """``text`` in ``style``'s look; given the ``widths`` of its lines, set tighter where
        that keeps a lone character off the last line."""
        look = self.styles[style]
        tracking = look.tracking
        if widths is not None:
            tighter = widow_tracking(text, widths, look.size, look.tracking or 0.0)
            if tighter != (look.tracking or 0.0):  # else the style's own (None: no w:spacing)
                tracking = tighter
        add_run(paragraph, text, look.font, look.size, look.color, tracking)
