"""A PDF notice with a text layer (docgen's own, Word's or WPS's 另存为 PDF) read back into data.

The file is measured before MuPDF parses more than its trailer: size, page count, object
count, encryption. Each page then gives its text lines (pdf_text) and its ruled tables
(pdf_tables); page numbers are dropped as what they are, the running text is joined into
paragraphs (pdf_paragraphs), and the paragraphs and tables, in reading order, are placed in
the notice's fields (recognise_lines).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import DataError, Problem
from docgen.ingest.blocks import Block, Item, TableBlock
from docgen.ingest.draft import Draft
from docgen.ingest.pdf_paragraphs import Margins, body_size, margins, paragraphs
from docgen.ingest.pdf_tables import (
    PageTable,
    fill_text,
    line_count,
    page_rulings,
    page_table,
    ruled_groups,
    same_columns,
    slot_count,
    stitch,
)
from docgen.ingest.pdf_text import TextLine, is_page_number, page_lines, rows, split_at
from docgen.ingest.recognise_lines import recognise

if TYPE_CHECKING:
    import pymupdf

MAX_BYTES = 50 * 1024 * 1024  # a notice with its attachments is well under 5 MiB
MAX_PAGES = 500
MAX_OBJECTS = 500_000
# Per page. Grouping rulings into tables costs horizontal × vertical lines, so lines (segments
# on one y or x joined: a ruled table of 25 rows has about 40) are what is limited; segments
# (a word processor draws each cell's border apart: a few hundred) only against absurd files.
MAX_RULINGS = 1000
MAX_SEGMENTS = 20_000
MAX_SLOTS = 5000  # rows × columns of one table on one page (a dense page of a 分工表: 400)
MIN_TEXT = 10  # characters in the whole file: fewer, and there is no text layer to read
LAYOUT_TEXT = re.compile(r"^抄\s*送|印\s*发$|^签\s*发\s*人")
_HINT = "请用原始的 Word/WPS 文件或 docgen 生成的 PDF 导入。"


def read_pdf(path: Path, *, table_only: bool = False) -> Draft:
    """The notice (or with ``table_only`` just its tables) in the PDF at ``path``."""
    with open_untrusted(path) as document:
        pages = [_read_page(page) for page in document]
        _require_text(path, pages)
        items = reading_order(pages, path.name)
        author = document.metadata.get("author") or ""
    return recognise(items, source=path.name, table_only=table_only, author=author)


def _refuse(path: Path, message: str, hint: str = _HINT) -> DataError:
    return DataError([Problem(message, file=path.name)], hint=hint)


def open_untrusted(path: Path) -> pymupdf.Document:
    """The PDF opened after its size, page count, object count and encryption are checked."""
    import pymupdf

    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _refuse(path, f"PDF 文件 {size / 2**20:.0f} MiB，超过导入上限 "
                            f"{MAX_BYTES // 2**20} MiB")
    try:
        document = pymupdf.open(path, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as error:
        raise _refuse(path, "不是可读取的 PDF 文件（文件损坏或格式不对）") from error
    problem = _too_much(document)
    if problem:
        document.close()
        raise _refuse(path, problem)
    return document


def _too_much(document: pymupdf.Document) -> str:
    if document.needs_pass or document.is_encrypted:
        return "PDF 已加密，无法读取其中的文字"
    if document.page_count > MAX_PAGES:
        return f"PDF 共 {document.page_count} 页，超过导入上限 {MAX_PAGES} 页"
    if document.xref_length() > MAX_OBJECTS:
        return f"PDF 含 {document.xref_length()} 个对象，超过导入上限 {MAX_OBJECTS} 个"
    if document.page_count == 0:
        return "PDF 没有页面"
    return ""


def _require_text(path: Path, pages: list[PageContent]) -> None:
    characters = sum(len(line.text) for page in pages for line in page.lines)
    characters += sum(len(cell.text) for page in pages for table in page.tables
                      for cell in table.cells)
    if characters < MIN_TEXT:
        raise _refuse(path, "PDF 没有文字层（可能是扫描件或图片），无法直接导入",
                      hint="请先用 OCR 软件识别文字（另存为带文字层的 PDF），"
                           "或改用原始的 Word/WPS 文件导入。")


# ── pages ────────────────────────────────────────────────────────────────────────────────────
@dataclass
class PageContent:
    number: int
    width: float
    height: float
    lines: list[TextLine] = field(default_factory=list)  # outside tables, page number dropped
    tables: list[PageTable] = field(default_factory=list)
    table_sizes: list[float] = field(default_factory=list)

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def _read_page(page: pymupdf.Page) -> PageContent:
    rect = page.rect
    content = PageContent(page.number, rect.width, rect.height)
    lines = [line for line in page_lines(page) if not is_page_number(line, rect.height)]
    rulings = page_rulings(page)
    _limit_rulings(page, rulings)
    for group in ruled_groups(rulings):
        _limit(page, "个表格格子", slot_count(group), MAX_SLOTS)
        table = page_table(page.number, group)
        if _frames_text(table, [line for line in lines if table.contains(line)]):
            continue
        lines = [piece for line in lines for piece in
                 (split_at(line, table.xs[1:-1]) if table.contains(line) else [line])]
        inside = [line for line in lines if table.contains(line)]
        fill_text(table, inside)
        content.tables.append(table)
        content.table_sizes.append(_usual(line.size for line in inside))
        lines = [line for line in lines if not table.contains(line)]
    content.tables.sort(key=lambda table: table.top)
    content.lines = rows(lines)
    return content


def _limit_rulings(page: pymupdf.Page, rulings: list) -> None:
    _limit(page, "条线段", len(rulings), MAX_SEGMENTS)
    _limit(page, "条线段", line_count(rulings), MAX_RULINGS)


def _limit(page: pymupdf.Page, what: str, count: int, limit: int) -> None:
    if count > limit:
        raise DataError([Problem(f"第{page.number + 1}页有 {count} {what}，超过导入上限 "
                                 f"{limit} {what[0]}", file=Path(page.parent.name).name)])


def _frames_text(table: PageTable, inside: list[TextLine]) -> bool:
    """A table used to lay out lines, not to hold data: a red header or a 版记 typed in the
    cells of a table of one or two rows. Its lines are read as running text."""
    if len(table.ys) > 3:
        return False
    return any(line.red for line in inside) or any(
        LAYOUT_TEXT.search(line.text) for line in inside)


def _usual(values) -> float:
    counted = Counter(values)
    return counted.most_common(1)[0][0] if counted else 0.0


# ── reading order ────────────────────────────────────────────────────────────────────────────
def reading_order(pages: list[PageContent], source: str) -> list[Item]:
    """Paragraphs and tables top to bottom, page after page; a table going on over a page
    break is one table."""
    columns = _columns(pages)
    chains = _table_chains(pages)
    items: list[Item] = []
    run: list[TextLine] = []
    for page in pages:
        for kind, thing in _page_sequence(page):
            if kind == "line":
                run.append(thing)
                continue
            if thing is not None:
                items.extend(paragraphs(run, columns))
                run = []
                items.append(thing)
        # a table ends a run of text only where it starts: parts on later pages add nothing
    items.extend(paragraphs(run, columns))
    return _numbered_tables(items, chains, pages, source)


def _page_sequence(page: PageContent):
    entries: list[tuple[float, str, object]] = [(line.y0, "line", line) for line in page.lines]
    entries += [(table.top, "table", table) for table in page.tables]
    for _, kind, thing in sorted(entries, key=lambda entry: (entry[0], entry[1])):
        yield kind, thing


def _columns(pages: list[PageContent]) -> dict[int, Margins]:
    """Each page's text column, measured over all the pages of its shape."""
    by_shape: dict[tuple[int, int], list[PageContent]] = {}
    for page in pages:
        by_shape.setdefault((round(page.width), round(page.height)), []).append(page)
    size = body_size([line for page in pages for line in page.lines])
    measured = {shape: _shape_margins(group, size) for shape, group in by_shape.items()}
    return {page.number: measured[(round(page.width), round(page.height))] for page in pages}


