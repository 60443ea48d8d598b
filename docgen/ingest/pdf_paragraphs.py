"""A PDF's running text (what is not in a table) as the paragraphs a reader sees.

Pieces of text on one baseline are one row. A row continues the paragraph above when that
paragraph's last row ran to the right margin, the new row starts at the left margin in the
same size, and nothing but the line spacing (or a page break, with its page number already
dropped) lies between them: that is how a justified paragraph with a first-line indent looks
in docgen's, Word's and WPS's output. Rows that are centred (the title) or set to the right
(the 署名 and 成文日期) are paragraphs of their own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from docgen.ingest.blocks import Block
from docgen.ingest.pdf_text import TextLine, join_lines

FULL_LINE = 1.5  # characters short of the right margin that still count as a full line
AT_MARGIN = 0.5  # characters from the left margin that still count as at the margin


@dataclass(frozen=True)
class Margins:
    left: float
    right: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def margins(lines: list[TextLine]) -> Margins:
    """The text column of pages of one shape: the usual left edge of body-size rows and the
    furthest right edge they reach."""
    body = body_size(lines)
    sized = [line for line in lines if abs(line.size - body) < 0.6] or lines
    starts = Counter(round(line.x0) for line in sized)
    # the leftmost start shared by two rows: first lines are indented, single stray rows
    # (a 署名) are not the margin
    left = min((x for x, count in starts.items() if count >= 2), default=min(starts))
    return Margins(min(line.x0 for line in sized if round(line.x0) == left),
                   max(line.x1 for line in sized))


def body_size(lines: list[TextLine]) -> float:
    """The size most of the text is set in (weighted by characters)."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 16.0


CENTRED = 0.3  # characters off the column's centre that still count as centred
SET_RIGHT = 6  # characters of indent beyond any first-line or hanging indent: set right


def align(line: TextLine, column: Margins) -> str:
    indent = (line.x0 - column.left) / line.size
    short = (column.right - line.x1) / line.size
    if abs(line.centre - column.centre) < CENTRED * line.size and indent >= 1 and short >= 1:
        return "center"
    if indent > SET_RIGHT:
        return "right"
    return "both" if short < FULL_LINE else "left"


def paragraphs(sequence: list[TextLine], columns: dict[int, Margins]) -> list[Block]:
    """Rows in reading order (already without page numbers and table text) → paragraphs.
    ``columns`` gives each page's text column."""
    blocks: list[Block] = []
    parts: list[TextLine] = []
    for line in sequence:
        if parts and _continues(parts[-1], line, columns):
            parts.append(line)
            continue
        if parts:
            blocks.append(_block(parts, columns[parts[0].page]))
        parts = [line]
    if parts:
        blocks.append(_block(parts, columns[parts[0].page]))
    return blocks


def _continues(last: TextLine, line: TextLine, columns: dict[int, Margins]) -> bool:
    if abs(last.size - line.size) > 0.6 or last.red != line.red:
        return False
    if align(last, columns[last.page]) != "both" or align(line, columns[line.page]) == "center":
        return False
    if (line.x0 - columns[line.page].left) / line.size > AT_MARGIN:
        return False
    if line.page == last.page:
        return 0 <= line.y0 - last.y1 < 1.2 * line.size
    return line.page == last.page + 1


def _block(parts: list[TextLine], column: Margins) -> Block:
    first = parts[0]
    where = f"第{first.page + 1}页"
    return Block(text=join_lines([part.text for part in parts]), where=where,
                 align=align(first, column) if len(parts) == 1 else "both",
                 size=first.size, bold=first.bold, red=first.red,
                 indent=round((first.x0 - column.left) / first.size, 1), page=first.page,
                 top=first.y0, centre=first.centre,
                 lines=tuple(part.text for part in parts) if len(parts) > 1 else ())
