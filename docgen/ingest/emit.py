"""A Draft written out as a commented data file in docgen's schema and order.

The file reads like the sample (data/jinwenlv-ban-2022-46.yaml): a comment saying what each
field is, sections in the order of the document. What the import could not find is 【待定】
in the value; what it guessed carries ``# 【待核】reason`` at the end of its line — the marks
``next-year`` leaves, so ``lint`` and ``build`` refuse them until a person has looked
(``--draft`` builds anyway). A proposed ``units:`` block follows the table, and everything of
the source that found no field is listed, with where it was, in a closing comment.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from docgen.errors import DocgenError
from docgen.ingest.draft import Draft, Mark
from docgen.notice.model import PLACEHOLDER
from docgen.notice.next_year import REVIEW
from docgen.notice.registry_draft import draft_registry
from docgen.notice.source import format_path, load_bytes, unwritable_characters

INDENT = "  "
NULL_WORDS = {"", "~", "null", "Null", "NULL"}
# A plain scalar needs no quotes: no indicator first, no ": " or " #" inside, one line.
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n\t]*$")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
COMMENT_COLUMN = 24  # field comments start here when the line is shorter, as in the sample


@dataclass(frozen=True)
class PlacedMark:
    """A mark and the line (1-based) of the written file it stands on."""

    line: int
    path: str
    kind: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: 【{self.kind}】{self.reason}"


@dataclass
class Emitted:
    text: str
    marks: list[PlacedMark]


# The fields of a notice in the order of the document, with the sample's comments.
FIELD_COMMENTS = {
    "copy_number": "份号（6 位数字，可选）",
    "secrecy": "密级和保密期限，如“秘密★1年”（可选）",
    "urgency": "紧急程度：特急 或 加急（可选）",
    "issuer.mark": "发文机关标志",
    "issuer.name": "发文机关全称：默认署名，也写入 PDF 作者",
    "doc_number": "发文字号",
    "signers": "签发人（上行文才有）",
    "recipients": "主送机关",
    "body": "正文：每项一段；以“一、”“（一）”“1.”“（1）”开头的段落自动按层级排版",
    "signature.organ": "署名",
    "signature.date": "成文日期",
    "signature.sealed": "加盖印章（7.3.5.1）；false 为不加盖印章（7.3.5.2）",
    "note": "附注，如“（此件公开发布）”（可选）",
    "imprint.cc": "抄送机关（可选），不含“抄送：”",
    "imprint.printer": "印发机关",
    "imprint.print_date": "印发日期",
}
TABLE_COMMENTS = {
    "orientation": "auto：5 列及以上横排；portrait 竖排；landscape 横排",
    "font_size": "表格文字字号（磅），12 即小四",
    "columns": "列：名称、相对宽度（按版心宽度等比缩放）、对齐",
    "levels": "分组层级：同一组的这些列纵向合并；其余列为明细列",
    "rows": "明细列写“〃”表示与上一格合并（原文中的空白续格）",
}
REQUIRED = ("issuer.mark", "issuer.name", "doc_number", "title", "body", "signature.date",
            "imprint.printer", "imprint.print_date")


def emit(draft: Draft) -> Emitted:
    """The draft as the text of a data file, and each mark with its line in that text."""
    data = _completed(draft)
    writer = _Writer(_marks_by_path(data["marks"]))
    writer.header(draft)
    notice = data["notice"]
    writer.section("版头")
    for key in ("copy_number", "secrecy", "urgency"):
        writer.field(key, notice.get(key), 0, key)
    writer.mapping_field("issuer", notice["issuer"], ("mark", "name"))
    writer.field("doc_number", notice["doc_number"], 0, "doc_number")
    writer.list_field("signers", notice.get("signers") or [], 0, "signers")
    writer.section("主体")
    writer.field("title", notice["title"], 0, "title")
    writer.field("recipients", notice.get("recipients"), 0, "recipients")
    writer.list_field("body", notice["body"], 0, "body")
    writer.mapping_field("signature", notice["signature"], ("organ", "date", "sealed"))
    writer.field("note", notice.get("note"), 0, "note")
    attachments = notice.get("attachments") or []
    if attachments:
        writer.section("附件")
        writer.attachments(attachments)
    units = draft_registry(notice)
    if units.members:
        writer.section("单位名录（供按处室抽取任务清单使用）")
        writer.raw(units.yaml(draft.source), "units")
    writer.section("版记")
    writer.mapping_field("imprint", notice["imprint"], ("cc", "printer", "print_date"))
    writer.unplaced(draft)
    text = "\n".join(writer.lines) + "\n"
    _check_reads_back(text, notice)
    return Emitted(text, writer.placed())


# ── the data completed: every required field present, 【待定】 where nothing was found ──────

def _completed(draft: Draft) -> dict[str, Any]:
    marks = list(draft.marks)
    notice = _writable(json.loads(json.dumps(draft.data, ensure_ascii=False, default=str)),
                       "", marks)
    marked = {mark.path for mark in marks}
    attachment_title = _first_attachment_title(notice)
    if not notice.get("title") and attachment_title and "title" not in marked:
        notice["title"] = f"关于印发{attachment_title}的通知"
        marks.append(Mark("title", "待核", "原文件中没有通知标题，按附件标题拟定"))
    notice.setdefault("issuer", {})
    notice.setdefault("signature", {})
    notice.setdefault("imprint", {})
    for path in REQUIRED:
        if _get(notice, path) in (None, "", []):
            _set(notice, path, _placeholder(path, notice))
            where = "body[0]" if path == "body" else path
            if path not in marked and where not in marked:
                marks.append(Mark(where, "待定", "原文件中没有找到"))
    return {"notice": notice, "marks": marks}


LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n"}  # Word's manual line break, a page break


def _writable(value: Any, path: str, marks: list[Mark]) -> Any:
    """The data without the characters a data file may not hold: a line or page break
    becomes a line break, any other is taken out; each place is marked for review."""
    if isinstance(value, dict):
        return {_writable(key, path, marks): _writable(item, _join(path, key), marks)
                for key, item in value.items()}
    if isinstance(value, list):
        return [_writable(item, f"{path}[{index}]", marks) for index, item in enumerate(value)]
    if not isinstance(value, str) or not (found := unwritable_characters(value)):
        return value
    for char in found:
        value = value.replace(char, LINE_BREAKS.get(char, ""))
    marks.append(Mark(path, "待核", f"原文此处有文档无法容纳的字符（{'、'.join(found.values())}），"
                                    "已换行或删去"))
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def visible(text: str) -> str:
    """Text for a comment line: a character a data file may not hold shown by its name."""
    for char, name in unwritable_characters(text).items():
        text = text.replace(char, f"〔{name}〕")
    return text


def _first_attachment_title(notice: dict[str, Any]) -> str | None:
    attachments = notice.get("attachments") or [None]
    title = attachments[0].get("title") if isinstance(attachments[0], dict) else None
    return title if isinstance(title, str) and PLACEHOLDER not in title else None


def _placeholder(path: str, notice: dict[str, Any]) -> Any:
    if path == "body":
        return [PLACEHOLDER]
    if path == "doc_number":
        # A 发文字号 must keep its shape even in a draft (机关代字〔年份〕序号号).
        titles = [notice.get("title")] + [a.get("title") for a in notice.get("attachments") or []
                                          if isinstance(a, dict)]
        year = re.search(r"(19|20)\d{2}", " ".join(str(t) for t in titles if t))
        return f"待定〔{year.group(0) if year else dt.date.today().year}〕{PLACEHOLDER}号"
    return PLACEHOLDER


def _get(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def _marks_by_path(marks: list[Mark]) -> dict[str, list[Mark]]:
    found: dict[str, list[Mark]] = {}
    for mark in marks:
        found.setdefault(mark.path, []).append(mark)
    return found


# ── the writer ────────────────────────────────────────────────────────────────────────────

class _Writer:
    def __init__(self, marks: dict[str, list[Mark]]) -> None:
        self.lines: list[str] = []
        self.marks = marks
        self.line_of: dict[str, int] = {}  # key path → 0-based line index

    def header(self, draft: Draft) -> None:
        attachments = draft.data.get("attachments") or [{}]
        title = draft.data.get("title") or attachments[0].get("title")
        self.lines += [
            f"# {' '.join(visible(str(title or draft.source)).split())}",
            f"# 由 docgen import 从 {visible(draft.source)} 导入。",
            "# 写着【待定】的是原文件中没有找到、需要填写的内容；行末注释以“待核”标记开头的",
            "# 是导入时的推测，请逐条核对，改正后删去该标记。两者都处理完之前 docgen build",
            "# 拒绝生成，docgen build --draft 可先出草稿。",
            "# 所有值都按文本读取。字段说明见 README.md。",
        ]
        self.lines += [f"# 提示：{visible(note)}" for note in draft.notes]

    def section(self, name: str) -> None:
        self.lines += ["", f"# ── {name} ──"]

    def raw(self, text: str, path: str) -> None:
        self.line_of[path] = len(self.lines)
        self.lines += text.rstrip("\n").split("\n")

    def _put(self, line: str, path: str, comment: str | None = None,
             also: tuple[str, ...] = ()) -> None:
        """One line, the line of ``path`` (and of the paths ``also`` written on it)."""
        marks = []
        for here in (path, *also):
            self.line_of[here] = len(self.lines)
            marks += self.marks.get(here, [])
        note = "；".join(f"{REVIEW}{m.reason}" if m.kind == "待核" else m.reason
                        for m in marks) or comment
        if note:
            line = f"{line}{' ' * max(0, COMMENT_COLUMN - 1 - display_width(line))} # {note}"
        self.lines.append(line)

    def field(self, key: str, value: Any, depth: int, path: str) -> None:
        comment = FIELD_COMMENTS.get(path)
        pad = INDENT * depth
        if isinstance(value, list):
            self.list_field(key, value, depth, path)
        elif value is None:
            self._put(f"{pad}{key}:", path, comment)
        else:
            self._put(f"{pad}{key}: {scalar(value)}", path, comment)

    def mapping_field(self, key: str, value: dict[str, Any], order: tuple[str, ...]) -> None:
        self._put(f"{key}:", key)
        for name in (*order, *(k for k in value if k not in order)):
            if name in value or name in order[:1]:
                self.field(name, value.get(name), 1, f"{key}.{name}")

    def list_field(self, key: str, items: list[Any], depth: int, path: str) -> None:
        pad = INDENT * depth
        comment = FIELD_COMMENTS.get(path)
        if not items:
            self._put(f"{pad}{key}: []", path, comment)
            return
        self._put(f"{pad}{key}:", path, comment)
        for index, item in enumerate(items):
            here = f"{path}[{index}]"
            if isinstance(item, dict):
                self._put(f"{pad}  - {flow(item)}", here)
            else:
                self._put(f"{pad}  - {scalar(item)}", here)

    def attachments(self, attachments: list[dict[str, Any]]) -> None:
        self._put("attachments:", "attachments")
        for index, attachment in enumerate(attachments):
            path = f"attachments[{index}]"
            self._put(f"  - title: {scalar(attachment.get('title') or PLACEHOLDER)}",
                      f"{path}.title")
            self.line_of.setdefault(path, self.line_of[f"{path}.title"])
            if isinstance(attachment.get("table"), dict):
                self.table(attachment["table"], f"{path}.table")
            if attachment.get("paragraphs"):
                self.list_field("paragraphs", attachment["paragraphs"], 2, f"{path}.paragraphs")

    def table(self, table: dict[str, Any], path: str, indent: int = 4) -> None:
        """``table:`` and its mapping, the key ``indent`` spaces in (as under an attachment)."""
        pad, inner = " " * indent, " " * (indent + 2)
        self._put(f"{pad}table:", path)
        for key in ("orientation", "font_size"):
            if key in table:
                self._put(f"{inner}{key}: {scalar(table[key])}", f"{path}.{key}",
                          TABLE_COMMENTS[key])
        self._put(f"{inner}columns:", f"{path}.columns", TABLE_COMMENTS["columns"])
        for index, column in enumerate(table["columns"]):
            self._put(f"{inner}  - {flow(column)}", f"{path}.columns[{index}]")
        if table.get("levels"):
            self._put(f"{inner}levels:", f"{path}.levels", TABLE_COMMENTS["levels"])
            for index, level in enumerate(table["levels"]):
                names = ", ".join(scalar(name, in_flow=True) for name in level)
                self._put(f"{inner}  - [{names}]", f"{path}.levels[{index}]")
        self._put(f"{inner}rows:", f"{path}.rows", TABLE_COMMENTS["rows"])
        self.rows(table["rows"], indent + 4, f"{path}.rows")

    def rows(self, rows: list[dict[str, Any]], indent: int, path: str) -> None:
        pad = " " * indent
        for index, row in enumerate(rows):
            here = f"{path}[{index}]"
            cells = [(key, value) for key, value in row.items() if key != "items"]
            if not cells:
                self._put(f"{pad}- {{}}" if "items" not in row else f"{pad}- items:", here)
                if "items" in row:
                    self.rows(row["items"], indent + 4, f"{here}.items")
                continue
            for number, (key, value) in enumerate(cells):
                if number == 0:
                    self._put(f"{pad}- {scalar(key)}: {scalar(value)}", here,
                              also=(f"{here}.{key}",))
                else:
                    self._put(f"{pad}  {scalar(key)}: {scalar(value)}", f"{here}.{key}")
            if "items" in row:
                self._put(f"{pad}  items:", f"{here}.items")
                self.rows(row["items"], indent + 4, f"{here}.items")

    def unplaced(self, draft: Draft) -> None:
        if not draft.unplaced:
            return
        self.section("未放入的内容")
        self.lines += ["# 以下文字在原文件中，但导入时没有放进上面的任何字段。请逐条决定放在哪里，",
                       "# 处理完后可删去这一段（它是注释，不影响生成）。"]
        for item in draft.unplaced:
            first, *rest = re.split(r"\r\n|\r|\n", visible(item.text)) or [""]
            self.lines.append(f"# {visible(item.where)}：{first}")
            self.lines += [f"#     {line}" for line in rest]

    def placed(self) -> list[PlacedMark]:
        found = []
        for path, marks in self.marks.items():
            line = self._nearest_line(path)
            found += [PlacedMark(line + 1, path, mark.kind, mark.reason) for mark in marks]
        return sorted(found, key=lambda mark: mark.line)

    def _nearest_line(self, path: str) -> int:
        while path and path not in self.line_of:
            path = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path)
        return self.line_of.get(path, 0)


def emit_table(table: dict[str, Any], marks: list[Mark], path: str,
               indent: int) -> tuple[Emitted, dict[str, Any]]:
    """Only the ``table:`` block (for replacing the table of an existing notice), and the
    table as written; the marks' lines count from the block's first line."""
    marks = list(marks)
    table = _writable(table, path, marks)
    writer = _Writer(_marks_by_path(marks))
    writer.table(table, path, indent)
    return Emitted("\n".join(writer.lines) + "\n", writer.placed()), table


def display_width(text: str) -> int:
    """Columns a line takes in an editor: Chinese characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def scalar(value: Any, *, in_flow: bool = False) -> str:
    """A value as a YAML scalar that docgen reads back as the same text."""
    text = str(value)
    plain = _PLAIN.match(text) and text == text.strip() and text not in NULL_WORDS \
        and ": " not in text and " #" not in text and not text.endswith(":") \
        and not (in_flow and _FLOW_UNSAFE.search(text))
    return text if plain else json.dumps(text, ensure_ascii=False)


