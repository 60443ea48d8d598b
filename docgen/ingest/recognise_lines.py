"""A notice's fields recognised from its paragraphs in reading order, whatever file they came
from: a reader turns its file into :class:`Block` paragraphs (text, alignment, size, colour)
and :class:`TableBlock` grids, and :func:`recognise` places them in docgen's schema.

The notice is read top to bottom as GB/T 9704 lays it out: 份号/密级/紧急程度 above a red
发文机关标志; 发文字号 and 签发人 below it; a large centred 标题; 主送 ending in a colon; the
body; 附件说明, 署名, 成文日期, 附注; the attachments, each under its 附件n line; and the 版记
(抄送, 印发机关 and 印发日期). What fits no field is kept in ``unplaced`` with where it was.

One reader with one cursor on purpose (about 370 lines): what a paragraph is depends on what
came before it, so the parts are only understood read in order. The shapes it reads are in
docgen.ingest.blocks.
"""

from __future__ import annotations

import re

from docgen.ingest.blocks import (
    Block,
    DocNumber,
    Found,
    Item,
    TableBlock,
    TableWriter,
    clean,
    find_doc_number,
)
from docgen.ingest.draft import Draft, Unplaced
from docgen.ingest.textforms import COPY_NUMBER, SECRECY, URGENCY, parse_date

PENDING = "【待定】"
_SIGNERS = re.compile(r"签发人[:：]\s*(?P<names>.*)")
_ATTACHMENT_NOTE = re.compile(r"附\s*件[:：]\s*(?P<rest>.*)")
_ATTACHMENT_MARK = re.compile(r"附\s*件\s*(?P<n>\d*)")
_ORDINAL = re.compile(r"(?P<n>\d+)\s*[.．、]\s*")
_NOTE = re.compile(r"[（(].+[）)]")
_CC = re.compile(r"抄\s*送[:：]\s*(?P<cc>.+)")
_STAR = re.compile(r"[★☆]")
HEADER_REACH = 8  # blocks between the 发文机关标志 and the title: 文号, 签发人 lines, a ★
_PRINTED = re.compile(r"(?P<printer>.+?)\s+(?P<date>\S+?日)\s*印\s*发")


# ── recognition ──────────────────────────────────────────────────────────────────────────────
def recognise(items: list[Item], *, source: str, table_only: bool = False, author: str = "",
              tables: TableWriter | None = None) -> Draft:
    """The notice in ``items`` (paragraphs and tables in reading order) as a Draft.
    ``author`` is the file's author property: docgen writes the issuer's full name there."""
    tables = tables or TableWriter()
    found = Found()
    if table_only:
        _tables_only(items, found, tables)
    else:
        _Reader(items, found, tables, author.strip()).read()
    return Draft(data=found.data, source=source, marks=found.marks, unplaced=found.unplaced,
                 notes=found.notes)


def _tables_only(items: list[Item], found: Found, tables: TableWriter) -> None:
    """Each table with the large centred lines just above it as its title."""
    attachments = []
    body_size = _usual_size([item for item in items if isinstance(item, Block)])
    caption: list[str] = []
    for item in items:
        if isinstance(item, Block):
            heading = item.size >= body_size + 3 and item.align in ("center", "both")
            caption = [*caption, clean(item.text)] if heading else []
            continue
        path = f"attachments[{len(attachments)}].table"
        title = item.grid.title or "".join(caption) or PENDING
        attachments.append({"title": title, "table": tables.table(item, path, found)})
        if title == PENDING:
            found.missing(f"attachments[{len(attachments) - 1}].title", "表格标题未找到")
        caption = []
    found.data["attachments"] = attachments


