"""The recipe of the default red-header template (templates/redhead.docx).

Run ``make template`` to regenerate it. A clerk adapts the result in Word or LibreOffice:
the 发文机关标志 text (or keep its {{ 发文机关标志 }} placeholder), the red colour, and the
font of each style. docgen reads fonts, sizes and colours back from the styles, and lays out
the positions itself (GB/T 9704 figures in layout.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from docgen.compose.ooxml import (
    add_page_field,
    add_run,
    child,
    page_setup,
    set_alignment,
    set_attrs,
    set_border,
    set_flag,
    set_indent,
    set_run_font,
    set_spacing,
)
from docgen.compose.properties import set_language_and_theme, set_properties
from docgen.standard import figures as L
from docgen.standard.styles import Style

# The fonts offices name for each role (configurable by editing the template's styles).
DEFAULT_FONTS = {
    "小标宋": "方正小标宋简体",
    "仿宋": "仿宋_GB2312",
    "楷体": "楷体_GB2312",
    "黑体": "黑体",
    "宋体": "宋体",
}


@dataclass(frozen=True)
class StyleSpec:
    name: str
    role: str  # key of DEFAULT_FONTS
    size: float
    align: str = "left"
    line: float = L.LINE_PITCH
    color: str | None = None
    first_line_chars: int = 0
    tracking: float | None = L.BODY_TRACKING


STYLE_SPECS = (
    StyleSpec(Style.MARK, "小标宋", L.MARK_MAX_SIZE, "center", L.MARK_MAX_SIZE * 1.2,
              L.RED, tracking=None),
    StyleSpec(Style.COPY_NUMBER, "仿宋", L.SIZE_3HAO),
    StyleSpec(Style.SECRECY_URGENCY, "黑体", L.SIZE_3HAO),
    StyleSpec(Style.DOC_NUMBER, "仿宋", L.SIZE_3HAO, "center"),
    StyleSpec(Style.SIGNERS, "楷体", L.SIZE_3HAO),
    StyleSpec(Style.TITLE, "小标宋", L.TITLE_SIZE, "center", L.TITLE_LINE_HEIGHT, tracking=None),
    StyleSpec(Style.RECIPIENTS, "仿宋", L.SIZE_3HAO, "both"),
    StyleSpec(Style.BODY, "仿宋", L.SIZE_3HAO, "both", first_line_chars=L.INDENT_CHARS),
    StyleSpec(Style.HEADING_1, "黑体", L.SIZE_3HAO, "both", first_line_chars=L.INDENT_CHARS),
    StyleSpec(Style.HEADING_2, "楷体", L.SIZE_3HAO, "both", first_line_chars=L.INDENT_CHARS),
    StyleSpec(Style.HEADING_3, "仿宋", L.SIZE_3HAO, "both", first_line_chars=L.INDENT_CHARS),
    StyleSpec(Style.HEADING_4, "仿宋", L.SIZE_3HAO, "both", first_line_chars=L.INDENT_CHARS),
    StyleSpec(Style.ATTACHMENT_NOTE, "仿宋", L.SIZE_3HAO, "both", first_line_chars=L.INDENT_CHARS),
    StyleSpec(Style.SIGNATURE, "仿宋", L.SIZE_3HAO, "right"),
    StyleSpec(Style.DATE, "仿宋", L.SIZE_3HAO, "right"),
    StyleSpec(Style.NOTE, "仿宋", L.SIZE_3HAO, "both", first_line_chars=L.INDENT_CHARS),
    StyleSpec(Style.ATTACHMENT_LABEL, "黑体", L.SIZE_3HAO),
    StyleSpec(Style.ATTACHMENT_TITLE, "小标宋", L.TITLE_SIZE, "center", L.TITLE_LINE_HEIGHT,
              tracking=None),
    StyleSpec(Style.TABLE_HEADER, "黑体", L.TABLE_FONT_SIZE, "center", tracking=None),
    StyleSpec(Style.TABLE_TEXT, "仿宋", L.TABLE_FONT_SIZE, tracking=None),
    StyleSpec(Style.IMPRINT, "仿宋", L.IMPRINT_SIZE, line=L.IMPRINT_LINE_HEIGHT, tracking=None),
    StyleSpec(Style.PAGE_NUMBER, "宋体", L.PAGE_NUMBER_SIZE, line=L.PAGE_NUMBER_LINE_HEIGHT,
              tracking=None),
    StyleSpec(Style.ANCHOR, "仿宋", L.SIZE_3HAO),
)
ANCHOR_TEXT = ("（此段标出正文位置：标题、主送机关、正文、署名、附件与版记由 docgen 生成。"
               "请勿删除。）")


def make_red_header(path: Path) -> None:
    doc = Document()
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    _plain_defaults(doc)
    for spec in STYLE_SPECS:
        _add_style(doc, spec)
    _header_paragraphs(doc)
    _page_setup(doc)
    set_properties(doc, "红头文件模板", "docgen")
    set_language_and_theme(doc, body_font=DEFAULT_FONTS["仿宋"], heading_font=DEFAULT_FONTS["黑体"])
    doc.save(path)


def _plain_defaults(doc) -> None:
    """No theme fonts anywhere, 仿宋 3号 by default, no punctuation compression."""
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = child(rpr_default, "w:rPr")
    set_run_font(rpr, DEFAULT_FONTS["仿宋"], L.SIZE_3HAO)
    set_attrs(child(rpr, "w:lang"), val="en-US", eastAsia="zh-CN")
    settings = doc.settings.element
    set_attrs(child(settings, "w:characterSpacingControl"), val="doNotCompress")
    doc.settings.odd_and_even_pages_header_footer = True
    for style in doc.styles:  # python-docx's own styles use theme fonts: pin them too
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            rpr = style.element.find(qn("w:rPr"))
            if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
                set_run_font(rpr, DEFAULT_FONTS["黑体" if "Heading" in style.name else "仿宋"])


def _add_style(doc, spec: StyleSpec) -> None:
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.quick_style = True
    element = style.element
    set_run_font(element.get_or_add_rPr(), DEFAULT_FONTS[spec.role], spec.size, spec.color,
                 spec.tracking)
    set_spacing(element, spec.line)
    set_indent(element, first_line=spec.first_line_chars * L.CHAR)
    set_alignment(element, spec.align)
    set_flag(element, "w:widowControl", on=False)  # full pages of 22 lines, never fewer
    set_flag(element, "w:overflowPunct", on=False)  # 5.2.1: nothing hangs outside the 版心
    set_flag(element, "w:autoSpaceDE", on=False)  # no extra space between CJK and digits
    set_flag(element, "w:autoSpaceDN", on=False)
    set_flag(element, "w:snapToGrid", on=False)


def _header_paragraphs(doc) -> None:
    # Runs carry no fonts of their own: the styles decide, and docgen stamps them on render.
    doc.add_paragraph("{{ 发文机关标志 }}", style=Style.MARK)
    number = doc.add_paragraph("{{ 发文字号 }}", style=Style.DOC_NUMBER)
    # 7.2.7 the red rule: the 发文字号 paragraph's bottom border (docgen sets its distance).
    set_border(number, "bottom", L.RED, L.RULE_WIDTH_PT, 0)
    doc.add_paragraph(ANCHOR_TEXT, style=Style.ANCHOR)


def _page_setup(doc) -> None:
    section = doc.sections[0]
    frame = L.PORTRAIT
    page_setup(section._sectPr, frame.width, frame.height, frame.top, frame.bottom, frame.left,
               frame.right, L.FOOTER_DISTANCE, landscape=False)
    write_page_number(section.footer.paragraphs[0], odd=True)
    write_page_number(section.even_page_footer.paragraphs[0], odd=False)


def write_page_number(paragraph, odd: bool, font: str | None = None, inset: bool = True) -> None:
    """— N —: 4号宋体, odd pages right and even pages left, one character in (7.5); without
    ``inset`` where the box holding it already sits one character in."""
    font = font or DEFAULT_FONTS["宋体"]
    paragraph.style = Style.PAGE_NUMBER
    side = L.PAGE_NUMBER_SIDE_CHARS * L.PAGE_NUMBER_SIZE if inset else 0.0
    set_indent(paragraph, left=0 if odd else side, right=side if odd else 0)
    set_alignment(paragraph, "right" if odd else "left")
    set_spacing(paragraph, L.PAGE_NUMBER_LINE_HEIGHT)
    add_run(paragraph, "— ", font, L.PAGE_NUMBER_SIZE)
    add_page_field(paragraph, font, L.PAGE_NUMBER_SIZE)
    add_run(paragraph, " —", font, L.PAGE_NUMBER_SIZE)
