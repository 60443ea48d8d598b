"""Read a YAML data file into a Source: plain values plus where each one came from.

Every scalar stays a string (YAML 1.1 guessing such as ``NO`` → false or ``010`` → 8 never
happens); the model types them. Python tags, anchors, aliases and merge keys are refused,
and so are characters that XML 1.0 cannot carry: each with its file:line:column. Reading a
file together with the files its ``extends`` names is extends.py's ``load_file``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, NodeEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from docgen.errors import DataError, Problem

KeyPath = tuple[str | int, ...]

_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
# XML 1.0 forbids these; docxtpl would drop them or cut the text short.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHAR_NAMES = {"\x0b": "垂直制表符 \\x0b", "\x0c": "换页符 \\x0c", "\x00": "空字符 \\x00"}
# Refused rather than removed: a bidi control silently reorders the printed text (and may
# show the clerk's editor something else than the document prints), and YAML reads NEL, LS
# and PS as line breaks even inside a comment while the fonts print them as a box. Which
# was meant only the clerk knows, so the message names the character and where it is.
_INVISIBLE = {
    "\u202a": "从左至右嵌入符 U+202A", "\u202b": "从右至左嵌入符 U+202B",
    "\u202c": "方向格式结束符 U+202C", "\u202d": "从左至右强制符 U+202D",
    "\u202e": "从右至左强制符 U+202E（会使文字倒序显示）",
    "\u2066": "从左至右隔离符 U+2066", "\u2067": "从右至左隔离符 U+2067",
    "\u2068": "方向隔离符 U+2068", "\u2069": "方向隔离结束符 U+2069",
    "\u200e": "从左至右标记 U+200E", "\u200f": "从右至左标记 U+200F",
    "\u061c": "阿拉伯文字母标记 U+061C",
    "\x85": "下一行符 NEL U+0085", "\u2028": "行分隔符 U+2028", "\u2029": "段分隔符 U+2029",
}
_INVISIBLE_CHARS = re.compile("[" + "".join(_INVISIBLE) + "]")


def format_path(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass
class Source:
    """A data file's values and the location of each key path in it."""

    file: str
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    text: str = ""  # the file as read, for edits that keep its comments and layout
    spans: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)  # scalar: [start, end)
    files: dict[KeyPath, str] = field(default_factory=dict)  # values an ``extends`` brought in

    def editable_span(self, path: KeyPath) -> tuple[int, int] | None:
        """Where a scalar's value stands verbatim in the text (plain, one line), if it does."""
        span = self.spans.get(path)
        value = _value_at(self.data, path)
        if span is None or not isinstance(value, str):
            return None
        return span if self.text[span[0]:span[1]] == value else None

    def _nearest(self, path: KeyPath) -> tuple[str, tuple[int | None, int | None]]:
        """File, line and column (1-based) of a path, or of its nearest located ancestor."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.marks:
                return self.files.get(path[:end], self.file), self.marks[path[:end]]
        return self.file, (None, None)

    def problem(self, path: KeyPath, message: str) -> Problem:
        """A problem at the file, line and column the value came from (an ``extends`` base
        file, for a value the data file inherits)."""
        file, (line, column) = self._nearest(path)
        return Problem(message, file, line, column, format_path(path))


def _value_at(data: Any, path: KeyPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def load_bytes(raw: bytes, name: str) -> Source:
    text = _decode(raw, name)
    if invisible := _invisible_problems(text, name):
        raise DataError(invisible, hint="删去这些字符；需要换行时直接回车。")
    try:
        # Without & or * there is no anchor or alias: the second pass over a big file is saved.
        anchors = _anchor_problems(text, name) if ("&" in text or "*" in text) else []
        # The safe composer: comments are not needed here and gathering them costs a third.
        root = YAML(typ="safe", pure=True).compose(text)
    except ReaderError as exc:
        raise DataError([_reader_problem(exc, text, name)]) from exc
    except MarkedYAMLError as exc:
        raise DataError([_syntax_problem(exc, name)]) from exc
    except YAMLError as exc:
        raise DataError([Problem(f"YAML 语法错误：{exc}", name)]) from exc
    builder = _Builder(name)
    data = builder.build(root, ()) if root is not None else None
    problems = [builder.with_path(problem) for problem in anchors] + builder.problems
    if problems:
        raise DataError(problems)
    return Source(name, data, builder.marks, text, builder.spans)


def _anchor_problems(text: str, name: str) -> list[Problem]:
    """Anchors and aliases, located where each is written (a composed alias has no place)."""
    problems = []
    for event in YAML(typ="safe", pure=True).parse(text):
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            mark = event.start_mark
            problems.append(Problem("不支持 YAML 锚点与别名（& 与 *），请直接写出内容", name,
                                    mark.line + 1, mark.column + 1))
    return problems


def unwritable_characters(text: str) -> dict[str, str]:
    """The characters of ``text`` that a data file may not hold, each with its name as the
    problems name it: control characters XML forbids, bidi controls, NEL, LS and PS."""
    found = set(_XML_FORBIDDEN.findall(text)) | set(_INVISIBLE_CHARS.findall(text))
    return {char: _INVISIBLE.get(char) or _CHAR_NAMES.get(char, f"U+{ord(char):04X}")
            for char in sorted(found)}


def _invisible_problems(text: str, name: str) -> list[Problem]:
    """Bidi controls and the Unicode line breaks, each at its line and column (counted as
    editors count them, by \\n only)."""
    problems = []
    line, line_start = 1, 0
    for match in _INVISIBLE_CHARS.finditer(text):
        line += text.count("\n", line_start, match.start())
        line_start = text.rfind("\n", 0, match.start()) + 1
        problems.append(Problem(f"含有不可见的控制字符：{_INVISIBLE[match.group()]}，"
                                "印出时会打乱或丢失文字，请删除它", name, line,
                                match.start() - line_start + 1))
    return problems


def _reader_problem(exc: ReaderError, text: str, name: str) -> Problem:
    """A character YAML cannot read at all (a raw control character), with its place."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    label = _CHAR_NAMES.get(char, f"U+{ord(char):04X}")
    return Problem(f"含有文档无法容纳的字符：{label}，为免静默丢失文字，请删除或替换它",
                   name, line, column)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise DataError(
            [Problem(f"文件不是有效的 UTF-8 编码（第 {exc.start} 字节）", name, line, column)],
            hint="请以 UTF-8 编码保存数据文件。",
        ) from exc


