"""Geometry read back from a PDF: rows of text, rules and ink, in points.

Used by the build (to place the 版记 and check the pass converged) and by the tests that
measure the output against GB/T 9704. Works on any PDF: elements are found by content and
geometry, not by who made the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from docgen.standard import figures as L

MAX_PAGES = 2000  # untrusted PDFs: refuse absurd sizes before reading them
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Line:
    """Characters sharing one baseline and direction on one page."""

    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    fonts: frozenset[str]
    colors: frozenset[int]
    direction: tuple[int, int] = (1, 0)
    char_x: tuple[float, ...] = field(default=(), compare=False)

    @property
    def em_top(self) -> float:
        return self.baseline - L.EM_ASCENT * self.size

    @property
    def em_bottom(self) -> float:
        return self.baseline + L.EM_DESCENT * self.size

    @property
    def centre_x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Rule:
    x0: float
    x1: float
    y: float  # centre line
    thickness: float
    color: tuple[float, float, float]

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def red(self) -> bool:
        return is_red(*(round(channel * 255) for channel in self.color))

    @property
    def black(self) -> bool:
        return max(self.color) <= 0x20 / 255


def is_red(r: int, g: int, b: int) -> bool:
    """gbt9704.md §0 colour class RED (0–255 channels): print red Y80 M80 included."""
    return r >= 200 and g <= 80 and b <= 80


def is_red_text(colour: int) -> bool:
    """The same class for PyMuPDF's packed sRGB span colours."""
    return is_red(colour >> 16 & 255, colour >> 8 & 255, colour & 255)


def open_pdf(path: Path, max_pages: int = MAX_PAGES) -> pymupdf.Document:
    size = Path(path).stat().st_size
    if size > MAX_BYTES:
        raise ValueError(f"文件 {size / 2**20:.0f} MiB，超过上限 {MAX_BYTES // 2**20} MiB")
    document = pymupdf.open(path, filetype="pdf")
    if document.page_count > max_pages:
        count = document.page_count
        document.close()
        raise ValueError(f"共 {count} 页，超过上限 {max_pages} 页")
    for page in document:  # a page stored turned (/Rotate) is measured as it is seen
        if page.rotation:
            page.remove_rotation()
    return document


# Pages already read in the current read_once() scope: (document id, page number) → rows.
_READ: ContextVar[dict[tuple[int, int], list[Line]] | None] = ContextVar("read", default=None)


@contextmanager
def read_once() -> Iterator[None]:
    """Within this scope each page's text is extracted once, however many rules (or the seal
    finder) ask for it: extraction is most of a check's time, and it was done 4 times a page."""
    token = _READ.set({})
    try:
        yield
    finally:
        _READ.reset(token)


def lines(page: pymupdf.Page) -> list[Line]:
    """Text rows of a page, top to bottom; each CJK or Latin character counted once."""
    read = _READ.get()
    if read is None:
        return read_lines(page)
    key = (id(page.parent), page.number)
    if key not in read:
        read[key] = read_lines(page)
    return list(read[key])


def read_lines(page: pymupdf.Page) -> list[Line]:
    """lines() without the read_once() memo: the page's text extracted now."""
    groups: dict[tuple[int, int, float], list[tuple[float, float, str, dict]]] = {}
    flags = pymupdf.TEXTFLAGS_RAWDICT | pymupdf.TEXT_INHIBIT_SPACES
    for block in page.get_text("rawdict", flags=flags)["blocks"]:
        for line in block.get("lines", []):
            direction = (round(line["dir"][0]), round(line["dir"][1]))
            for span in line["spans"]:
                for char in span["chars"]:
                    x, y = char["origin"]
                    along, across = (x, y) if direction == (1, 0) else (y, -x)
                    key = (*direction, round(across, 0))
                    groups.setdefault(key, []).append((along, char["bbox"][2] - char["bbox"][0],
                                                        char["c"], span))
    result = []
    for (dx, dy, across), chars in groups.items():
        chars.sort(key=lambda item: item[0])
        text = _join_with_gaps(chars)
        if not text.strip():
            continue
        spans = [span for _, _, c, span in chars if c.strip()]
        result.append(Line(
            text=text, x0=chars[0][0], x1=chars[-1][0] + chars[-1][1],
            baseline=across if (dx, dy) == (1, 0) else -across,
            size=max(span["size"] for span in spans),
            fonts=frozenset(span["font"] for span in spans),
            colors=frozenset(span["color"] for span in spans),
            direction=(dx, dy), char_x=tuple(a for a, _, c, _ in chars if c.strip()),
        ))
    return sorted(result, key=lambda line: (line.baseline, line.x0))


def _join_with_gaps(chars: list[tuple[float, float, str, dict]]) -> str:
    """Characters in order; a gap wider than half an em (a tab, an alignment) becomes a space."""
    text = ""
    for index, (start, _width, char, span) in enumerate(chars):
        if index:
            previous_end = chars[index - 1][0] + chars[index - 1][1]
            if start - previous_end > 0.5 * span["size"] and not text.endswith(" "):
                text += " "
        text += char
    return text


