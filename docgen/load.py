"""Read a YAML data file into a Source: plain values plus where each one came from.

Every scalar stays a string (YAML 1.1 guessing such as ``NO`` → false or ``010`` → 8 never
happens); the model types them. Python tags, anchors, aliases and merge keys are refused,
and so are characters that XML 1.0 cannot carry: each with its file:line:column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import DataError, Problem

KeyPath = tuple[str | int, ...]

_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
# XML 1.0 forbids these; docxtpl would drop them or cut the text short.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHAR_NAMES = {"\x0b": "垂直制表符 \\x0b", "\x0c": "换页符 \\x0c", "\x00": "空字符 \\x00"}


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

    def locate(self, path: KeyPath) -> tuple[int | None, int | None]:
        """Line and column (1-based) of a path, or of its nearest located ancestor."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.marks:
                return self.marks[path[:end]]
        return None, None

    def problem(self, path: KeyPath, message: str) -> Problem:
        line, column = self.locate(path)
        return Problem(message, self.file, line, column, format_path(path))


def load_file(path: str | Path) -> Source:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(f"无法读取数据文件：{exc.strerror}", str(path))]) from exc
    return load_bytes(raw, str(path))


def load_bytes(raw: bytes, name: str) -> Source:
    text = _decode(raw, name)
    try:
        root = YAML(typ="rt").compose(text)
    except MarkedYAMLError as exc:
        raise DataError([_syntax_problem(exc, name)]) from exc
    except YAMLError as exc:
        raise DataError([Problem(f"YAML 语法错误：{exc}", name)]) from exc
    builder = _Builder(name)
    data = builder.build(root, ()) if root is not None else None
    if builder.problems:
        raise DataError(builder.problems)
    return Source(name, data, builder.marks)


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


def _syntax_problem(exc: MarkedYAMLError, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    detail = " ".join(part for part in (exc.context, exc.problem) if part)
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(f"YAML 语法错误：{detail}", name, line, column)


class _Builder:
    """Turns a composed node tree into plain values, collecting every problem on the way."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.marks: dict[KeyPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def fail(self, node: Node, path: KeyPath, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(message, self.name, mark.line + 1, mark.column + 1, format_path(path))
        )

    def build(self, node: Node, path: KeyPath) -> Any:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self._seen or getattr(node, "anchor", None):
            self.fail(node, path, "不支持 YAML 锚点与别名（& 与 *），请直接写出内容")
            return None
        self._seen.add(id(node))
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
            if key in result:
                self.fail(key_node, (*path, key), f"键“{key}”重复出现")
                continue
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: ScalarNode, path: KeyPath) -> str | None:
        value: str = node.value
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
