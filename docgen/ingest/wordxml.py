"""The body of a .docx as the reader sees it: each paragraph's own text (runs, soft breaks,
tabs, field results; not a text box's, not deleted text) and its look (style, size, colour,
alignment), and the shapes the walk hands on (Block, TableBlock)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docgen.ingest.grid import Grid

if TYPE_CHECKING:
    from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"
# Parts of a paragraph whose text is not the paragraph's own: a text box (read as blocks of
# its own), the fallback copy of an alternate content (the same text again), deleted text
# and a field's instruction code.
_SKIPPED = {f"{_W}txbxContent", f"{{{MC}}}Fallback", f"{_W}del", f"{_W}instrText",
            f"{_W}delText", f"{_W}footnoteReference", f"{_W}endnoteReference"}
_PT_PER_TWIP = 1 / 20
# docgen puts a zero-width space after 、 between digits in table cells (a break
# opportunity for LibreOffice); it is not the author's text.
_DOCGEN_BREAK = re.compile("(?<=\\d)、\u200b(?=\\d)")


@dataclass(frozen=True)
class Block:
    """One paragraph as the reader sees it."""

    text: str  # runs joined; a soft line break is "\n", a tab "\t"
    where: str  # 第n段, 表n第r行第c列, 第n段文本框
    style: str = ""  # the paragraph style's name
    align: str = ""  # left, center, right, both ("" when not set)
    size: float = 0.0  # the largest run size in points (0 when not set)
    red: bool = False  # any run in a red colour
    boxed: bool = False  # in a text box
    in_table: bool = False  # a cell of a table used for layout
    space_before: float = 0.0  # points
    runs: tuple[str, ...] = ()  # the texts of its runs (docgen sets a run-in heading apart)
    blanks_before: int = 0  # empty paragraphs just above it (set by the recogniser)


@dataclass(frozen=True)
class TableBlock:
    grid: Grid
    number: int  # 表n, counted in document order
    landscape: bool = False  # in a landscape section
    font_size: float = 0.0  # the cells' run size in points, when they share one
    aligns: tuple[str, ...] = ()  # per column, the body cells' usual alignment
    merged_at_end: frozenset[int] = frozenset()  # columns whose last cell is merged (vMerge)


def cell_paragraphs(tc: etree._Element, boxes: bool = True) -> list[etree._Element]:
    """A table cell's paragraphs in document order: its own, those of tables nested in it,
    of content controls and (``boxes``) of text boxes in it — never the fallback copy of a
    text box."""
    found = []
    for p in tc.iter(f"{_W}p"):
        ancestors = []
        for ancestor in p.iterancestors():
            if ancestor is tc:
                break
            ancestors.append(ancestor.tag)
        if f"{{{MC}}}Fallback" in ancestors or (not boxes and f"{_W}txbxContent" in ancestors):
            continue
        found.append(p)
    return found


def paragraph_text(p: etree._Element) -> str:
    """The paragraph's own text: runs, soft breaks as "\\n", tabs as "\\t", field results."""
    parts: list[str] = []
    _collect(p, parts)
    return _DOCGEN_BREAK.sub("、", "".join(parts))


def _collect(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag == f"{_W}tab" and element.tag == f"{_W}r":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            if child.get(f"{_W}type") not in ("page", "column"):
                parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_W}sym":
            parts.append(_symbol(child.get(f"{_W}char") or ""))
        elif tag == f"{_W}p" or tag == f"{_W}tbl":
            continue  # nested in a text box's fallback or a shape: read elsewhere
        else:
            _collect(child, parts)


def block_of(p: etree._Element, where: str, styles: dict[str, str], boxed: bool = False,
           in_table: bool = False) -> Block:
    ppr = p.find(f"{_W}pPr")
    style_id = _val(ppr, "pStyle") if ppr is not None else None
    runs = [r for r in p.iter(f"{_W}r") if not _in_box(r, p)]
    sizes = [_run_size(r) for r in runs if _run_text(r)]
    return Block(
        text=paragraph_text(p), where=where, style=styles.get(style_id or "", style_id or ""),
        align=(_val(ppr, "jc") or "") if ppr is not None else "",
        size=max(sizes, default=0.0),
        red=any(is_red(_run_color(r)) for r in runs if _run_text(r)), boxed=boxed,
        in_table=in_table, space_before=_spacing_before(ppr),
        runs=tuple(text for text in (_own_text(r) for r in runs) if text))


def _own_text(run: etree._Element) -> str:
    return "".join(t.text or "" for t in run.findall(f"{_W}t"))


def nested_in(element: etree._Element, tags: tuple[str, ...],
              within: etree._Element) -> bool:
    """Whether ``element`` lies inside one of ``tags`` that itself lies inside ``within``
    (a run in a text box of its paragraph, a paragraph in a table of its box)."""
    for ancestor in element.iterancestors():
        if ancestor is within:
            return False
        if ancestor.tag in tags:
            return True
    return False


def _in_box(run: etree._Element, p: etree._Element) -> bool:
    return nested_in(run, (f"{_W}txbxContent", f"{{{MC}}}Fallback"), p)


def _val(parent: etree._Element | None, tag: str) -> str | None:
    if parent is None:
        return None
    found = parent.find(f"{_W}{tag}")
    return found.get(f"{_W}val") if found is not None else None


def _run_text(run: etree._Element) -> bool:
    return any((t.text or "").strip() for t in run.findall(f"{_W}t"))


def _symbol(code: str) -> str:
    """A symbol-font character (w:sym) as the code point it names; a malformed code as ?."""
    try:
        return chr(int(code, 16))
    except (ValueError, OverflowError):
        return "?"


def _run_size(run: etree._Element) -> float:
    half_points = _val(run.find(f"{_W}rPr"), "sz")
    try:
        return int(half_points) / 2 if half_points else 0.0
    except ValueError:
        return 0.0


def _run_color(run: etree._Element) -> str:
    return (_val(run.find(f"{_W}rPr"), "color") or "").upper()


def is_red(color: str) -> bool:
    """A red a clerk picks: strong red, weak green and blue (FF0000, C00000, E60012 …)."""
    if not re.fullmatch(r"[0-9A-F]{6}", color):
        return False
    red, green, blue = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    return red >= 0x99 and green <= 0x40 and blue <= 0x40


def _spacing_before(ppr: etree._Element | None) -> float:
    spacing = ppr.find(f"{_W}spacing") if ppr is not None else None
    value = spacing.get(f"{_W}before") if spacing is not None else None
    return int(value) * _PT_PER_TWIP if value and value.lstrip("-").isdigit() else 0.0
