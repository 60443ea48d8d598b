"""A PDF page's text as lines with their position, size and colour, in the page's visible frame.

Coordinates are turned through the page's rotation, so that a landscape page stored as a
rotated portrait page reads like any other. Spaces are taken from the file (MuPDF is told not
to invent them from gaps, which would put a space between 2022 and 年); only between two Latin
letters or digits set apart by a visible gap is one added, as some writers position words
without a space character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pymupdf

PAGE_NUMBER = re.compile(r"^[—－–\-]\s*\d{1,4}\s*[—－–\-]$")
_LATIN = re.compile(r"[0-9A-Za-z]")
WORD_GAP = 0.25  # of the font size: a wider gap between two Latin characters is a space


@dataclass(frozen=True)
class TextLine:
    text: str
    page: int  # 0-based
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # the largest font size on the line, in points
    red: bool = False
    bold: bool = False
    glyphs: tuple[tuple[str, float, float], ...] = field(default=(), compare=False, repr=False)

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


def page_lines(page: pymupdf.Page) -> list[TextLine]:
    """Every horizontal line of text on ``page`` (page numbers included), top to bottom."""
    import pymupdf

    flags = (pymupdf.TEXTFLAGS_RAWDICT | pymupdf.TEXT_INHIBIT_SPACES) \
        & ~pymupdf.TEXT_PRESERVE_IMAGES
    matrix = page.rotation_matrix
    lines = []
    for block in page.get_text("rawdict", flags=flags)["blocks"]:
        for line in block.get("lines", ()):
            made = _line(line, page.number, matrix)
            if made is not None:
                lines.append(made)
    return sorted(lines, key=lambda line: (round(line.middle), line.x0))


def _line(line: dict, page_number: int, matrix: pymupdf.Matrix) -> TextLine | None:
    import pymupdf

    chars = []  # (char, visible rect, size, span)
    for span in line["spans"]:
        for char in span["chars"]:
            rect = pymupdf.Rect(char["bbox"]) * matrix
            chars.append((char["c"], rect, span["size"], span))
    # a writer may draw a line's runs out of order (punctuation in another font afterwards)
    chars.sort(key=lambda entry: entry[1].x0)
    glyphs = _glyphs(chars)
    text = "".join(c for c, _, _ in glyphs)
    if not text.strip():
        return None
    inked = [(c, rect) for c, rect, _, _ in chars if not c.isspace()]
    spans = [span for c, _, _, span in chars if not c.isspace()]
    return TextLine(
        text=text.strip(), page=page_number, glyphs=glyphs,
        x0=min(rect.x0 for _, rect in inked), y0=min(rect.y0 for _, rect in inked),
        x1=max(rect.x1 for _, rect in inked), y1=max(rect.y1 for _, rect in inked),
        size=round(max(span["size"] for span in spans), 1),
        red=sum(_is_red(span["color"]) for span in spans) * 2 > len(spans),
        bold=sum(_is_bold(span) for span in spans) * 2 > len(spans))


def _glyphs(chars: list) -> tuple[tuple[str, float, float], ...]:
    """(character, x0, x1) in order, a space added between Latin words set apart by a gap,
    runs of spaces made one."""
    out: list[tuple[str, float, float]] = []
    previous = None
    for char, rect, size, _ in chars:
        if (previous is not None and _LATIN.match(char) and _LATIN.match(previous[0])
                and rect.x0 - previous[1].x1 > WORD_GAP * size):
            out.append((" ", previous[1].x1, rect.x0))
        if not (char in " \t" and out and out[-1][0] == " "):
            out.append((" " if char == "\t" else char, rect.x0, rect.x1))
        previous = (char, rect)
    return tuple(out)


def split_at(line: TextLine, xs: list[float]) -> list[TextLine]:
    """The line cut where it crosses the given x positions (a table's column rulings: MuPDF
    reads two cells' text on one baseline as one line)."""
    inside = [x for x in xs if line.x0 < x < line.x1]
    if not inside or not line.glyphs:
        return [line]
    pieces: list[list[tuple[str, float, float]]] = [[]]
    for glyph in line.glyphs:
        centre = (glyph[1] + glyph[2]) / 2
        column = sum(centre > x for x in inside)
        while len(pieces) <= column:
            pieces.append([])
        pieces[column].append(glyph)
    return [_piece(line, glyphs) for glyphs in pieces if "".join(g[0] for g in glyphs).strip()]


def _piece(line: TextLine, glyphs: list[tuple[str, float, float]]) -> TextLine:
    inked = [glyph for glyph in glyphs if not glyph[0].isspace()]
    return replace(line, text="".join(g[0] for g in glyphs).strip(), glyphs=tuple(glyphs),
                   x0=min(g[1] for g in inked), x1=max(g[2] for g in inked))


def _is_red(color: int) -> bool:
    red, green, blue = (color >> 16) & 255, (color >> 8) & 255, color & 255
    return red > 150 and green < 100 and blue < 100


def _is_bold(span: dict) -> bool:
    return bool(span["flags"] & 16) or any(
        word in span["font"] for word in ("Bold", "Heavy", "Black", "Hei", "Sans"))


def is_page_number(line: TextLine, page_height: float) -> bool:
    """The 页码 `— 1 —` (7.5): a dash-number-dash line in the page's bottom part or margin."""
    return bool(PAGE_NUMBER.match(line.text)) and (
        line.y0 > 0.8 * page_height or line.y1 < 0.2 * page_height
        or line.x1 - line.x0 < line.y1 - line.y0)


def join_lines(parts: list[str]) -> str:
    """Lines of one paragraph or cell as one text: no space is invented between CJK
    characters; between two Latin words broken at a line end, one."""
    text = ""
    for part in parts:
        if text and _LATIN.match(text[-1]) and _LATIN.match(part[0]) and \
                re.search(r"[A-Za-z]{2,}$", text) and re.match(r"[A-Za-z]{2,}", part):
            text += " "
        text += part
    return text


def rows(lines: list[TextLine]) -> list[TextLine]:
    """Lines of one page sharing a baseline band, merged left to right (a gap of half a
    character or more becomes one space, so that 文号 and 签发人 on one row stay apart)."""
    merged: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda line: (line.middle, line.x0)):
        if merged and _same_row(merged[-1][0], line):
            merged[-1].append(line)
        else:
            merged.append([line])
    return [_merge(sorted(group, key=lambda line: line.x0)) for group in merged]