_SYNTAX_HINTS = (
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合？"),
    ("mapping values are not allowed here", "这里不能出现“键: 值”：缩进或冒号有误？"),
    ("could not find expected ':'", "缺少“:”"),
    ("cannot start any token", "含有不能开始一项的字符（缩进只能用空格，不能用制表符）"),
    ("expected <block end>", "缩进不一致"),
    ("found duplicate anchor", "锚点重复"),
)


def _syntax_problem(exc: MarkedYAMLError, name: str) -> Problem:
    """Where the broken construct starts (an unclosed quote's opening, say), in Chinese."""
    scanning = (exc.context or "").startswith("while scanning")
    mark = (exc.context_mark if scanning else None) or exc.problem_mark or exc.context_mark
    detail = " ".join(part for part in (exc.context, exc.problem) if part)
    hint = next((text for key, text in _SYNTAX_HINTS if key in detail), "格式有误")
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(f"YAML 语法错误：{hint}（{detail}）", name, line, column)


class _Builder:
    """Turns a composed node tree into plain values, collecting every problem on the way."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.marks: dict[KeyPath, tuple[int, int]] = {}
        self.spans: dict[KeyPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self._key_lines: dict[int, KeyPath] = {}

    def with_path(self, problem: Problem) -> Problem:
        """The problem with the key path of the key written on its line, if one is."""
        path = self._key_lines.get(problem.line or 0)
        if path is None:
            return problem
        return Problem(problem.message, problem.file, problem.line, problem.column,
                       format_path(path))

    def fail(self, node: Node, path: KeyPath, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(message, self.name, mark.line + 1, mark.column + 1, format_path(path))
        )

    def build(self, node: Node, path: KeyPath) -> Any:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        tag = str(getattr(node.tag, "value", node.tag))
        if tag not in _STANDARD_TAGS:
            self.fail(node, path, f"不支持 YAML 标签“{tag}”（出于安全考虑，只接受普通数据）")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, path, "键必须是文本")
                continue
            key = key_node.value
            if key == "<<":
                self.fail(key_node, path, "不支持 YAML 合并键 <<")
                continue
            self._check_text(key, key_node, (*path, key))
            self._key_lines.setdefault(key_node.start_mark.line + 1, (*path, key))
            if key in result:
                self.fail(key_node, (*path, key), f"键“{key}”重复出现")
                continue
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: ScalarNode, path: KeyPath) -> str | None:
        value: str = node.value
        if node.style == ">":  # ruamel marks the fold points of a folded block with \a
            value = value.replace("\a", "")
        self.spans[path] = (node.start_mark.index, node.end_mark.index)
        if node.style is None and value in _NULL_WORDS:
            return None
        self._check_text(value, node, path)
        return value

    def _check_text(self, value: str, node: Node, path: KeyPath) -> None:
        match = _XML_FORBIDDEN.search(value)
        if match:
            char = match.group()
            name = _CHAR_NAMES.get(char, f"U+{ord(char):04X}")
            if "\ud800" <= char <= "\udfff":
                name = f"孤立代理字符 U+{ord(char):04X}"
            self.fail(
                node,
                path,
                f"含有文档无法容纳的字符：{name}（该值第 {match.start() + 1} 个字符），"
                "为免静默丢失文字，请删除或替换它",
            )


def dump_yaml(data: Any) -> str:
    """``data`` as block-style YAML, Chinese kept as is, keys in their order."""
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()
