"""A .docx notice read back into data: the package walked in document order, then recognised.

The walk turns the body into a flat list of blocks a clerk would see: paragraphs (with the
look that tells a header from the body — style, size, colour, alignment), the paragraphs of
text boxes where they stand, the cells of tables used for layout (a red header or a 版记 typed
as a table) read as lines, and real tables as grids. docgen.ingest.recognise places the
blocks in the notice's fields.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.ingest.assemble import assemble
from docgen.ingest.docx_table import is_layout_table, table_block, table_data
from docgen.ingest.draft import Draft, Mark
from docgen.ingest.recognise import ATTACHMENT_LABEL, join_split_tables, place, text_lines
from docgen.ingest.textforms import strip_text
from docgen.ingest.wordxml import (
    MC,
    Block,
    TableBlock,
    W,
    block_of,
    cell_paragraphs,
    nested_in,
)
from docgen.notice.model import PLACEHOLDER

if TYPE_CHECKING:
    from lxml import etree

_W = f"{{{W}}}"


def read_docx(path: Path, *, table_only: bool = False) -> Draft:
    """The notice (or with ``table_only`` just its first table) in ``path`` as a Draft."""
    import docx

    check_untrusted_docx(path)
    document = docx.Document(str(path))
    blocks = join_split_tables(walk_document(document))
    if table_only:
        return table_only_draft(blocks, path.name)
    # docgen writes the issuer's full name as the author; Word writes the clerk's.
    author = (document.core_properties.author or "").strip()
    return assemble(place(blocks), path.name, author)


def check_untrusted_docx(path: Path) -> None:
    """Size and XML limits before anything parses the package (zip bombs, DTDs, macros)."""
    from docgen.ingest.limits import check_office_package

    check_office_package(path)


def walk(path: Path) -> list[Block | TableBlock]:
    import docx

    return walk_document(docx.Document(str(path)))


def walk_document(document) -> list[Block | TableBlock]:
    """The body's blocks in document order."""
    styles = {style.style_id: style.name for style in document.styles}
    walker = _Walker(styles)
    walker.body(document.element.body)
    return walker.blocks


class _Walker:
    def __init__(self, styles: dict[str, str]) -> None:
        self.styles = styles
        self.blocks: list[Block | TableBlock] = []
        self.paragraphs = 0
        self.tables = 0

    def body(self, body: etree._Element) -> None:
        # A section's properties close it, so which sections are landscape is known only
        # after them: note each table's section and resolve when the section ends.
        pending: list[int] = []
        for child in body:
            if child.tag == f"{_W}p":
                self.paragraph(child)
                sect = child.find(f"{_W}pPr/{_W}sectPr")
                if sect is not None:
                    self._close_section(sect, pending)
            elif child.tag == f"{_W}tbl":
                pending.extend(self.table(child))
            elif child.tag == f"{_W}sectPr":
                self._close_section(child, pending)
            elif child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    self.body_part(content)

    def body_part(self, element: etree._Element) -> None:
        for child in element:
            if child.tag == f"{_W}p":
                self.paragraph(child)
            elif child.tag == f"{_W}tbl":
                self.table(child)

    def _close_section(self, sect: etree._Element, pending: list[int]) -> None:
        size = sect.find(f"{_W}pgSz")
        landscape = size is not None and (
            size.get(f"{_W}orient") == "landscape"
            or _twips(size.get(f"{_W}w")) > _twips(size.get(f"{_W}h")))
        for index in pending:
            block = self.blocks[index]
            if isinstance(block, TableBlock) and landscape:
                self.blocks[index] = replace(block, landscape=True)
        pending.clear()

    def paragraph(self, p: etree._Element, where: str | None = None,
                  in_table: bool = False) -> None:
        if where is None:
            self.paragraphs += 1
            where = f"第{self.paragraphs}段"
        for box_number, box in enumerate(_text_boxes(p), start=1):
            for inner in box.iter(f"{_W}p"):
                if _inside_box_table(inner, box):
                    continue
                self.blocks.append(block_of(inner, f"{where}文本框{box_number}", self.styles,
                                          boxed=True))
            for table in box.iter(f"{_W}tbl"):
                if table.getparent() is box:
                    for inner in _table_paragraphs(table):
                        self.blocks.append(block_of(inner, f"{where}文本框{box_number}",
                                                  self.styles, boxed=True))
        self.blocks.append(block_of(p, where, self.styles, in_table=in_table))

    def table(self, tbl: etree._Element) -> list[int]:
        self.tables += 1
        number = self.tables
        if is_layout_table(tbl):
            for row_index, tr in enumerate(tbl.findall(f"{_W}tr"), start=1):
                for col_index, tc in enumerate(tr.findall(f"{_W}tc"), start=1):
                    for p in cell_paragraphs(tc, boxes=False):
                        self.paragraph(p, f"表{number}第{row_index}行第{col_index}列",
                                       in_table=True)
            return []
        self.blocks.append(table_block(tbl, number, self.styles))
        return [len(self.blocks) - 1]


def _twips(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _text_boxes(p: etree._Element) -> list[etree._Element]:
    return [box for box in p.iter(f"{_W}txbxContent")
            if not any(a.tag == f"{{{MC}}}Fallback" for a in box.iterancestors())
            and _nearest_box_paragraph(box) is p]


def _nearest_box_paragraph(box: etree._Element) -> etree._Element | None:
    return next((a for a in box.iterancestors() if a.tag == f"{_W}p"), None)


def _inside_box_table(p: etree._Element, box: etree._Element) -> bool:
    return nested_in(p, (f"{_W}tbl", f"{_W}txbxContent"), box)


def _table_paragraphs(tbl: etree._Element) -> list[etree._Element]:
    return list(tbl.iter(f"{_W}p"))


def table_only_draft(blocks: list[Block | TableBlock], source: str) -> Draft:
    """The first table of the file, titled by the line above it."""
    draft = Draft(data={}, source=source)
    tables = [index for index, block in enumerate(blocks) if isinstance(block, TableBlock)]
    if not tables:
        from docgen.errors import DataError, Problem

        raise DataError([Problem("文件中没有表格", file=source)],
                        hint="去掉 --table-only 可导入整份通知。")
    first = tables[0]
    table = blocks[first]
    assert isinstance(table, TableBlock)
    title = _caption(blocks[:first])
    if title is None:
        title = PLACEHOLDER
        draft.marks.append(Mark("attachments[0].title", "待定", "表格上方没有标题"))
    if len(tables) > 1:
        draft.notes.append(f"文件中有 {len(tables)} 个表格，只导入了第一个（表{table.number}）")
    draft.data["attachments"] = [{"title": title,
                                  "table": table_data(draft, table, "attachments[0].table")}]
    return draft


def _caption(blocks: list[Block | TableBlock]) -> str | None:
    for block in reversed(blocks):
        if isinstance(block, TableBlock):
            return None
        text = strip_text(block.text)
        if text and not ATTACHMENT_LABEL.fullmatch(text):
            return "".join(text_lines(block.text))
    return None
