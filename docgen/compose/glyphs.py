"""Which font role prints each text of the data, so that a character the role's font lacks
(𠀀, an emoji) is reported where it was typed instead of printing as a box.

The PDF's text layer keeps such a character, so neither ``check`` nor the archive can notice
it afterwards: this is the one place to catch it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from docgen.compose.notice import split_heading
from docgen.errors import Problem
from docgen.notice.model import Notice
from docgen.notice.model import Paragraph as BodyParagraph
from docgen.notice.source import KeyPath, Source

# Values that are never printed as they stand (switches, ids, layout choices).
UNPRINTED_KEYS = {"id", "extends", "orientation", "align", "level", "levels", "font_size",
                  "width", "landscape", "sealed", "auto_number", "units"}
HEADING_ROLES = {1: "黑体", 2: "楷体"}  # 7.3.3; levels 3 and 4 are set in 仿宋 like the body
SILENT = {"\n", "\t", "\r"}  # line breaks and tabs print no glyph


def printed_pieces(source: Source, notice: Notice) -> Iterator[tuple[KeyPath, int, str, str]]:
    """(key path, offset in the value, text, role) for every printed text of the data."""
    for path, value in _strings(source.data, ()):
        if any(isinstance(key, str) and key in UNPRINTED_KEYS for key in path):
            continue
        paragraph = _paragraph_at(notice, path)
        if paragraph is not None:
            yield from _paragraph_pieces(path, value, paragraph)
        else:
            for role in _roles(path):
                yield path, 0, value, role


def glyph_problems(source: Source, notice: Notice,
                   covers: Callable[[str, str], bool]) -> list[Problem]:
    """A located problem for each character the font of its role has no glyph for;
    ``covers(role, character)`` answers from the resolved fonts."""
    problems = []
    for path, offset, text, role in printed_pieces(source, notice):
        for index, character in enumerate(text):
            if character in SILENT or covers(role, character):
                continue
            problem = source.problem(path, f"字符“{character}”（U+{ord(character):04X}）在"
                                            f"{role}字体中没有字形，会印成方框")
            if source.editable_span(path) is not None and problem.column is not None:
                problem = replace(problem, column=problem.column + offset + index)
            problems.append(problem)
    return problems


def _strings(data: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _roles(path: KeyPath) -> tuple[str, ...]:
    if path == ("issuer", "name"):
        return ("仿宋", "小标宋")  # the 署名 and 版记, and the mark when none is given
    if path in (("title",), ("issuer", "mark")) or (path[:1] == ("attachments",)
                                                     and path[2:] == ("title",)):
        return ("小标宋",)
    if path[:1] == ("attachments",) and path[2:4] == ("table", "columns"):
        return ("黑体",)  # the table header (8)
    if path[:1] == ("signers",):
        return ("楷体",)  # HEAD-09
    if path[:1] in (("secrecy",), ("urgency",)):
        return ("黑体",)  # 7.2.2, 7.2.3
    return ("仿宋",)


def _paragraph_at(notice: Notice, path: KeyPath) -> BodyParagraph | None:
    """The body or attachment paragraph a ``body[i]`` (or ``…paragraphs[j]``) value is."""
    match path:
        case ("body", int(i), *_):
            return notice.body[i] if i < len(notice.body) else None
        case ("attachments", int(a), "paragraphs", int(j), *_):
            paragraphs = notice.attachments[a].paragraphs if a < len(notice.attachments) else []
            return paragraphs[j] if j < len(paragraphs) else None
    return None


def _paragraph_pieces(path: KeyPath, value: str,
                      paragraph: BodyParagraph) -> Iterator[tuple[KeyPath, int, str, str]]:
    """The heading part in its level's face, the rest in 仿宋 (as the composer sets them)."""
    role = HEADING_ROLES.get(paragraph.effective_level, "仿宋")
    if path[-1] == "heading":
        yield path, 0, value, role
    elif path[-1] == "text" and paragraph.heading is not None:
        yield path, 0, value, "仿宋"
    else:
        head, _ = split_heading(paragraph)
        cut = len(value) - len(value.lstrip()) + len(head)
        yield path, 0, value[:cut], role
        yield path, cut, value[cut:], "仿宋"
