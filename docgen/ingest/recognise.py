"""A notice's blocks placed in its fields, in document order: 版头, 标题, 主送, 正文, 附件说明,
署名 and 成文日期, 附注, 附件, 版记.

docgen's own DOCX names every part by its paragraph style, which is taken at its word. A
notice typed in Word or WPS uses Normal paragraphs with hand-set fonts, colours and sizes;
there the place in the sequence and the text itself decide (a red or large line before the
发文字号 is the 发文机关标志, a line ending in ： after the title is the 主送, a date alone on
its line closes the 正文). A block that fits no field is kept as not placed, with where it was.

One module on purpose (a little over 300 lines): the stages follow the notice from top to
bottom, and each decides what the next one starts from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from docgen.ingest.docx_table import join_tables
from docgen.ingest.draft import Unplaced
from docgen.ingest.textforms import (
    COPY_NUMBER,
    SECRECY,
    URGENCY,
    WHITESPACE,
    find_date,
    find_doc_number,
    parse_date,
    strip_text,
)
from docgen.ingest.wordxml import Block, TableBlock
from docgen.notice.model import DRAFT_NUMBER, PLACEHOLDER, heading_level
from docgen.standard.styles import Style

ROLE_OF_STYLE = {
    Style.MARK: "mark", Style.COPY_NUMBER: "head", Style.SECRECY_URGENCY: "head",
    Style.DOC_NUMBER: "doc_number", Style.SIGNERS: "doc_number", Style.TITLE: "title",
    Style.RECIPIENTS: "recipients", Style.BODY: "body", Style.HEADING_1: "body",
    Style.HEADING_2: "body", Style.HEADING_3: "body", Style.HEADING_4: "body",
    Style.ATTACHMENT_NOTE: "attachment_note", Style.SIGNATURE: "signature", Style.DATE: "date",
    Style.NOTE: "note", Style.ATTACHMENT_LABEL: "attachment_label",
    Style.ATTACHMENT_TITLE: "attachment_title", Style.IMPRINT: "imprint",
}
STYLE_LEVEL = {Style.BODY: 0, Style.HEADING_1: 1, Style.HEADING_2: 2, Style.HEADING_3: 3,
               Style.HEADING_4: 4}
MARK_MIN_SIZE = 22.0  # points: a 发文机关标志 is set larger than any body text (二号 and up)
TITLE_MIN_SIZE = 18.0  # 小二 and up: a title typed without centring
ORGAN_MAX_CHARS = 40  # a 署名 is a name, not a sentence
MAX_ORGANS = 4  # 署名 lines of a 联合行文 above one date
SEALED_GAP = 43.0  # points before the 署名: docgen leaves two rows (sealed) or one
SEALED_BLANK_LINES = 2  # blank lines a clerk leaves above the 署名 for the seal
ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*[:：]\s*")
ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*(?P<n>[0-9]*)\s*[:：]?$")
NUMBERED = re.compile(r"^(?P<n>[0-9]{1,2})\s*[.．、]\s*")
IMPRINT_CC = re.compile(r"^抄\s*送\s*[:：]\s*")
SIGNERS = re.compile(r"签\s*发\s*人\s*[:：]")
SENTENCE_END = "。，；！？,;!?：:"


@dataclass
class Attachment:
    label: str = ""  # the 附件 label as typed
    title_lines: list[str] = field(default_factory=list)
    paragraphs: list[Block] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)


@dataclass
class Found:
    """What the walk through the blocks found, field by field."""

    head: list[Block] = field(default_factory=list)
    mark: list[Block] = field(default_factory=list)
    doc_number: list[Block] = field(default_factory=list)
    title: list[Block] = field(default_factory=list)
    recipients: Block | None = None
    body: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)  # 附件说明 lines
    organ: Block | None = None
    date: Block | None = None
    note: Block | None = None
    attachments: list[Attachment] = field(default_factory=list)
    imprint: list[Block] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    styled: bool = False  # the file is docgen's own: its parts carry docgen's styles


def join_split_tables(blocks: list[Block | TableBlock]) -> list[Block | TableBlock]:
    """A table broken into several tables (across a page, with its header typed again) as
    one: the next table follows with only empty paragraphs between and repeats the header."""
    joined: list[Block | TableBlock] = []
    for block in blocks:
        if isinstance(block, TableBlock):
            previous = _last_table_across_blanks(joined)
            if previous is not None:
                merged = join_tables(joined[previous], block)  # type: ignore[arg-type]
                if merged is not None:
                    del joined[previous + 1:]
                    joined[previous] = merged
                    continue
        joined.append(block)
    return joined


def _last_table_across_blanks(blocks: list[Block | TableBlock]) -> int | None:
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if isinstance(block, TableBlock):
            return index
        if strip_text(block.text):
            return None
    return None


def role_of(block: Block) -> str | None:
    return ROLE_OF_STYLE.get(block.style)  # type: ignore[call-overload]


def place(blocks: list[Block | TableBlock]) -> Found:
    found = Found(styled=any(isinstance(b, Block) and role_of(b) for b in blocks))
    items = _non_empty(blocks)
    index = _head(items, 0, found)
    index = _title(items, index, found)
    index = _main(items, index, found)
    _closing(items, index, found)
    return found


def _non_empty(blocks: list[Block | TableBlock]) -> list[Block | TableBlock]:
    """The blocks with text, each paragraph remembering how many blank lines preceded it."""
    items: list[Block | TableBlock] = []
    blanks = 0
    for block in blocks:
        if isinstance(block, Block) and not strip_text(block.text):
            blanks += 1
            continue
        if isinstance(block, Block):
            block = replace(block, blanks_before=blanks)
        blanks = 0
        items.append(block)
    return items


# ── 版头 ─────────────────────────────────────────────────────────────────────────────────
def _head(items: list[Block | TableBlock], index: int, found: Found) -> int:
    while index < len(items):
        block = items[index]
        if isinstance(block, TableBlock):
            return index
        role = role_of(block)
        text = strip_text(block.text)
        if role == "head" or (role is None and _is_head_line(text)):
            found.head.append(block)
        elif role == "doc_number" or (role is None and _is_number_line(text)):
            found.doc_number.append(block)
        elif role == "mark" or (role is None and not found.doc_number
                                and _looks_like_mark(block, found)):
            found.mark.append(block)
        else:
            return index
        index += 1
    return index


def _is_number_line(text: str) -> bool:
    """The 发文字号 alone on its line, or with the 签发人 (a title may quote a 文号)."""
    if SIGNERS.search(text) or DRAFT_NUMBER.match(text):
        return True
    found = find_doc_number(text)
    return found is not None and found.start == 0 and not strip_text(text[found.end:])


def _is_head_line(text: str) -> bool:
    tokens = text.replace("\u3000", " ").split()
    return bool(tokens) and all(COPY_NUMBER.fullmatch(t) or SECRECY.fullmatch(t)
                                or URGENCY.fullmatch(t) for t in tokens)


def _looks_like_mark(block: Block, found: Found) -> bool:
    text = strip_text(block.text)
    if found.mark:  # a joint mark's further lines look like its first
        first = found.mark[-1]
        return (block.red, block.boxed, block.in_table) == (first.red, first.boxed,
                                                            first.in_table) \
            and abs(block.size - first.size) < 0.5
    if text.endswith("文件"):
        return True
    prominent = block.red or block.size >= MARK_MIN_SIZE or block.boxed or block.in_table
    return prominent and len(text) <= 40 and not text.endswith("：")


# ── 标题 ─────────────────────────────────────────────────────────────────────────────────
def _title(items: list[Block | TableBlock], index: int, found: Found) -> int:
    while index < len(items):
        block = items[index]
        if isinstance(block, TableBlock):
            break
        role = role_of(block)
        if role == "title" or (role is None and _looks_like_title(block, found)):
            found.title.append(block)
            index += 1
            continue
        break
    return index


def _looks_like_title(block: Block, found: Found) -> bool:
    text = strip_text(block.text)
    if text.endswith(("：", ":")) or parse_date(text) or ATTACHMENT_NOTE.match(text) \
            or ATTACHMENT_LABEL.fullmatch(text):
        return False
    if not found.title:  # the first line after the header is the title, however it is set
        return True
    first = found.title[0]
    return block.align == first.align == "center" or (
        block.size >= TITLE_MIN_SIZE and abs(block.size - first.size) < 0.5)


# ── 主送, 正文, 附件说明, 署名, 成文日期, 附注 ─────────────────────────────────────────────
def _main(items: list[Block | TableBlock], index: int, found: Found) -> int:
    if index < len(items) and isinstance(items[index], Block):
        block = items[index]
        role = role_of(block)  # type: ignore[arg-type]
        text = strip_text(block.text)  # type: ignore[union-attr]
        if role == "recipients" or (role is None and text.endswith(("：", ":"))
                                    and not heading_level(text)):
            found.recipients = block  # type: ignore[assignment]
            index += 1
    while index < len(items):
        block = items[index]
        if isinstance(block, TableBlock) or _starts_closing(block):
            return index
        role = role_of(block)
        text = strip_text(block.text)
        if role == "attachment_note" or (role is None and (
                ATTACHMENT_NOTE.match(text) or _continues_notes(items, index, found))):
            found.notes.append(block)
        elif role == "signature" or (role is None and _signs(items, index)):
            if found.organ is None:
                found.organ = block
            else:  # a second 署名 (联合行文): docgen's data holds one; listed, not lost
                found.unplaced.append(Unplaced(block.where, block.text))
        elif role == "date" or (role is None and not found.date and parse_date(text)):
            found.date = block
        elif role == "note" or (role is None and found.date and _is_note(text)):
            found.note = block
        elif found.date is not None:
            return index  # after the date, only the 附注 belongs to the 主体
        else:
            found.body.append(block)
        index += 1
    return index


def _continues_notes(items: list[Block | TableBlock], index: int, found: Found) -> bool:
    """The 附件说明 goes on until the 署名: the next name (2. …) or a name wrapped by hand."""
    block = items[index]
    return bool(found.notes) and not found.organ and not _signs(items, index) \
        and not parse_date(strip_text(block.text))  # type: ignore[union-attr]


def _next_block(items: list[Block | TableBlock], index: int) -> Block | None:
    following = items[index + 1] if index + 1 < len(items) else None
    return following if isinstance(following, Block) else None


def _signs(items: list[Block | TableBlock], index: int) -> bool:
    """A 署名: a short line, maybe followed by the other organs of a 联合行文, then the date."""
    for following in items[index + 1:index + 1 + MAX_ORGANS]:
        if not isinstance(following, Block) or role_of(following) not in (None, "date"):
            return False
        if parse_date(strip_text(following.text)) is not None:
            return _looks_like_organ(items[index])  # type: ignore[arg-type]
        if not _looks_like_organ(following):
            return False
    return False


def _looks_like_organ(block: Block) -> bool:
    """A name, not a sentence."""
    text = strip_text(block.text)
    return (len(text) <= ORGAN_MAX_CHARS and not text.endswith(tuple(SENTENCE_END))
            and not heading_level(text) and not NUMBERED.match(text)
            and parse_date(text) is None)


def _is_note(text: str) -> bool:
    return text.startswith(("（", "(")) and text.endswith(("）", ")"))


def _starts_closing(block: Block) -> bool:
    """The 附件 label or the 版记 begins: what follows is no longer the 主体."""
    role = role_of(block)
    if role in ("attachment_label", "attachment_title", "imprint"):
        return True
    text = strip_text(block.text)
    return role is None and bool(ATTACHMENT_LABEL.fullmatch(text) or _is_imprint_line(text))


def _is_imprint_line(text: str) -> bool:
    if IMPRINT_CC.match(text):
        return True
    return text.endswith("印发") and (find_date(text) is not None
                                    or text.endswith(PLACEHOLDER + "印发"))


# ── 附件 and 版记 ────────────────────────────────────────────────────────────────────────
def _closing(items: list[Block | TableBlock], index: int, found: Found) -> None:
    current: Attachment | None = None
    rest = items[index:]
    for position, block in enumerate(rest):
        if isinstance(block, TableBlock):
            if current is None or current.tables:
                current = Attachment()
                found.attachments.append(current)
            current.tables.append(block)
            continue
        role = role_of(block)
        text = strip_text(block.text)
        if role == "imprint" or (role is None and (
                _is_imprint_line(text) or _printer_before_date(rest, position))):
            found.imprint.append(block)
            current = None  # what follows the 版记 is no attachment's, unless labelled
        elif role == "attachment_label" or (role is None and ATTACHMENT_LABEL.fullmatch(text)):
            current = Attachment(label=text)
            found.attachments.append(current)
        elif current is not None and (role == "attachment_title" or (
                role is None and _continues_attachment_title(block, current))):
            current.title_lines.extend(text_lines(block.text))
        elif current is not None and not current.tables and role in (None, "body"):
            current.paragraphs.append(block)
        elif found.imprint and role is None:
            found.imprint.append(block)
        else:
            found.unplaced.append(Unplaced(block.where, block.text))


def _printer_before_date(items: list[Block | TableBlock], position: int) -> bool:
    """The 印发机关 typed in a cell of its own, left of the cell with the date and 印发."""
    following = _next_block(items, position)
    if following is None or not following.in_table:
        return False
    text = strip_text(following.text)
    dated = find_date(text)
    return _is_imprint_line(text) and dated is not None and dated[1] == 0


def _continues_attachment_title(block: Block, current: Attachment) -> bool:
    if current.paragraphs or current.tables:
        return False
    if not current.title_lines:
        return True  # the first line below the label
    return block.align == "center" or block.size >= TITLE_MIN_SIZE


def text_lines(text: str) -> list[str]:
    return [line for line in (strip_text(part) for part in text.split("\n")) if line]


def body_text(block: Block) -> str:
    """A body paragraph's text: indent spaces and soft line breaks are layout, not text."""
    lines = [line.strip(WHITESPACE) for line in block.text.split("\n")]
    return "".join(line for line in lines if line).replace("\t", " ")


