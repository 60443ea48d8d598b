"""Sections of the notice: portrait pages with numbers, landscape table pages, and the
unnumbered blank page and 版记 page of clause 7.5."""

from __future__ import annotations

from copy import deepcopy
from enum import Enum

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

from docgen.compose.ooxml import VML_NAMESPACES, page_setup, set_spacing
from docgen.compose.recipe import write_page_number
from docgen.compose.template import StyleBook
from docgen.standard import figures as L
from docgen.standard.styles import Style


class SectionKind(Enum):
    NUMBERED = "numbered"  # portrait on the body grid, — N — in the footer
    TABLE = "table"  # portrait table pages, numbered like the body
    LANDSCAPE = "landscape"  # clause 8: turned table pages, number at the sheet's place
    BLANK = "blank"  # 7.5: blank page and 版记 page, neither numbered


FRAMES = {SectionKind.TABLE: L.PORTRAIT_TABLE, SectionKind.LANDSCAPE: L.LANDSCAPE}


def end_section(document: DocxDocument) -> None:
    """Close the current section at the last paragraph (adding a hairline one after a table)."""
    body = document.element.body
    sentinel = body.find(qn("w:sectPr"))
    last = sentinel.getprevious()
    if last is None or last.tag != qn("w:p") or last.find(qn("w:pPr") + "/" + qn("w:sectPr")) \
            is not None:
        paragraph = document.add_paragraph()
        set_spacing(paragraph, L.HAIRLINE)  # it must never push a page of its own
        last = paragraph._p
    closing = deepcopy(sentinel)
    last.get_or_add_pPr().append(closing)
    for reference in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(reference)  # the new section's own are set by finish_sections


def finish_sections(document: DocxDocument, kinds: list[SectionKind], styles: StyleBook,
                    keep_template_footers: bool = True) -> None:
    """Page setup for every section; headers and footers for every section after the first
    (and for the first too, unless it keeps the template's own page-number footers)."""
    for index, (section, kind) in enumerate(zip(document.sections, kinds, strict=True)):
        frame = FRAMES.get(kind, L.PORTRAIT)
        page_setup(section._sectPr, frame.width, frame.height, frame.top, frame.bottom,
                   frame.left, frame.right, L.FOOTER_DISTANCE, kind is SectionKind.LANDSCAPE)
        if index == 0 and keep_template_footers and kind is SectionKind.NUMBERED:
            continue  # the template's own footers number the first section
        font = styles[Style.PAGE_NUMBER].font
        stories = (section.header, section.even_page_header, section.footer,
                   section.even_page_footer)
        for story in stories:
            if index == 0:
                # docxtpl serves the template's own header and footer parts from its cache
                # when saving: drop them and start fresh parts instead of editing them.
                story.is_linked_to_previous = True
            story.is_linked_to_previous = False
            _clear(story)
            _hairline(story.paragraphs[0])
        if kind in (SectionKind.NUMBERED, SectionKind.TABLE):
            write_page_number(section.footer.paragraphs[0], odd=True, font=font)
            write_page_number(section.even_page_footer.paragraphs[0], odd=False, font=font)
        elif kind is SectionKind.LANDSCAPE:
            _landscape_number(section.header.paragraphs[0], odd=True, font=font)
            _landscape_number(section.even_page_header.paragraphs[0], odd=False, font=font)


def _clear(story) -> None:
    """Leave a header or footer with one empty paragraph (the template's may hold a number)."""
    element = story._element
    for child in list(element):
        element.remove(child)
    element.append(OxmlElement("w:p"))


def _hairline(paragraph: Paragraph) -> None:
    set_spacing(paragraph, L.HAIRLINE)


def _landscape_number(paragraph: Paragraph, odd: bool, font: str) -> None:
    """A text box on the page, text running top to bottom, where the portrait number sits.

    Seen in landscape, the sheet's bottom edge is on the left: the number's box is centred
    on x' = 297 − 269 mm, and its end (odd) or start (even) is one character in from the
    版心 edge, as on portrait pages. LibreOffice keeps the page position of a VML box in a
    header; it ignores that of a DrawingML one (LibreOffice 7.4), hence VML.
    """
    thickness, length = L.LANDSCAPE_NUMBER_BOX
    side = L.PAGE_NUMBER_SIDE_CHARS * L.PAGE_NUMBER_SIZE
    x = L.LANDSCAPE_NUMBER_X - thickness / 2 + L.LANDSCAPE_NUMBER_ACROSS_NUDGE
    if odd:  # the sheet's 版心 right edge is at y' = 184 mm
        y = L.MARGIN_LEFT + L.TYPE_AREA_WIDTH - side - length + L.LANDSCAPE_NUMBER_END_NUDGE
    else:
        y = L.MARGIN_LEFT + side + L.LANDSCAPE_NUMBER_START_NUDGE
    shape = parse_xml(
        f'<w:r {nsdecls("w")} {VML_NAMESPACES}><w:pict>'
        f'<v:shape id="docgen-page-{"odd" if odd else "even"}" type="#_x0000_t202" '
        f'style="position:absolute;margin-left:{x:.2f}pt;margin-top:{y:.2f}pt;'
        f"width:{thickness:.2f}pt;height:{length:.2f}pt;z-index:1;"
        "mso-position-horizontal-relative:page;mso-position-vertical-relative:page;"
        'layout-flow:vertical" stroked="f" filled="f">'
        '<v:textbox style="layout-flow:vertical" inset="0,0,0,0"><w:txbxContent/></v:textbox>'
        "</v:shape></w:pict></w:r>"
    )
    content = shape.find(".//" + qn("w:txbxContent"))
    inner = Paragraph(OxmlElement("w:p"), paragraph._parent)
    content.append(inner._p)
    write_page_number(inner, odd, font, inset=False)
    paragraph._p.append(shape)