class _Reader:
    def __init__(self, items: list[Item], found: Found, tables: TableWriter,
                 author: str) -> None:
        self.items = items
        self.author = author
        self.at = 0
        self.found = found
        self.tables = tables
        blocks = [item for item in items if isinstance(item, Block)]
        self.body_size = _usual_size(blocks)

    # cursor
    def peek(self, ahead: int = 0) -> Item | None:
        index = self.at + ahead
        return self.items[index] if index < len(self.items) else None

    def take(self) -> Item:
        item = self.items[self.at]
        self.at += 1
        return item

    def large(self, block: Block) -> bool:
        return block.size >= self.body_size + 3

    def read(self) -> None:
        data = self.found.data
        self._masthead(data)
        self._title(data)
        self._recipients(data)
        self._body(data)
        self._closing(data)
        self._attachments(data)
        self._names(data)

    # ── 版头 ──
    def _masthead(self, data: dict) -> None:
        mark_at = self._mark_index()
        for _ in range(mark_at if mark_at is not None else 0):
            self._head_field(data, self.take())
        issuer_mark = ""
        while isinstance(block := self.peek(), Block) and self._is_mark(block):
            issuer_mark += clean(self.take().text)
        data["issuer"] = {"mark": issuer_mark or PENDING, "name": PENDING}
        if not issuer_mark:
            self.found.missing("issuer.mark", "未找到红色的发文机关标志")
        self._number_and_signers(data)

    def _mark_index(self) -> int | None:
        for index, item in enumerate(self.items[:12]):
            if isinstance(item, Block) and self._is_mark(item):
                return index
        return None

    def _is_mark(self, block: Block) -> bool:
        return block.page == 0 and block.red and self.large(block)

    def _head_field(self, data: dict, item: Item) -> None:
        text = clean(item.text) if isinstance(item, Block) else ""
        for part in text.split():
            if COPY_NUMBER.fullmatch(part) and "copy_number" not in data:
                data["copy_number"] = part
            elif SECRECY.fullmatch(part) and "secrecy" not in data:
                data["secrecy"] = part
            elif URGENCY.fullmatch(part) and "urgency" not in data:
                data["urgency"] = part
            else:
                self.found.unplaced.append(Unplaced(getattr(item, "where", ""), part))
        if not text:
            self.found.keep(item)

    def _number_and_signers(self, data: dict) -> None:
        signers: list[str] = []
        in_signers = False
        header_ends = self._title_index()
        while isinstance(block := self.peek(), Block) and (
                self.at < header_ends or (header_ends < 0 and self._is_header_line(block))):
            self.take()
            text = clean(block.text)
            if _STAR.fullmatch(text) and block.red:
                self.found.notes.append("版头分隔线中有★")
                continue
            number = find_doc_number(text)
            if number is not None and "doc_number" not in data:
                self._doc_number(data, number)
                text = number.rest
            match = _SIGNERS.search(text)
            if match:
                in_signers = True
                text = match["names"]
            if in_signers and text:
                signers.extend(_names(text, block))
            elif text:
                self.found.unplaced.append(Unplaced(block.where, text))
        if "doc_number" not in data:
            data["doc_number"] = PENDING
            self.found.missing("doc_number", "未找到发文字号")
        data["signers"] = signers

    def _title_index(self) -> int:
        """Where the title starts, if it does within the header's reach; else -1."""
        for index in range(self.at, min(self.at + HEADER_REACH, len(self.items))):
            item = self.items[index]
            if isinstance(item, Block) and self._starts_title(item):
                return index
        return -1

    def _is_header_line(self, block: Block) -> bool:
        text = clean(block.text)
        return find_doc_number(text) is not None or bool(_SIGNERS.search(text)) \
            or bool(_STAR.fullmatch(text))

    def _doc_number(self, data: dict, number: DocNumber) -> None:
        data["doc_number"] = number.typed
        if number.loose:
            self.found.guess("doc_number", f"发文字号写作“{number.typed}”，"
                                           f"规范写法为“{number.standard}”（7.2.5）")
            self.found.notes.append(f"发文字号“{number.typed}”不规范，应为“{number.standard}”")

    def _starts_title(self, block: Block) -> bool:
        # a title line as wide as the column is centred too, and read as justified
        return self.large(block) and not block.red and block.align in ("center", "both")

    # ── 主体 ──
    def _title(self, data: dict) -> None:
        lines = []
        while isinstance(block := self.peek(), Block) and self._starts_title(block):
            lines.append(clean(self.take().text))
        data["title"] = "".join(lines) or PENDING
        if not lines:
            self.found.missing("title", "未找到标题（居中的大字）")

    def _recipients(self, data: dict) -> None:
        block = self.peek()
        if isinstance(block, Block) and clean(block.text).endswith((":", "：")) \
                and block.indent < 1 and not _ATTACHMENT_NOTE.match(clean(block.text)):
            data["recipients"] = clean(self.take().text)

    def _body(self, data: dict) -> None:
        body = []
        while (block := self.peek()) is not None and not self._closing_starts():
            self.take()
            if isinstance(block, TableBlock):
                self.found.keep(block)
            else:
                body.append(clean(block.text))
        data["body"] = body or [PENDING]
        if not body:
            self.found.missing("body", "未找到正文")

    def _closing_starts(self) -> bool:
        block = self.peek()
        if isinstance(block, TableBlock) or block is None:
            return False
        text = clean(block.text)
        if _ATTACHMENT_NOTE.fullmatch(text) and block.indent >= 1:
            return True
        if block.align == "right" and parse_date(text) is not None:
            return True
        following = self.peek(1)
        return (block.align == "right" and isinstance(following, Block)
                and following.align == "right" and parse_date(following.text) is not None)

    # ── 附件说明、署名、成文日期、附注 ──
    def _closing(self, data: dict) -> None:
        self._attachment_note()
        organs: list[Block] = []
        date_block = None
        while isinstance(block := self.peek(), Block) and block.align == "right":
            self.take()
            if parse_date(block.text) is not None:
                date_block = block
                break
            organs.append(block)
        signature: dict = {}
        if organs:
            signature["organ"] = clean(organs[0].text)
            for extra in organs[1:]:
                self.found.keep(extra)
        if date_block is None:
            signature["date"] = PENDING
            self.found.missing("signature.date", "未找到成文日期")
        else:
            signature["date"] = parse_date(date_block.text).isoformat()
        # as text, as a data file holds it
        signature["sealed"] = "true" if _sealed(organs[0] if organs else None,
                                                date_block) else "false"
        if not organs or date_block is None:
            self.found.guess("signature.sealed", "没有找到署名和成文日期，是否加盖印章无从判断")
        data["signature"] = signature
        block = self.peek()
        if isinstance(block, Block) and _NOTE.fullmatch(clean(block.text)):
            data["note"] = clean(self.take().text)

    def _attachment_note(self) -> None:
        block = self.peek()
        if not (isinstance(block, Block) and (match := _ATTACHMENT_NOTE.fullmatch(
                clean(block.text)))):
            return
        self.take()
        names = [match["rest"]]
        # later attachments and a long name's second line hang under the first name
        while isinstance(block := self.peek(), Block) and block.align in ("left", "both") \
                and block.indent >= 2.5:
            text = clean(self.take().text)
            if _ORDINAL.match(text):
                names.append(text)
            else:
                names[-1] += text
        self.found.attachment_names = [_ORDINAL.sub("", name, count=1) if _ORDINAL.match(name)
                                       else name for name in names]

    # ── 附件 and 版记 ──
    def _attachments(self, data: dict) -> None:
        attachments: list[dict] = []
        while (item := self.peek()) is not None:
            self.take()
            if isinstance(item, TableBlock):
                current = self._attachment_for_table(attachments)
                path = f"attachments[{attachments.index(current)}].table"
                current["table"] = self.tables.table(item, path, self.found)
            elif self._imprint(data, item):
                continue
            elif _ATTACHMENT_MARK.fullmatch(clean(item.text)) and item.indent < 1:
                attachments.append({"title": self._attachment_title(len(attachments))})
            elif attachments and "table" not in attachments[-1]:
                attachments[-1].setdefault("paragraphs", []).append(clean(item.text))
            else:
                self.found.keep(item)
        for name in self.found.attachment_names[len(attachments):]:
            attachments.append({"title": name})
            self.found.missing(f"attachments[{len(attachments) - 1}]",
                               f"附件说明列出的附件“{name}”未在文中找到")
        data["attachments"] = attachments

    def _attachment_title(self, index: int) -> str:
        lines = []
        while isinstance(block := self.peek(), Block) and self.large(block) \
                and block.align in ("center", "both"):
            lines.append(clean(self.take().text))
        if lines:
            return "".join(lines)
        names = self.found.attachment_names
        if index < len(names):
            return names[index]
        self.found.missing(f"attachments[{index}].title", "附件标题未找到")
        return PENDING

    def _attachment_for_table(self, attachments: list[dict]) -> dict:
        if not attachments or "table" in attachments[-1] or attachments[-1].get("paragraphs"):
            names = self.found.attachment_names
            title = names[len(attachments)] if len(attachments) < len(names) else PENDING
            attachments.append({"title": title})
            if title == PENDING:
                self.found.missing(f"attachments[{len(attachments) - 1}].title",
                                   "表格前没有“附件”字样和标题")
        return attachments[-1]

    def _imprint(self, data: dict, block: Block) -> bool:
        text = clean(block.text)
        imprint = data.setdefault("imprint", {})
        if match := _CC.fullmatch(self._run_on(block, text)):
            imprint["cc"] = match["cc"]
            return True
        if (match := _PRINTED.fullmatch(text)) and parse_date(match["date"]) is not None:
            imprint["printer"] = match["printer"]
            imprint["print_date"] = parse_date(match["date"]).isoformat()
            return True
        return False

    def _run_on(self, block: Block, text: str) -> str:
        """A 抄送 line going on under its label (a hanging indent the paragraph joining does
        not take for a continuation)."""
        if not _CC.fullmatch(text):
            return text
        while isinstance(after := self.peek(), Block) and after.page == block.page \
                and after.size == block.size and after.top - block.top < 3 * block.size \
                and not _PRINTED.fullmatch(clean(after.text)):
            text += clean(self.take().text)
            block = after
        return text

    # ── what the page does not say ──
    def _names(self, data: dict) -> None:
        """The issuer's full name: the file's author when the 发文机关标志 starts with it (as
        docgen writes it), else the 署名, else the 印发机关."""
        signature = data["signature"]
        imprint = data.setdefault("imprint", {})
        organ = signature.get("organ")
        mark = data["issuer"]["mark"]
        name = self.author if self.author and mark.startswith(self.author) else None
        name = name or organ or imprint.get("printer")
        if organ is not None and organ == name:
            del signature["organ"]
        if name is None:
            mark = data["issuer"]["mark"]
            name = re.sub(r"文件$", "", mark) if mark != PENDING else PENDING
            self.found.guess("issuer.name", "发文机关全称由发文机关标志推出")
        data["issuer"]["name"] = name
        if organ is None:
            self.found.guess("signature", "未找到署名，按发文机关全称署名")
        if "printer" not in imprint:
            imprint["printer"] = name
            imprint["print_date"] = signature["date"]
            self.found.guess("imprint", "未找到版记，印发机关和印发日期按发文机关和成文日期")


def _names(text: str, block: Block) -> list[str]:
    """The 签发人 names in ``text``: apart where spaces or a line break part them (a name is
    never broken over two lines, a list of names often is)."""
    names = text.split()
    if len(block.lines) < 2:
        return names
    out: list[str] = []
    for line in block.lines:
        number = find_doc_number(line)
        line = number.rest if number else clean(line)
        label = _SIGNERS.search(line)
        out.extend((label["names"] if label else line).split())
    return out if "".join(out) == "".join(names) else names


def _sealed(organ: Block | None, date: Block | None) -> bool:
    """7.3.5.1 centres the 署名 over the date (a seal goes over both); 7.3.5.2 sets the date
    two characters right of the 署名's start."""
    if organ is None or date is None or organ.centre is None or date.centre is None:
        return True
    return abs(organ.centre - date.centre) < 0.25 * max(date.size, 1)


def _usual_size(blocks: list[Block]) -> float:
    sizes: dict[float, int] = {}
    for block in blocks:
        sizes[block.size] = sizes.get(block.size, 0) + len(block.text)
    return max(sizes, key=sizes.__getitem__) if sizes else 16.0