def rules(page: pymupdf.Page, min_width: float = L.mm(100)) -> list[Rule]:
    """Horizontal rules: thin filled rectangles or stroked lines at least ``min_width`` wide."""
    found = []
    for drawing in page.get_drawings():
        rect = drawing["rect"]
        if rect.width < min_width:
            continue
        if drawing.get("fill") is not None and rect.height <= L.mm(1.5):
            found.append(Rule(rect.x0, rect.x1, (rect.y0 + rect.y1) / 2, rect.height,
                              tuple(drawing["fill"])))
        elif drawing.get("color") is not None and rect.height <= L.mm(1.5):
            width = drawing.get("width") or 0.0
            found.append(Rule(rect.x0, rect.x1, (rect.y0 + rect.y1) / 2, width,
                              tuple(drawing["color"])))
    return sorted(found, key=lambda rule: rule.y)


def ink_rows(page: pymupdf.Page, clip: pymupdf.Rect, red: bool, dpi: int = 300) -> tuple[
        float, float] | None:
    """Top and bottom (pt) of the red (or dark) ink inside ``clip``, or None."""
    pixmap = page.get_pixmap(dpi=dpi, clip=clip, alpha=False, colorspace=pymupdf.csRGB)
    samples, stride = pixmap.samples, pixmap.stride
    hits = []
    for row in range(pixmap.height):
        offset = row * stride
        data = samples[offset: offset + pixmap.width * 3]
        for index in range(0, len(data), 3):
            r, g, b = data[index], data[index + 1], data[index + 2]
            if (red and r >= 200 and g <= 80 and b <= 80) or (
                    not red and r <= 0x60 and g <= 0x60 and b <= 0x60):
                hits.append(row)
                break
    if not hits:
        return None
    scale = 72 / dpi
    return clip.y0 + hits[0] * scale, clip.y0 + (hits[-1] + 1) * scale


@dataclass(frozen=True)
class ImprintSpot:
    """Where the 版记 landed: its page (0-based), its first and last rules."""

    page: int
    first_rule: Rule
    last_rule: Rule
    alone: bool  # nothing but the 版记 (and a page number) on its page


def find_imprint(document: pymupdf.Document) -> ImprintSpot | None:
    """The 版记: the black full-width rules around the row that ends in 印发 (7.4)."""
    for index in range(document.page_count - 1, -1, -1):
        page = document[index]
        rows = lines(page)
        printed = [row for row in rows if row.text.replace(" ", "").endswith("印发")]
        if not printed:
            continue
        anchor = printed[-1]
        black = [rule for rule in rules(page, L.mm(150)) if rule.black]
        below = [rule for rule in black if rule.y >= anchor.baseline]
        above = [rule for rule in black if rule.y < anchor.em_top]
        if not below or not above:
            continue
        last = below[0]
        first = _first_imprint_rule(above, rows, anchor)
        # Text above the 版心 (a draft's 草稿 mark in the top margin) is no content.
        others = [row for row in rows if L.MARGIN_TOP < row.baseline < first.y - 1
                  and not _is_page_number(row)]
        return ImprintSpot(index, first, last, alone=not others)
    return None


def _first_imprint_rule(above: list[Rule], rows: list[Line], anchor: Line) -> Rule:
    """The thick rule that opens the 版记: the one directly above the 抄送 rows, if any."""
    candidate = above[-1]
    for rule in reversed(above):
        texts_between = [row for row in rows if rule.y < row.baseline < anchor.baseline]
        if any(row.text.startswith(("抄送", "主送")) for row in texts_between):
            return rule
        if not texts_between:
            candidate = rule
    return candidate


PAGE_NUMBER_LIKE = re.compile(r"^[\-－–—]\s?[0-9０-９]+\s?[\-－–—]$|^[0-9]+$")


def _is_page_number(row: Line) -> bool:
    """A page number as GB/T 9704 writes it: — N —."""
    stripped = row.text.replace(" ", "")
    return stripped.startswith("—") and stripped.endswith("—") and stripped[1:-1].isdigit()


def looks_like_page_number(row: Line) -> bool:
    """Anything a page number could be written as (- 1 -, －1－, 1): for finding wrong ones."""
    return bool(PAGE_NUMBER_LIKE.match(row.text.strip()))


def is_landscape(page: pymupdf.Page) -> bool:
    return page.rect.width > page.rect.height


def to_sheet(page: pymupdf.Page, x: float, y: float) -> tuple[float, float]:
    """A point of a page in the portrait sheet's frame (clause 8: turned table pages).

    A landscape page is the sheet turned a quarter clockwise for reading, so the sheet's
    left edge is the page's top: sheet x = page y, sheet y = page width − page x.
    """
    if is_landscape(page):
        return y, page.rect.width - x
    return x, y


def page_number_line(page: pymupdf.Page) -> Line | None:
    """The “— N —” line of a page, if any."""
    found = [line for line in lines(page) if _is_page_number(line)]
    return found[0] if found else None


def page_number_value(line: Line) -> int:
    return int(line.text.replace(" ", "").strip("—"))


def find_signature(document: pymupdf.Document, organ: str,
                   date: str) -> tuple[Line | None, Line | None]:
    """The 发文机关署名 and 成文日期 rows: the date row and the organ row just above it."""
    for page in document:
        rows = lines(page)
        for index, row in enumerate(rows):
            if row.text.replace(" ", "") == date and index:
                above = rows[index - 1]
                if above.text.replace(" ", "") == organ.replace(" ", ""):
                    return above, row
    return None, None
