"""The fields a Word notice's blocks were placed in, written as docgen's data: text cleaned of
layout (indent spaces, soft breaks), dates as dates, tables through table_from_grid, and a
【待定】 or 【待核】 mark wherever the file did not say or the reading is a guess.

One module on purpose (a little over 300 lines): every field of the data in the order of
the sample, each with the mark it gets when the file did not say.
"""

from __future__ import annotations

import re
from typing import Any

from docgen.ingest.docx_table import table_data
from docgen.ingest.draft import Draft, Mark, Unplaced
from docgen.ingest.recognise import (
    ATTACHMENT_NOTE,
    IMPRINT_CC,
    NUMBERED,
    SEALED_BLANK_LINES,
    SEALED_GAP,
    SIGNERS,
    STYLE_LEVEL,
    Attachment,
    Found,
    body_text,
    role_of,
    text_lines,
)
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

_NAME_SEPARATORS = re.compile(r"[\s\u3000、，,]+")


class _Assembly:
    def __init__(self, found: Found, source: str, author: str) -> None:
        self.found = found
        self.author = author
        self.draft = Draft(data={}, source=source, unplaced=list(found.unplaced))
        self.data = self.draft.data

    def missing(self, path: str, reason: str) -> str:
        self.draft.marks.append(Mark(path, "待定", reason))
        return PLACEHOLDER

    def guess(self, path: str, reason: str) -> None:
        self.draft.marks.append(Mark(path, "待核", reason))

    def unplaced(self, block: Block, text: str | None = None) -> None:
        self.draft.unplaced.append(Unplaced(block.where, block.text if text is None else text))


def assemble(found: Found, source: str, author: str = "") -> Draft:
    a = _Assembly(found, source, author)
    _head(a)
    _issuer(a)
    _doc_number(a)
    _title(a)
    if found.recipients is not None:
        a.data["recipients"] = body_text(found.recipients)
    _body(a)
    _signature(a)
    if found.note is not None:
        a.data["note"] = body_text(found.note)
    _attachments(a)
    _imprint(a)
    return a.draft


# ── 版头 ─────────────────────────────────────────────────────────────────────────────────
def _head(a: _Assembly) -> None:
    for block in a.found.head:
        for token in strip_text(block.text).replace("\u3000", " ").split():
            if COPY_NUMBER.fullmatch(token) and "copy_number" not in a.data:
                a.data["copy_number"] = token
            elif SECRECY.fullmatch(token) and "secrecy" not in a.data:
                a.data["secrecy"] = token
            elif URGENCY.fullmatch(token) and "urgency" not in a.data:
                a.data["urgency"] = token
            else:
                a.unplaced(block, token)


def _issuer(a: _Assembly) -> None:
    lines = [line for block in a.found.mark for line in text_lines(block.text)]
    if not lines:
        a.data["issuer"] = {"mark": a.missing("issuer.mark", "文件中没有找到发文机关标志"),
                            "name": a.missing("issuer.name", "文件中没有找到发文机关全称")}
        return
    mark = "\n".join(lines)
    if a.found.styled and a.author:  # docgen writes the issuer's full name as the author
        name = a.author
    else:
        name = re.sub(r"\s*文件$", "", lines[0]).strip(WHITESPACE)
        if name == lines[0] or len(lines) > 1:
            a.guess("issuer.name", "发文机关全称由发文机关标志推断，请核对")
    a.data["issuer"] = {"mark": mark, "name": name}


def _doc_number(a: _Assembly) -> None:
    number = None
    leftovers: list[tuple[Block, str]] = []
    has_signers = False
    for block in a.found.doc_number:
        text = block.text
        found = find_doc_number(text)
        if found is not None and number is None:
            number = found
            text = text[:found.start] + "\t" + text[found.end:]
        label = SIGNERS.search(text)
        if label:
            has_signers = True
            text = text[:label.start()] + "\t" + text[label.end():]
        leftovers.append((block, text))
    names = []
    for block, text in leftovers:
        if number is None and DRAFT_NUMBER.match(strip_text(text)):
            continue  # a draft's 文号 still to be numbered: taken below
        tokens = [t for t in _NAME_SEPARATORS.split(text) if t]
        if has_signers:
            names.extend(tokens)
        elif tokens:
            a.unplaced(block, " ".join(tokens))
    if names:
        a.data["signers"] = names
    if number is None:
        a.data["doc_number"] = _draft_number(a) or a.missing("doc_number", "文件中没有找到发文字号")
        return
    a.data["doc_number"] = number.typed
    if number.loose:
        a.guess("doc_number", f"原文写作“{number.typed}”，GB/T 9704 的写法为“{number.standard}”")
        a.draft.notes.append(f"发文字号“{number.typed}”不合 GB/T 9704 7.2.5 的写法，"
                             f"应为“{number.standard}”")


