"""Text rules for a notice's data: punctuation, ordinals, 发文字号, dates, duplicates.

Each finding has a rule id, a severity, the file:line:column and key path, and a suggested
fix. The safe mechanical fixes (punctuation width next to Chinese text, the 〔〕 of a
发文字号) are also given as edits of the file's text at the exact place, so ``--fix`` changes
those characters and nothing else: comments, key order and layout stay as they were.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from docgen.errors import DataError, Problem
from docgen.notice.model import DITTO, RESERVED_ROW_KEYS, Registry, parse_date
from docgen.notice.responsibility import (
    STRUCTURED_ROLES,
    UnknownName,
    closest,
    parse_responsibility,
)
from docgen.notice.source import KeyPath, Source
from docgen.standard.figures import TITLE_MAX_CHARS
from docgen.standard.typeset import text_units

ERROR, WARNING = "错误", "警告"
CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
HALF_BEFORE_CJK = re.compile(rf"(?<=[{CJK}])([,;:?!()])|([,;:?!()])(?=[{CJK}])")
SENTENCE_DOT = re.compile(rf"(?<=[\u4e00-\u9fff])\.(?=$|[{CJK}])")
WRONG_BRACKETS = re.compile(r"[\[［【(（]((?:19|20)\d{2})[\]］】)）]")
# A two-character word again right away or after a two-character verb (落实抓好落实); one
# character between is the rhetorical 应X尽X, which is not a slip.
DOUBLED = re.compile(r"([\u4e00-\u9fff]{2})(?:[\u4e00-\u9fff]{2})?\1|(的)\2")
TRAILING_PUNCTUATION = "，。；：！？、,.;:!?"
ORDINAL_MISTAKES = (
    (re.compile(r"^([一二三四五六七八九十]+)[.．，,]"), "一级标题序号后用顿号“、”，如“一、”"),
    (re.compile(r"^（[一二三四五六七八九十]+）[、，.,。]"), "“（一）”后不加标点"),
    (re.compile(r"^(\d+)[、，,]"), "三级标题序号用半角下脚点，如“1.”"),
    (re.compile(r"^（\d+）[、，.,。]"), "“（1）”后不加标点"),
)


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    problem: Problem
    suggestion: str = ""
    edits: tuple[Edit, ...] = ()

    def render(self) -> str:
        hint = f"（建议：{self.suggestion}）" if self.suggestion else ""
        fixable = " [可 --fix]" if self.edits else ""
        head, _, message = str(self.problem).rpartition(": ")
        return f"{head}: [{self.rule} {self.severity}] {message}{hint}{fixable}"


class LintError(DataError):
    """Text errors that stop a build; warnings never do."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__([finding.problem for finding in findings],
                         hint="运行 docgen lint 查看详情，docgen lint --fix 可修正标点与括号。")

    def render(self) -> str:
        lines = [finding.render() for finding in self.findings]
        lines.append(f"共 {len(self.findings)} 个错误，未生成任何文件。")
        return "\n".join([*lines, f"提示：{self.hint}"])


def lint(source: Source) -> list[Finding]:
    """Every rule over the data; findings in file order."""
    findings = [finding for rule in RULES for finding in rule(source)]
    return sorted(findings, key=lambda f: (f.problem.line or 0, f.problem.column or 0, f.rule))


def fix(source: Source, path: Path) -> list[Finding]:
    """Apply the mechanical fixes to the file in place (atomically); returns those applied."""
    findings = [finding for finding in lint(source) if finding.edits]
    edits = sorted({edit for finding in findings for edit in finding.edits},
                   key=lambda edit: edit.start, reverse=True)
    text = source.text
    for edit in edits:
        text = text[: edit.start] + edit.text + text[edit.end:]
    if edits:
        target = path.resolve()  # a symlinked data file keeps its link
        bom = target.read_bytes().startswith(b"\xef\xbb\xbf")
        temporary = target.with_name(f".{target.name}.fix")
        temporary.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
        shutil.copymode(target, temporary)
        os.replace(temporary, target)
    return findings


