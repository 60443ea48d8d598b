"""Where a title may break, how its lines should look (7.3.1: 词意完整，排列对称，长短适宜，
梯形或菱形), and the faults of lines already broken: one set of rules for composing a title,
for ``docgen lint`` on an author's breaks and for ``docgen check`` on a PDF's lines."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from docgen.standard.typeset import NO_LINE_END, NO_LINE_START, char_units, text_units
from docgen.standard.words import segment

STUB_UNITS = 2  # a line of one or two characters reads as a leftover, never as a line
SHORT_RATIO = 0.25  # no line shorter than a quarter of the longest (长短适宜)
# Runs that read as one token however the segmenter cuts them: a 文号 cited in the title
# (（晋政办发〔2023〕12号）, with its organ code when a bracket opens it), a year (2023年,
# 2023年度), numbers and Latin words (5G, 3.5%).
WHOLE = re.compile(r"(?<=[（(])[^（）()]{0,8}?〔\d{4}〕\d*号?|〔\d{4}〕\d*号?"
                   r"|\d+(?:\.\d+)?(?:年度|年|%|％)?|[A-Za-z][A-Za-z0-9]*")


@dataclass(frozen=True)
class Joints:
    """The places where ``text`` may break, and the words a break would split."""
    text: str
    allowed: frozenset[int]
    words: tuple[tuple[int, int], ...]  # (start, end) of each multi-character word or run

    def word_at(self, index: int) -> str | None:
        """The word that a break before ``text[index]`` would split, if any."""
        for start, end in self.words:
            if start < index < end:
                return self.text[start:end]
        return None


def joints(text: str, keep: Iterable[str] = ()) -> Joints:
    words = _word_spans(text, tuple(keep))
    inside = {i for start, end in words for i in range(start + 1, end)}
    allowed = {i for i in range(1, len(text)) if i not in inside and _breakable(text, i)}
    return Joints(text, frozenset(allowed), tuple(words))


def _word_spans(text: str, keep: tuple[str, ...]) -> list[tuple[int, int]]:
    bounds = list(itertools.accumulate(len(word) for word in segment(text, keep)))
    spans = [(a, b) for a, b in itertools.pairwise([0, *bounds]) if b - a > 1]
    spans += [match.span() for match in WHOLE.finditer(text) if len(match.group()) > 1]
    # A token that the segmenter cut across (年 of 2023年 glued to the next word) still
    # holds the run: merge overlapping spans so that neither is broken.
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _breakable(text: str, index: int) -> bool:
    before, after = text[index - 1], text[index]
    if after in NO_LINE_START or before in NO_LINE_END or after == "的":
        return False
    return not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum())


# ── the faults of lines already broken ─────────────────────────────────────────────────


@dataclass(frozen=True)
class Fault:
    kind: str  # long, stub, short, hourglass, rectangle, split
    message: str  # Chinese, for the clerk
    hard: bool = True  # False: allowed, but a trapezoid reads better


def title_faults(lines: list[str], max_units: float, keep: Iterable[str] = ()) -> list[Fault]:
    """What is wrong with a title broken into ``lines`` (7.3.1), every fault at once."""
    lines = [line for line in lines if line]
    widths = [text_units(line) for line in lines]
    if len(lines) < 2:
        return _long(widths, max_units)
    faults = _long(widths, max_units)
    faults += [Fault("stub", f"标题第 {i + 1} 行只有“{line}”，不成一行")
               for i, line in enumerate(lines) if widths[i] <= STUB_UNITS]
    faults += [Fault("short", f"标题第 {i + 1} 行 {widths[i]:g} 字，不足最长一行的四分之一")
               for i in range(len(lines))
               if STUB_UNITS < widths[i] < SHORT_RATIO * max(widths)]
    if hourglass(widths):
        faults.append(Fault("hourglass", f"标题各行字数 {_shown(widths)} 呈沙漏形"))
    elif len(set(widths)) == 1:
        faults.append(Fault("rectangle", "标题各行等长（长方形）", hard=False))
    faults += [Fault("split", f"“{word}”被拆在两行") for word in split_words(lines, max_units,
                                                                             keep)]
    return faults


def split_words(lines: list[str], max_units: float, keep: Iterable[str] = ()) -> list[str]:
    """The words that the breaks between ``lines`` cut in two (a word longer than a line
    has to be cut, and is not named)."""
    text = "".join(lines)
    found = joints(text, keep)
    breaks = itertools.accumulate(len(line) for line in lines[:-1])
    words = (found.word_at(index) for index in breaks)
    return [word for word in words if word and text_units(word) <= max_units]


def hourglass(widths: list[float]) -> bool:
    """A line shorter than a line above it and a line below it: not 梯形, not 菱形."""
    return any(widths[i] < max(widths[:i]) and widths[i] < max(widths[i + 1:])
               for i in range(1, len(widths) - 1))


def _long(widths: list[float], max_units: float) -> list[Fault]:
    return [Fault("long", f"标题第 {i + 1} 行 {w:g} 字，超过 {max_units:g} 字")
            for i, w in enumerate(widths) if w > max_units]


def _shown(widths: list[float]) -> str:
    return " / ".join(f"{w:g}" for w in widths)


# LIBREOFFICE: the 小标宋 faces set digits and Latin letters wider than half an em (a 20-em
# line with “2023” wrapped its last character: 关于印发立山区政府2023年重点工作任务分 / 解);
# a title line is measured with this width for them, so what fits here fits on the page.
TITLE_HALF_WIDTH = 0.6


def title_units(text: str) -> float:
    """Width of a title line in em, half-width characters counted generously."""
    return sum(TITLE_HALF_WIDTH if char_units(c) < 1 else 1.0 for c in text)


def units_between(text: str) -> list[float]:
    """Prefix widths: ``units_between(text)[b] - [a]`` is the width of ``text[a:b]``."""
    return list(itertools.accumulate(
        (TITLE_HALF_WIDTH if char_units(c) < 1 else 1.0 for c in text), initial=0.0))