def _shape_margins(pages: list[PageContent], size: float) -> Margins:
    """The column from the body text; on pages with little of it (an attachment's table),
    from the outermost edges of what is there, tables included."""
    lines = [line for page in pages for line in page.lines]
    if sum(abs(line.size - size) < 0.6 for line in lines) >= 5:
        return margins(lines)
    lefts = [line.x0 for line in lines] + [t.xs[0] for page in pages for t in page.tables]
    rights = [line.x1 for line in lines] + [t.xs[-1] for page in pages for t in page.tables]
    return Margins(min(lefts), max(rights)) if lefts else Margins(0.0, pages[0].width)


def _table_chains(pages: list[PageContent]) -> list[list[PageTable]]:
    chains: list[list[PageTable]] = []
    for page in pages:
        for table in page.tables:
            previous = chains[-1][-1] if chains else None
            if previous is not None and _continues(previous, table, pages):
                chains[-1].append(table)
            else:
                chains.append([table])
    return chains


def _continues(previous: PageTable, table: PageTable, pages: list[PageContent]) -> bool:
    """The table goes on from the bottom of the previous page to the top of this one."""
    if table.page != previous.page + 1 or not same_columns(previous, table):
        return False
    before, after = pages[previous.page], pages[table.page]
    last_there = previous is before.tables[-1] and all(
        line.y0 < previous.bottom for line in before.lines)
    first_here = table is after.tables[0] and all(line.y0 > table.top for line in after.lines)
    return last_there and first_here


def _numbered_tables(items: list, chains: list[list[PageTable]], pages: list[PageContent],
                     source: str) -> list[Item]:
    firsts = {id(chain[0]): chain for chain in chains}
    out: list[Item] = []
    for item in items:
        if isinstance(item, Block):
            out.append(item)
            continue
        chain = firsts.get(id(item))
        if chain is None:
            continue  # a later page's part of a table already placed
        number = sum(isinstance(done, TableBlock) for done in out) + 1
        page = pages[chain[0].page]
        font_size = page.table_sizes[page.tables.index(chain[0])]
        out.append(TableBlock(stitch(chain, source, number), number, f"表{number}（第"
                              f"{chain[0].page + 1}页）", landscape=page.landscape,
                              font_size=font_size, aligns=chain[0].aligns))
    return out
