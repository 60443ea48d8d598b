"""Small WordprocessingML helpers the renderer and the template recipe share.

python-docx covers paragraphs and runs; what it lacks (East Asian fonts on every run, exact
spacing in points, borders, fields, section properties) is written here as raw XML.
"""

from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from docgen.standard.figures import MM

VML_NAMESPACES = (
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)


def twips(points: float) -> int:
    return round(points * 20)


def half_points(points: float) -> int:
    return round(points * 2)


def child(parent: etree._Element, tag: str, before: tuple[str, ...] = ()) -> etree._Element:
    """The first child ``tag`` of ``parent``, created (ahead of any ``before`` tag) if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    for name in before:
        anchor = parent.find(qn(name))
        if anchor is not None:
            anchor.addprevious(element)
            return element
    parent.append(element)
    return element


def set_attrs(element: etree._Element, **values: object) -> etree._Element:
    for key, value in values.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


# ── runs ───────────────────────────────────────────────────────────────────────────────────
_RPR_ORDER = ("w:rFonts", "w:b", "w:bCs", "w:color", "w:spacing", "w:w", "w:sz", "w:szCs",
              "w:lang")


def set_run_font(
    rpr: etree._Element,
    font: str,
    size: float | None = None,
    color: str | None = None,
    tracking: float | None = None,
) -> None:
    """Name ``font`` for every script of a run (East Asian included, theme fonts removed)."""
    fonts = child(rpr, "w:rFonts", before=_RPR_ORDER[1:])
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    set_attrs(fonts, ascii=font, hAnsi=font, eastAsia=font, cs=font, hint="eastAsia")
    if color is not None:
        set_attrs(child(rpr, "w:color", before=_RPR_ORDER[3:]), val=color)
    if tracking is not None:
        set_attrs(child(rpr, "w:spacing", before=_RPR_ORDER[4:]), val=twips(tracking))
    if size is not None:
        set_attrs(child(rpr, "w:sz", before=_RPR_ORDER[7:]), val=half_points(size))
        set_attrs(child(rpr, "w:szCs", before=_RPR_ORDER[8:]), val=half_points(size))


def add_run(paragraph: Paragraph, text: str, font: str, size: float, color: str | None = None,
            tracking: float | None = None) -> Run:
    run = paragraph.add_run(text)
    set_run_font(run._r.get_or_add_rPr(), font, size, color, tracking)
    return run


def add_tab(paragraph: Paragraph, font: str, size: float) -> None:
    run = paragraph.add_run()
    set_run_font(run._r.get_or_add_rPr(), font, size)
    run._r.append(OxmlElement("w:tab"))


def add_line_break(paragraph: Paragraph, font: str, size: float) -> None:
    run = paragraph.add_run()
    set_run_font(run._r.get_or_add_rPr(), font, size)
    run._r.append(OxmlElement("w:br"))


def add_page_field(paragraph: Paragraph, font: str, size: float) -> None:
    """A PAGE field whose cached value is 1 (LibreOffice and Word recompute it)."""
    field = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r>'
                      "</w:fldSimple>")
    set_run_font(field[0].get_or_add_rPr(), font, size)
    paragraph._p.append(field)


# ── paragraphs ─────────────────────────────────────────────────────────────────────────────
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:widowControl",
              "w:pBdr", "w:tabs", "w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:snapToGrid", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr")


def ppr_child(paragraph: Paragraph | etree._Element, tag: str) -> etree._Element:
    p = paragraph._p if isinstance(paragraph, Paragraph) else paragraph
    ppr = p.get_or_add_pPr()
    index = _PPR_ORDER.index(tag)
    return child(ppr, tag, before=_PPR_ORDER[index + 1:])


def set_spacing(paragraph: Paragraph, line: float, before: float = 0.0,
                after: float = 0.0) -> None:
    """Exact line height and space before/after, all in points."""
    set_attrs(ppr_child(paragraph, "w:spacing"), before=twips(before), after=twips(after),
              line=twips(line), lineRule="exact", beforeAutospacing=0, afterAutospacing=0)


def set_indent(paragraph: Paragraph, left: float = 0.0, right: float = 0.0,
               first_line: float = 0.0) -> None:
    """Indents in points; a negative ``first_line`` is a hanging indent."""
    ind = ppr_child(paragraph, "w:ind")
    for attribute in list(ind.attrib):
        del ind.attrib[attribute]
    set_attrs(ind, left=twips(left), right=twips(right))
    if first_line >= 0:
        set_attrs(ind, firstLine=twips(first_line))
    else:
        set_attrs(ind, hanging=twips(-first_line))


def set_alignment(paragraph: Paragraph, value: str) -> None:
    set_attrs(ppr_child(paragraph, "w:jc"), val=value)


def set_tabs(paragraph: Paragraph, stops: list[tuple[str, float]]) -> None:
    tabs = ppr_child(paragraph, "w:tabs")
    for kind, position in stops:
        tabs.append(set_attrs(OxmlElement("w:tab"), val=kind, pos=twips(position)))


def set_flag(paragraph: Paragraph, tag: str, on: bool = True) -> None:
    set_attrs(ppr_child(paragraph, tag), val=1 if on else 0)


def set_border(paragraph: Paragraph, side: str, color: str, width: float, space: float) -> None:
    """A paragraph border; ``width`` and ``space`` in points."""
    borders = ppr_child(paragraph, "w:pBdr")
    edge = child(borders, f"w:{side}")
    set_attrs(edge, val="single", sz=round(width * 8), space=round(space), color=color)


def no_autospace(paragraph: Paragraph) -> None:
    """No extra gap between CJK and Latin or digits, no punctuation hanging past the 版心."""
    set_flag(paragraph, "w:overflowPunct", on=False)
    set_flag(paragraph, "w:autoSpaceDE", on=False)
    set_flag(paragraph, "w:autoSpaceDN", on=False)


def keep_with_next(paragraph: Paragraph) -> None:
    set_flag(paragraph, "w:keepNext")
    set_flag(paragraph, "w:keepLines")


# ── sections ───────────────────────────────────────────────────────────────────────────────
def page_setup(sect_pr: etree._Element, width: float, height: float, top: float,
               bottom: float, left: float, right: float, footer: float,
               landscape: bool) -> None:
    """Page size and margins of one section (points)."""
    size = child(sect_pr, "w:pgSz", before=("w:pgMar", "w:cols", "w:docGrid"))
    for attribute in list(size.attrib):
        del size.attrib[attribute]
    set_attrs(size, w=twips(width), h=twips(height))
    if landscape:
        set_attrs(size, orient="landscape")
    margins = child(sect_pr, "w:pgMar", before=("w:cols", "w:docGrid"))
    set_attrs(margins, top=twips(top), bottom=twips(bottom), left=twips(left),
              right=twips(right), header=twips(10 * MM), footer=twips(footer), gutter=0)
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is not None:  # no character grid: 28 characters come from tracking, not snapping
        sect_pr.remove(grid)