def _draft_number(a: _Assembly) -> str | None:
    """A draft's 文号 (晋文旅办发〔2023〕【待定】号, from next-year or build --draft): kept,
    its number still to be filled in."""
    for block in a.found.doc_number:
        text = strip_text(block.text)
        if DRAFT_NUMBER.match(text):
            a.draft.marks.append(Mark("doc_number", "待定", "发文字号的序号待定"))
            return text
    return None


def _title(a: _Assembly) -> None:
    lines = [line for block in a.found.title for line in text_lines(block.text)]
    if not lines:
        a.data["title"] = a.missing("title", "文件中没有找到标题")
        return
    a.data["title"] = join_title(lines, _keep(a))


def join_title(lines: list[str], keep: list[str], max_units: float | None = None) -> str:
    """The title's lines as one text, or with the author's line breaks kept where they are
    not the ones docgen would choose itself (docgen breaks a one-line title the same way)."""
    from docgen.standard import figures as L
    from docgen.standard.title_break import break_title

    joined = "".join(lines)
    if len(lines) == 1:
        return joined
    width = L.TITLE_MAX_CHARS if max_units is None else max_units
    return joined if break_title(joined, width, keep) == lines else "\n".join(lines)


def _keep(a: _Assembly) -> list[str]:
    issuer = a.data.get("issuer", {})
    organ = strip_text(a.found.organ.text) if a.found.organ is not None else ""
    return [name for name in (issuer.get("name"), organ, a.data.get("doc_number")) if name]


# ── 正文 ─────────────────────────────────────────────────────────────────────────────────
def _body(a: _Assembly) -> None:
    body = [paragraph_data(block) for block in a.found.body]
    if not body:
        body = [a.missing("body[0]", "文件中没有找到正文")]
    a.data["body"] = body


def paragraph_data(block: Block) -> str | dict[str, Any]:
    """A body paragraph: its text, with the level only when its style says other than its
    ordinal would (a paragraph forced to level 0, a heading without an ordinal), and its
    run-in heading only when docgen set apart another part than it finds by itself."""
    text = body_text(block)
    level = STYLE_LEVEL.get(block.style)  # type: ignore[call-overload]
    data: dict[str, Any] = {"text": text}
    if level is not None and level != heading_level(text):
        data["level"] = level
    if level and len(block.runs) == 2:
        data.update(_run_in_heading(block.runs, text, data.get("level")))
    return text if list(data) == ["text"] else data


def _run_in_heading(runs: tuple[str, ...], text: str, level: int | None) -> dict[str, str]:
    from docgen.compose.notice import split_heading
    from docgen.notice.model import Paragraph

    head, tail = (part.strip(WHITESPACE) for part in runs)
    if head + tail != text or (head, tail) == split_heading(Paragraph(text=text, level=level)):
        return {}
    return {"heading": head, "text": tail}


# ── 署名, 成文日期 ───────────────────────────────────────────────────────────────────────
def _signature(a: _Assembly) -> None:
    found = a.found
    signature: dict[str, Any] = {}
    if found.organ is not None:
        organ = body_text(found.organ)
        if organ != a.data["issuer"]["name"]:
            signature["organ"] = organ
    date = parse_date(found.date.text) if found.date is not None else None
    signature["date"] = date.isoformat() if date else a.missing(
        "signature.date", "文件中没有找到成文日期")
    # Text, as every value of a data file is read (true/false).
    signature["sealed"] = "true" if _sealed(a) else "false"
    a.data["signature"] = signature


def _sealed(a: _Assembly) -> bool:
    organ = a.found.organ
    if organ is None:
        a.guess("signature.sealed", "没有找到署名，是否加盖印章无从判断")
        return True
    if role_of(organ) == "signature":  # docgen leaves two rows for the seal, one without
        return organ.space_before >= SEALED_GAP
    a.guess("signature.sealed", "是否加盖印章按署名上方的空行推断，请核对")
    return organ.blanks_before >= SEALED_BLANK_LINES


# ── 附件 ─────────────────────────────────────────────────────────────────────────────────
def note_titles(blocks: list[Block]) -> list[str]:
    """The attachment names listed in the 附件说明 (附件：1. … 2. …)."""
    titles: list[str] = []
    for index, block in enumerate(blocks):
        text = body_text(block)
        if index == 0:
            text = ATTACHMENT_NOTE.sub("", text)
        numbered = NUMBERED.match(text)
        text = strip_text(text[numbered.end():] if numbered else text)
        if numbered or not titles:
            titles.append(text)
        else:  # a name wrapped onto a line of its own
            titles[-1] += text
    return titles


