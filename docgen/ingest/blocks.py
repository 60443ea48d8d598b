"""What every reader hands to the recogniser (docgen.ingest.recognise_lines): paragraphs as
:class:`Block` (text and look), tables as :class:`TableBlock` (a grid and how it was set),
the typed forms of docgen.ingest.textforms as the recogniser uses them, what was found so far
(:class:`Found`), and :class:`TableWriter`, which turns a grid into the ``table:`` mapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.ingest import textforms
from docgen.ingest.draft import Mark, Unplaced
from docgen.ingest.grid import Grid
from docgen.ingest.textforms import WHITESPACE, normalise_digits


@dataclass(frozen=True)
class Block:
    """One paragraph as the reader sees it."""

    text: str
    where: str  # 第3页, 第12段
    align: str = "left"  # left, center, right, both
    size: float = 0.0  # points
    bold: bool = False
    red: bool = False
    indent: float = 0.0  # first line's distance from the left margin, in characters
    page: int = 0
    top: float = 0.0
    centre: float | None = None  # horizontal centre in points, when the reader knows it
    lines: tuple[str, ...] = ()  # the printed lines, when the reader knows where they broke


@dataclass(frozen=True)
class TableBlock:
    grid: Grid
    number: int  # 表n, in reading order
    where: str
    landscape: bool = False
    font_size: float = 0.0  # the cells' text size in points
    aligns: tuple[str, ...] = ()  # per column, the body cells' alignment, when known


Item = Block | TableBlock


# ── the typed forms (docgen.ingest.textforms), as this reader uses them ─────────────────────
def clean(text: str) -> str:
    return normalise_digits(text).strip(WHITESPACE)


@dataclass(frozen=True)
class DocNumber:
    typed: str  # as printed, spaces left out
    standard: str  # code〔year〕seq号 (7.2.5)
    rest: str  # the text around it

    @property
    def loose(self) -> bool:
        return self.typed != self.standard


def find_doc_number(text: str) -> DocNumber | None:
    text = clean(text)
    found = textforms.find_doc_number(text)
    if found is None:
        return None
    rest = clean(text[:found.start] + " " + text[found.end:])
    return DocNumber(re.sub(r"\s", "", found.typed), found.standard, rest)


@dataclass
class Found:
    data: dict = field(default_factory=dict)
    marks: list[Mark] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    attachment_names: list[str] = field(default_factory=list)

    def guess(self, path: str, reason: str) -> None:
        self.marks.append(Mark(path, "待核", reason))

    def missing(self, path: str, reason: str) -> None:
        self.marks.append(Mark(path, "待定", reason))

    def keep(self, item: Item) -> None:
        if isinstance(item, Block):
            self.unplaced.append(Unplaced(item.where, item.text))
        else:
            text = " / ".join(cell.text for cell in item.grid.cells if cell.text)
            self.unplaced.append(Unplaced(item.where, text))


class TableWriter:
    """Grid → the ``table:`` mapping; the grouping itself is table_from_grid's."""

    def table(self, block: TableBlock, path: str, found: Found) -> dict:
        from docgen.ingest.grid import table_from_grid

        grouped = table_from_grid(block.grid)
        table = dict(grouped.table)
        table["orientation"] = "landscape" if block.landscape else "portrait"
        if len(block.aligns) == len(table["columns"]):
            for column, align in zip(table["columns"], block.aligns, strict=True):
                if align != "left":
                    column["align"] = align
        if block.font_size:
            size = block.font_size
            table["font_size"] = int(size) if size == int(size) else size
        for key, why in grouped.uncertain:
            found.guess(f"{path}.{key}" if key else path, why)
        found.unplaced.extend(Unplaced(where, text) for where, text in grouped.unplaced)
        return table
