"""Rules on the wording: punctuation width next to Chinese text, heading ordinals, the
endings of 主送, 抄送 and titles, a title's line shape, words written twice."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.notice.lint.finding import (
    ERROR,
    MANUAL,
    WARNING,
    Finding,
    new_finding,
    texts,
    value_at,
    value_edits,
)
from docgen.notice.source import KeyPath, Source
from docgen.standard.figures import TITLE_MAX_CHARS
from docgen.standard.titles import title_faults

CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
HALF_BEFORE_CJK = re.compile(rf"(?<=[{CJK}])([,;:?!()])|([,;:?!()])(?=[{CJK}])")
SENTENCE_DOT = re.compile(rf"(?<=[\u4e00-\u9fff])\.(?=$|[{CJK}])")
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
PROSE_SKIP = {("doc_number",), ("signature", "date"), ("imprint", "print_date"),
              ("copy_number",), ("secrecy",)}


def punctuation_width(source: Source) -> Iterator[Finding]:
    """LINT-01: ASCII , ; : ? ! ( ) or a full stop next to Chinese text."""
    for path, text in texts(source.data):
        if path in PROSE_SKIP or (path and path[-1] == "width"):
            continue
        changes = []
        for match in HALF_BEFORE_CJK.finditer(text):
            char = match.group()
            changes.append((match.start(), match.end(), FULL_WIDTH[char]))
        changes += [(m.start(), m.end(), "。") for m in SENTENCE_DOT.finditer(text)]
        if changes:
            shown = "、".join(sorted({f"“{text[a:b]}”" for a, b, _ in changes}))
            edits = value_edits(source, path, changes)
            yield new_finding(source, path, "LINT-01", WARNING,
                              f"中文中夹用半角标点 {shown}（共 {len(changes)} 处）",
                              "改为全角标点（GB/T 15834）" + ("" if edits else MANUAL), edits)


def ordinals(source: Source) -> Iterator[Finding]:
    """LINT-02: 一、 （一） 1. （1）, nothing after the brackets."""
    for index, item in enumerate(value_at(source.data, "body") or []):
        text = item.get("text") if isinstance(item, dict) else item
        path: KeyPath = ("body", index) if isinstance(item, str) else ("body", index, "text")
        if not isinstance(text, str):
            continue
        for pattern, advice in ORDINAL_MISTAKES:
            if pattern.match(text):
                yield new_finding(source, path, "LINT-02", ERROR, f"层级序号写法有误：“{text[:6]}”",
                                  advice)


def endings(source: Source) -> Iterator[Finding]:
    """LINT-07 and BODY-04: 主送 ends with ：, 抄送 with 。, titles without punctuation."""
    recipients = value_at(source.data, "recipients")
    if isinstance(recipients, str) and not recipients.rstrip().endswith(("：", ":")):
        yield new_finding(source, ("recipients",), "LINT-07", ERROR, "主送机关应以全角冒号“：”结尾",
                          "在末尾加“：”")
    cc = value_at(source.data, "imprint", "cc")
    if isinstance(cc, str) and not cc.rstrip().endswith("。"):
        yield new_finding(source, ("imprint", "cc"), "LINT-07", WARNING, "抄送机关应以句号“。”结尾",
                          "在末尾加“。”")
    title = value_at(source.data, "title")
    if isinstance(title, str) and title.rstrip()[-1:] in TRAILING_PUNCTUATION:
        yield new_finding(source, ("title",), "BODY-04", WARNING, "标题末尾不用标点",
                          f"删去末尾的“{title.rstrip()[-1]}”")
    for index, attachment in enumerate(value_at(source.data, "attachments") or []):
        name = attachment.get("title") if isinstance(attachment, dict) else None
        if isinstance(name, str) and name.rstrip()[-1:] in TRAILING_PUNCTUATION:
            yield new_finding(source, ("attachments", index, "title"), "BODY-12", ERROR,
                              "附件名称后不加标点", f"删去末尾的“{name.rstrip()[-1]}”")


def title_shape(source: Source) -> Iterator[Finding]:
    """BODY-02/03: a title broken by its author: at most 20 字 a line, 梯形 or 菱形 (never an
    hourglass), no word split across lines, no stub of one or two characters, no line under
    a quarter of the longest; docgen breaks titles without explicit breaks itself."""
    title = value_at(source.data, "title")
    if not isinstance(title, str) or "\n" not in title.strip():
        return
    lines = [line.strip() for line in title.strip().splitlines() if line.strip()]
    keep = [value for value in (value_at(source.data, "issuer", "name"),
                                value_at(source.data, "doc_number")) if isinstance(value, str)]
    for fault in title_faults(lines, TITLE_MAX_CHARS, keep):
        if fault.kind == "long":
            yield new_finding(source, ("title",), "BODY-02", ERROR, fault.message, "重新分行")
        elif fault.kind == "hourglass":
            yield new_finding(source, ("title",), "BODY-03", ERROR, fault.message,
                              "排成梯形或菱形，或去掉换行由 docgen 自动分行")
        elif fault.kind == "rectangle":
            yield new_finding(source, ("title",), "BODY-03", WARNING, fault.message,
                              "梯形或菱形更合规范")
        else:
            yield new_finding(source, ("title",), "BODY-03", WARNING, fault.message,
                              "词意完整、长短适宜地重新分行，或去掉换行由 docgen 自动分行")


def doubled_words(source: Source) -> Iterator[Finding]:
    """A word written twice in a row or nearly so (落实抓好落实): a likely editing slip."""
    for path, text in texts(source.data):
        for match in DOUBLED.finditer(text):
            yield new_finding(source, path, "TEXT-DUP", WARNING, f"疑似重复用词：“{match.group()}”",
                              "核对并删去多余的词")