# ── helpers ──────────────────────────────────────────────────────────────────────────────
def _texts(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def _get(data: Any, *path: str | int) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _finding(source: Source, path: KeyPath, rule: str, severity: str, message: str,
             suggestion: str = "", edits: tuple[Edit, ...] = ()) -> Finding:
    return Finding(rule, severity, source.problem(path, message), suggestion, edits)


MANUAL = "；此值带引号或跨行，--fix 不改动，请手工修改"


def _edits(source: Source, path: KeyPath, changes: list[tuple[int, int, str]]) -> tuple[
        Edit, ...]:
    """Edits of the file for changes at value offsets, when the value stands verbatim."""
    span = source.editable_span(path)
    if span is None:
        return ()
    return tuple(Edit(span[0] + start, span[0] + end, text) for start, end, text in changes)


PROSE_SKIP = {("doc_number",), ("signature", "date"), ("imprint", "print_date"),
              ("copy_number",), ("secrecy",)}


# ── rules ────────────────────────────────────────────────────────────────────────────────
def punctuation_width(source: Source) -> Iterator[Finding]:
    """LINT-01: ASCII , ; : ? ! ( ) or a full stop next to Chinese text."""
    for path, text in _texts(source.data):
        if path in PROSE_SKIP or (path and path[-1] == "width"):
            continue
        changes = []
        for match in HALF_BEFORE_CJK.finditer(text):
            char = match.group()
            changes.append((match.start(), match.end(), FULL_WIDTH[char]))
        changes += [(m.start(), m.end(), "。") for m in SENTENCE_DOT.finditer(text)]
        if changes:
            shown = "、".join(sorted({f"“{text[a:b]}”" for a, b, _ in changes}))
            edits = _edits(source, path, changes)
            yield _finding(source, path, "LINT-01", WARNING,
                           f"中文中夹用半角标点 {shown}（共 {len(changes)} 处）",
                           "改为全角标点（GB/T 15834）" + ("" if edits else MANUAL), edits)


def ordinals(source: Source) -> Iterator[Finding]:
    """LINT-02: 一、 （一） 1. （1）, nothing after the brackets."""
    for index, item in enumerate(_get(source.data, "body") or []):
        text = item.get("text") if isinstance(item, dict) else item
        path: KeyPath = ("body", index) if isinstance(item, str) else ("body", index, "text")
        if not isinstance(text, str):
            continue
        for pattern, advice in ORDINAL_MISTAKES:
            if pattern.match(text):
                yield _finding(source, path, "LINT-02", ERROR, f"层级序号写法有误：“{text[:6]}”",
                               advice)


def doc_number(source: Source) -> Iterator[Finding]:
    """NO-01..03 and the 发文字号's year against the 成文日期's and the title's."""
    number = _get(source.data, "doc_number")
    if not isinstance(number, str):
        return
    path: KeyPath = ("doc_number",)
    match = WRONG_BRACKETS.search(number)
    if match:
        changes = [(match.start(), match.end(), f"〔{match.group(1)}〕")]
        edits = _edits(source, path, changes)
        yield _finding(source, path, "NO-02", ERROR, f"年份须用六角括号：“{match.group()}”",
                       f"改为“〔{match.group(1)}〕”" + ("" if edits else MANUAL), edits)
    if "第" in number:
        yield _finding(source, path, "NO-03", ERROR, "发文字号不加“第”字", "删去“第”")
    if re.search(r"〕0\d", number):
        yield _finding(source, path, "NO-03", ERROR, "发文字号序号不编虚位", "如“46号”不写“046号”")
    year = re.search(r"[〔\[［【(（]((?:19|20)\d{2})", number)
    if not year:
        return
    year = int(year.group(1))
    date = parse_date(_get(source.data, "signature", "date"))
    if date and date.year != year:
        yield _finding(source, path, "NO-YEAR", WARNING,
                       f"发文字号年份 {year} 与成文日期 {date.year} 年不一致", "核对年份")
    title = _get(source.data, "title")
    if isinstance(title, str):
        mentioned = {int(y) for y in re.findall(r"((?:19|20)\d{2})年", title)}
        if mentioned and year not in mentioned:
            yield _finding(source, ("title",), "NO-YEAR", WARNING,
                           f"标题中的年份 {sorted(mentioned)} 与发文字号年份 {year} 不一致",
                           "核对年份（如确为下一年度的工作，可忽略）")


def dates(source: Source) -> Iterator[Finding]:
    """LINT-03: 印发日期 not before 成文日期."""
    signed = parse_date(_get(source.data, "signature", "date"))
    printed = parse_date(_get(source.data, "imprint", "print_date"))
    if signed and printed and printed < signed:
        yield _finding(source, ("imprint", "print_date"), "LINT-03", ERROR,
                       f"印发日期 {printed} 早于成文日期 {signed}", "印发日期应不早于成文日期")


def endings(source: Source) -> Iterator[Finding]:
    """LINT-07 and BODY-04: 主送 ends with ：, 抄送 with 。, titles without punctuation."""
    recipients = _get(source.data, "recipients")
    if isinstance(recipients, str) and not recipients.rstrip().endswith(("：", ":")):
        yield _finding(source, ("recipients",), "LINT-07", ERROR, "主送机关应以全角冒号“：”结尾",
                       "在末尾加“：”")
    cc = _get(source.data, "imprint", "cc")
    if isinstance(cc, str) and not cc.rstrip().endswith("。"):
        yield _finding(source, ("imprint", "cc"), "LINT-07", WARNING, "抄送机关应以句号“。”结尾",
                       "在末尾加“。”")
    title = _get(source.data, "title")
    if isinstance(title, str) and title.rstrip()[-1:] in TRAILING_PUNCTUATION:
        yield _finding(source, ("title",), "BODY-04", WARNING, "标题末尾不用标点",
                       f"删去末尾的“{title.rstrip()[-1]}”")
    for index, attachment in enumerate(_get(source.data, "attachments") or []):
        name = attachment.get("title") if isinstance(attachment, dict) else None
        if isinstance(name, str) and name.rstrip()[-1:] in TRAILING_PUNCTUATION:
            yield _finding(source, ("attachments", index, "title"), "BODY-12", ERROR,
                           "附件名称后不加标点", f"删去末尾的“{name.rstrip()[-1]}”")


def title_shape(source: Source) -> Iterator[Finding]:
    """BODY-02/03: a title broken by its author: at most 20 字 a line, 梯形 or 菱形 (never an
    hourglass); docgen balances titles without explicit breaks itself."""
    title = _get(source.data, "title")
    if not isinstance(title, str) or "\n" not in title.strip():
        return
    lines = [line.strip() for line in title.strip().splitlines() if line.strip()]
    widths = [text_units(line) for line in lines]
    if max(widths) > TITLE_MAX_CHARS:
        yield _finding(source, ("title",), "BODY-02", ERROR,
                       f"标题有一行 {max(widths):g} 字，超过 20 字", "重新分行")
    if any(widths[i] < widths[i - 1] and widths[i] < widths[i + 1]
           for i in range(1, len(widths) - 1)):
        yield _finding(source, ("title",), "BODY-03", ERROR, f"标题各行字数 {widths} 呈沙漏形",
                       "排成梯形或菱形，或去掉换行由 docgen 自动分行")
    elif len(widths) > 1 and len(set(widths)) == 1:
        yield _finding(source, ("title",), "BODY-03", WARNING, "标题各行等长（长方形）",
                       "梯形或菱形更合规范")


def doubled_words(source: Source) -> Iterator[Finding]:
    """A word written twice in a row or nearly so (落实抓好落实): a likely editing slip."""
    for path, text in _texts(source.data):
        for match in DOUBLED.finditer(text):
            yield _finding(source, path, "TEXT-DUP", WARNING, f"疑似重复用词：“{match.group()}”",
                           "核对并删去多余的词")


def table_rows(source: Source) -> Iterator[Finding]:
    """Duplicated rows or group values among siblings; empty cells that continue nothing."""
    for index, attachment in enumerate(_get(source.data, "attachments") or []):
        table = attachment.get("table") if isinstance(attachment, dict) else None
        if not isinstance(table, dict) or not isinstance(table.get("rows"), list):
            continue
        grouped = {name for level in table.get("levels") or [] if isinstance(level, list)
                   for name in level}
        columns = [c.get("name") for c in table.get("columns") or []
                   if isinstance(c, dict) and c.get("name") not in grouped]
        numbered = {c.get("name") for c in table.get("columns") or []
                    if isinstance(c, dict) and c.get("auto_number") in ("true", "是")}
        yield from _sibling_rows(source, ("attachments", index, "table", "rows"),
                                 table["rows"], columns, numbered)


def _sibling_rows(source: Source, path: KeyPath, rows: list, columns: list,
                  numbered: set) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            continue
        here = (*path, index)
        cells = {k: v for k, v in row.items() if k not in RESERVED_ROW_KEYS}
        key = repr(sorted((k, v) for k, v in row.items() if k != "id"))  # with its items
        if cells and key in seen:
            yield _finding(source, here, "TABLE-DUP", WARNING,
                           f"与第 {seen[key] + 1} 行内容相同", "核对是否重复录入")
        elif row.get("items"):
            for name, value in cells.items():
                twin = next((i for i, other in enumerate(rows[:index]) if isinstance(other, dict)
                             and other.get(name) == value and value), None)
                if twin is not None:
                    yield _finding(source, (*here, name), "TABLE-DUP", WARNING,
                                   f"“{value}”与第 {twin + 1} 项重复，内容却不同",
                                   "核对是否抄错（例如应为另一项工作内容）")
        seen.setdefault(key, index)
        if isinstance(row.get("items"), list):
            yield from _sibling_rows(source, (*here, "items"), row["items"], columns, numbered)
        else:
            for name in columns:
                if name not in numbered and (row.get(name) in (None, "")):
                    yield _finding(source, here, "TABLE-EMPTY", WARNING,
                                   f"“{name}”为空，又不是续上一格（续格请写“{DITTO}”）",
                                   "补全内容或写“〃”")


def unit_names(source: Source) -> Iterator[Finding]:
    """UNIT-UNKNOWN: every name in the responsibility column is a known unit or term."""
    try:
        registry = Registry.model_validate(_get(source.data, "units"))
    except ValidationError:
        return  # no registry (or a broken one, which validation reports)
    spellings = registry.names()
    for path, text in _texts(source.data):
        structured = len(path) > 2 and path[-3] == registry.column and path[-2] in STRUCTURED_ROLES
        if structured and text not in spellings:
            suggestion = closest(text, spellings)
            stranger = UnknownName(text, suggestion)
            yield _finding(source, path, "UNIT-UNKNOWN", ERROR, stranger.message(),
                           f"改为“{suggestion}”" if suggestion else "在 units 中登记该单位")
        if len(path) > 1 and path[0] == "attachments" and path[-1] == registry.column \
                and text != DITTO:
            for stranger in parse_responsibility(text, registry)[1]:
                yield _finding(source, path, "UNIT-UNKNOWN", ERROR, stranger.message(),
                               f"改为“{stranger.suggestion}”，或在 units 中登记"
                               if stranger.suggestion else "在 units 中登记该单位")


RULES = (punctuation_width, ordinals, doc_number, dates, endings, title_shape, doubled_words,
         table_rows, unit_names)