def _attachments(a: _Assembly) -> None:
    listed = note_titles(a.found.notes)
    found = [item for item in a.found.attachments if _has_content(a, item)]
    attachments = []
    for index, item in enumerate(found):
        attachments.append(_attachment(a, index, item, listed))
    for index in range(len(found), len(listed)):  # named in the 附件说明, absent from the file
        attachments.append({"title": listed[index], "paragraphs": [a.missing(
            f"attachments[{index}].paragraphs[0]", "附件说明列出了此附件，文件中没有它的内容")]})
    if attachments:
        a.data["attachments"] = attachments
    if found and listed and len(found) != len(listed):
        a.guess("attachments", f"附件说明列出 {len(listed)} 个附件，文件中有 {len(found)} 个")


def _has_content(a: _Assembly, item: Attachment) -> bool:
    if item.tables or item.paragraphs:
        return True
    for line in item.title_lines:  # a label and a title with nothing under them
        a.draft.unplaced.append(Unplaced(f"附件{item.label}", line))
    return False


def _attachment(a: _Assembly, index: int, item: Attachment, listed: list[str]) -> dict:
    path = f"attachments[{index}]"
    table = item.tables[0] if item.tables else None
    data: dict[str, Any] = {}
    if item.title_lines:
        width = _frame_units(table)
        data["title"] = join_title(item.title_lines, _keep(a), width)
        named = listed[index] if index < len(listed) else None
        if named is not None and named != data["title"].replace("\n", ""):
            a.guess(f"{path}.title", f"附件说明中写作“{named}”，生成时附件说明按附件标题写")
    elif index < len(listed):
        data["title"] = listed[index]
        a.guess(f"{path}.title", "附件标题取自附件说明")
    else:
        data["title"] = a.missing(f"{path}.title", "没有找到附件标题")
    if item.paragraphs:
        data["paragraphs"] = [paragraph_data(block) for block in item.paragraphs]
    if table is not None:
        data["table"] = table_data(a.draft, table, f"{path}.table")
    return data


def _frame_units(table: TableBlock | None) -> float:
    from docgen.standard import figures as L

    landscape = table is not None and table.landscape
    return (L.TYPE_AREA_HEIGHT if landscape else L.TYPE_AREA_WIDTH) / L.TITLE_SIZE


# ── 版记 ─────────────────────────────────────────────────────────────────────────────────
def _imprint(a: _Assembly) -> None:
    imprint: dict[str, Any] = {}
    pending: list[Block] = []
    blocks = a.found.imprint
    for index, block in enumerate(blocks):
        text = strip_text(block.text)
        cc = IMPRINT_CC.match(text)
        dated = find_date(text) if text.endswith("印发") else None
        if dated is None and text.endswith(PLACEHOLDER + "印发") and "print_date" not in imprint:
            imprint["printer"] = strip_text(text[:-len(PLACEHOLDER + "印发")])
            imprint["print_date"] = a.missing("imprint.print_date", "印发日期待定")
            continue
        if cc and "cc" not in imprint:
            imprint["cc"] = _join_lines(text[cc.end():])
        elif _continues_cc(imprint, blocks, index, dated is not None):
            imprint["cc"] += _join_lines(text)
        elif dated is not None and "print_date" not in imprint:
            date, start, _ = dated
            printer = strip_text(text[:start])
            if not printer and pending:
                printer = strip_text(pending.pop().text)
            if printer:
                imprint["printer"] = printer
            imprint["print_date"] = date.isoformat()
        else:
            pending.append(block)
    for block in pending:
        a.unplaced(block)
    if "printer" not in imprint:
        imprint["printer"] = a.missing("imprint.printer", "文件中没有找到印发机关")
    if "print_date" not in imprint:
        imprint["print_date"] = a.missing("imprint.print_date", "文件中没有找到印发日期")
    a.data["imprint"] = {key: imprint[key] for key in ("cc", "printer", "print_date")
                         if key in imprint}


def _continues_cc(imprint: dict[str, Any], blocks: list[Block], index: int,
                  dated: bool) -> bool:
    """A 抄送 list wrapped onto the next line by hand: the list has not ended (no 。) and
    the line is not the 印发机关 (which the line with the date follows)."""
    if dated or "cc" not in imprint or "printer" in imprint or imprint["cc"].endswith("。"):
        return False
    following = strip_text(blocks[index + 1].text) if index + 1 < len(blocks) else ""
    found = find_date(following) if following.endswith("印发") else None
    return not (found is not None and found[1] == 0)


def _join_lines(text: str) -> str:
    return "".join(line.strip(WHITESPACE) for line in text.split("\n"))
