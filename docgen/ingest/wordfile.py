"""A .docx notice read back into data: the package walked in document order, then recognised.

The walk turns the body into a flat list of blocks a clerk would see: paragraphs (with the
look that tells a header from the body — style, size, colour, alignment), the paragraphs of
text boxes where they stand, the cells of tables used for layout (a red header or a 版记 typed
as a table) read as lines, and real tables as grids. docgen.ingest.recognise places the
blocks in the notice's fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.ingest.draft import Draft
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
    bold: bool = False
    red: bool = False  # any run in a red colour
    boxed: bool = False  # in a text box
    in_table: bool = False  # a cell of a table used for layout
    space_before: float = 0.0  # points
    right_indent: float = 0.0  # points
    page_break: bool = False  # starts a new page (a page break or pageBreakBefore)
    blanks_before: int = 0  # empty paragraphs just above it (set by the recogniser)


@dataclass(frozen=True)
class TableBlock:
    grid: Grid
    number: int  # 表n, counted in document order
    landscape: bool = False  # in a landscape section
    font_size: float = 0.0  # the cells' run size in points, when they share one
    aligns: tuple[str, ...] = ()  # per column, the body cells' usual alignment


def read_docx(path: Path, *, table_only: bool = False) -> Draft:
    """The notice (or with ``table_only`` just its first table) in ``path`` as a Draft."""
    from docgen.ingest.recognise import recognise

    check_untrusted_docx(path)
    blocks = walk(path)
    return recognise(blocks, source=path.name, table_only=table_only,
                     author=_core_author(path))


def check_untrusted_docx(path: Path) -> None:
    """Size and XML limits before anything parses the package (zip bombs, DTDs, macros)."""
    from docgen.compose.safe_docx import check_package
    from docgen.errors import DataError, Problem, TemplateError

    try:
        check_package(path)
    except TemplateError as error:
        message = error.message.replace("模板", "文档", 1)
        raise DataError([Problem(message, file=path.name)],
                        hint="请在 Word 或 WPS 中另存为普通的 .docx 文档后再导入。") from error


def walk(path: Path) -> list[Block | TableBlock]:
    import docx

    document = docx.Document(str(path))
    styles = {style.style_id: style.name for style in document.styles}
    walker = _Walker(styles)
    walker.body(document.element.body)
    return walker.blocks


def _core_author(path: Path) -> str:
    import docx

    return (docx.Document(str(path)).core_properties.author or "").strip()


class _Walker:
    def __init__(self, styles: dict[str, str]) -> None:
        self.styles = styles
        self.blocks: list[Block | TableBlock] = []
        self.paragraphs = 0
        self.tables = 0
        self.landscape = False

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
            or int(size.get(f"{_W}w") or 0) > int(size.get(f"{_W}h") or 0))
        for index in pending:
            block = self.blocks[index]
            if isinstance(block, TableBlock) and landscape:
                self.blocks[index] = TableBlock(block.grid, block.number, True,
                                                block.font_size, block.aligns)
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
                self.blocks.append(_block(inner, f"{where}文本框{box_number}", self.styles,
                                          boxed=True))
            for table in box.iter(f"{_W}tbl"):
                if table.getparent() is box:
                    for inner in _table_paragraphs(table):
                        self.blocks.append(_block(inner, f"{where}文本框{box_number}",
                                                  self.styles, boxed=True))
        self.blocks.append(_block(p, where, self.styles, in_table=in_table))

    def table(self, tbl: etree._Element) -> list[int]:
        from docgen.ingest.docx_table import is_layout_table, table_block

        self.tables += 1
        number = self.tables
        if is_layout_table(tbl):
            for row_index, tr in enumerate(tbl.findall(f"{_W}tr"), start=1):
                for col_index, tc in enumerate(tr.findall(f"{_W}tc"), start=1):
                    for p in tc.iter(f"{_W}p"):
                        self.paragraph(p, f"表{number}第{row_index}行第{col_index}列",
                                       in_table=True)
            return []
        self.blocks.append(table_block(tbl, number, self.styles))
        return [len(self.blocks) - 1]


def _text_boxes(p: etree._Element) -> list[etree._Element]:
    return [box for box in p.iter(f"{_W}txbxContent")
            if not any(a.tag == f"{{{MC}}}Fallback" for a in box.iterancestors())
            and _nearest_box_paragraph(box) is p]


def _nearest_box_paragraph(box: etree._Element) -> etree._Element | None:
    return next((a for a in box.iterancestors() if a.tag == f"{_W}p"), None)


def _inside_box_table(p: etree._Element, box: etree._Element) -> bool:
    for ancestor in p.iterancestors():
        if ancestor is box:
            return False
        if ancestor.tag in (f"{_W}tbl", f"{_W}txbxContent"):
            return True
    return False


def _table_paragraphs(tbl: etree._Element) -> list[etree._Element]:
    return [p for p in tbl.iter(f"{_W}p")]


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
            parts.append(chr(int(child.get(f"{_W}char") or "20", 16)))
        elif tag == f"{_W}p" or tag == f"{_W}tbl":
            continue  # nested in a text box's fallback or a shape: read elsewhere
        else:
            _collect(child, parts)


def _block(p: etree._Element, where: str, styles: dict[str, str], boxed: bool = False,
           in_table: bool = False) -> Block:
    ppr = p.find(f"{_W}pPr")
    style_id = _val(ppr, "pStyle") if ppr is not None else None
    runs = [r for r in p.iter(f"{_W}r") if not _in_box(r, p)]
    sizes = [_run_size(r) for r in runs if _run_text(r)]
    return Block(
        text=paragraph_text(p), where=where, style=styles.get(style_id or "", style_id or ""),
        align=(_val(ppr, "jc") or "") if ppr is not None else "",
        size=max(sizes, default=0.0), bold=any(_run_bold(r) for r in runs if _run_text(r)),
        red=any(_is_red(_run_color(r)) for r in runs if _run_text(r)), boxed=boxed,
        in_table=in_table, space_before=_spacing_before(ppr),
        right_indent=_right_indent(ppr),
        page_break=(ppr is not None and ppr.find(f"{_W}pageBreakBefore") is not None)
        or any(br.get(f"{_W}type") == "page" for br in p.iter(f"{_W}br")))


def _in_box(run: etree._Element, p: etree._Element) -> bool:
    for ancestor in run.iterancestors():
        if ancestor is p:
            return False
        if ancestor.tag in (f"{_W}txbxContent", f"{{{MC}}}Fallback"):
            return True
    return False


def _val(parent: etree._Element | None, tag: str) -> str | None:
    if parent is None:
        return None
    found = parent.find(f"{_W}{tag}")
    return found.get(f"{_W}val") if found is not None else None


def _run_text(run: etree._Element) -> bool:
    return any((t.text or "").strip() for t in run.findall(f"{_W}t"))


def _run_size(run: etree._Element) -> float:
    half_points = _val(run.find(f"{_W}rPr"), "sz")
    try:
        return int(half_points) / 2 if half_points else 0.0
    except ValueError:
        return 0.0


def _run_bold(run: etree._Element) -> bool:
    rpr = run.find(f"{_W}rPr")
    bold = rpr.find(f"{_W}b") if rpr is not None else None
    return bold is not None and bold.get(f"{_W}val") not in ("0", "false")


def _run_color(run: etree._Element) -> str:
    return (_val(run.find(f"{_W}rPr"), "color") or "").upper()


def _is_red(color: str) -> bool:
    """A red a clerk picks: strong red, weak green and blue (FF0000, C00000, E60012 …)."""
    if not re.fullmatch(r"[0-9A-F]{6}", color):
        return False
    red, green, blue = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    return red >= 0x99 and green <= 0x40 and blue <= 0x40


def _spacing_before(ppr: etree._Element | None) -> float:
    spacing = ppr.find(f"{_W}spacing") if ppr is not None else None
    value = spacing.get(f"{_W}before") if spacing is not None else None
    return int(value) * _PT_PER_TWIP if value and value.lstrip("-").isdigit() else 0.0


def _right_indent(ppr: etree._Element | None) -> float:
    indent = ppr.find(f"{_W}ind") if ppr is not None else None
    if indent is None:
        return 0.0
    value = indent.get(f"{_W}right") or indent.get(f"{_W}end")
    return int(value) * _PT_PER_TWIP if value and value.lstrip("-").isdigit() else 0.0
