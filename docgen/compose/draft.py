"""The 草稿 mark of a draft build: on every page, above the 版心's top right corner, so that a
draft can never be taken for an issued notice and the text inside the 版心 keeps its place."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length
from docx.text.paragraph import Paragraph

from docgen.compose.ooxml import VML_NAMESPACES, add_run, set_alignment, set_spacing
from docgen.compose.properties import DRAFT_MARK
from docgen.standard import figures as L

MARK_SIZE = L.SIZE_2HAO
MARK_COLOR = "808080"  # grey: red on a notice belongs to the 发文机关标志, the rule and seals
MARK_BOX = (3 * MARK_SIZE, 1.5 * MARK_SIZE)  # width, height in points
MARK_TOP = L.mm(12)  # in the top margin, well above the 版心 (37 mm)


def mark_draft(document: DocxDocument, font: str) -> None:
    """A 草稿 box in every header (odd and even pages) of every section."""
    for section in document.sections:
        right_edge = _points(section.page_width) - _points(section.right_margin)
        for story in (section.header, section.even_page_header):
            if story.is_linked_to_previous:  # the template's first section has no header
                story.is_linked_to_previous = False
                set_spacing(story.paragraphs[0], L.HAIRLINE)
            _add_mark(_first_paragraph(document, story), right_edge - MARK_BOX[0], font)


def _first_paragraph(document: DocxDocument, story) -> Paragraph:
    """The header's first paragraph in the part that will be saved: for a header the template
    brought, docxtpl saves the rendered copy it put behind the relationship, not the part
    python-docx's ``section.header`` still edits."""
    reference = story._sectPr.get_headerReference(story._hdrftr_index)
    element = document.part.rels[reference.rId].target_part.element
    paragraph = element.find(qn("w:p"))
    if paragraph is None:
        paragraph = OxmlElement("w:p")
        element.append(paragraph)
    return Paragraph(paragraph, story)


def _points(length: Length | None) -> float:
    return (length or 0) / 12700


def _add_mark(paragraph: Paragraph, x: float, font: str) -> None:
    width, height = MARK_BOX
    shape = parse_xml(
        f'<w:r {nsdecls("w")} {VML_NAMESPACES}><w:pict>'
        '<v:shape id="docgen-draft" type="#_x0000_t202" '
        f'style="position:absolute;margin-left:{x:.2f}pt;margin-top:{MARK_TOP:.2f}pt;'
        f"width:{width:.2f}pt;height:{height:.2f}pt;z-index:2;"
        'mso-position-horizontal-relative:page;mso-position-vertical-relative:page" '
        f'stroked="t" strokecolor="#{MARK_COLOR}" filled="f">'
        '<v:textbox inset="0,0,0,0"><w:txbxContent/></v:textbox></v:shape></w:pict></w:r>'
    )
    content = shape.find(".//{*}txbxContent")
    inner = Paragraph(OxmlElement("w:p"), paragraph._parent)
    content.append(inner._p)
    set_alignment(inner, "center")
    set_spacing(inner, height)
    add_run(inner, DRAFT_MARK, font, MARK_SIZE, MARK_COLOR)
    paragraph._p.append(shape)