def _same_row(a: TextLine, b: TextLine) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return a.page == b.page and overlap > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0)


def _merge(group: list[TextLine]) -> TextLine:
    """One row from its pieces, character by character left to right (a piece may sit inside
    another: a quotation mark in another font is a line of its own to MuPDF)."""
    if len(group) == 1:
        return group[0]
    tagged = sorted(((glyph, index) for index, line in enumerate(group)
                     for glyph in (line.glyphs or ((line.text, line.x0, line.x1),))),
                    key=lambda entry: entry[0][1])
    glyphs: list[tuple[str, float, float]] = []
    for (glyph, index), (before, before_index) in zip(tagged, [(None, None), *tagged],
                                                       strict=False):
        if before is not None and index != before_index and not before[0].isspace() \
                and glyph[1] - before[2] >= 0.5 * group[index].size:
            glyphs.append((" ", before[2], glyph[1]))
        glyphs.append(glyph)
    widest = max(group, key=lambda line: len(line.text))
    return TextLine("".join(g[0] for g in glyphs).strip(), group[0].page,
                    min(line.x0 for line in group), min(line.y0 for line in group),
                    max(line.x1 for line in group), max(line.y1 for line in group),
                    max(line.size for line in group), widest.red, widest.bold,
                    glyphs=tuple(glyphs))