def flow(mapping: dict[str, Any]) -> str:
    """{name: 序号, width: 14, align: center}"""
    inner = ", ".join(f"{scalar(k, in_flow=True)}: {scalar(v, in_flow=True)}"
                      for k, v in mapping.items() if v is not None)
    return "{" + inner + "}"


def _check_reads_back(text: str, notice: dict[str, Any]) -> None:
    """The written file must read back as exactly the data: nothing lost on the way."""
    source = load_bytes(text.encode("utf-8"), "import.yaml")
    read = {key: value for key, value in source.data.items() if key != "units"}
    if not same_data(read, notice):
        raise DocgenError("导入结果写成 YAML 后读回的内容与导入的不一致（docgen 的缺陷，请报告）")


def same_data(read: dict[str, Any], expected: dict[str, Any]) -> bool:
    """``read`` (a file as docgen reads it) holds ``expected``, numbers and flags as text."""
    expected = json.loads(json.dumps(expected, ensure_ascii=False, default=str),
                          object_hook=_texts)
    return _pruned(read) == _pruned(expected)


def _pruned(value: Any) -> Any:
    """Without the empty fields the file shows for the clerk to fill (``note:``, ``signers:``)."""
    if isinstance(value, dict):
        return {key: _pruned(item) for key, item in value.items() if item not in (None, [])}
    if isinstance(value, list):
        return [_pruned(item) for item in value]
    return value


def _texts(mapping: dict[str, Any]) -> dict[str, Any]:
    """Numbers and flags as the text a data file holds."""
    return {key: _as_text(value) for key, value in mapping.items()}


def _as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    return value


__all__ = ["Emitted", "PlacedMark", "emit", "format_path"]
