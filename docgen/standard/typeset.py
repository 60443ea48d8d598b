"""Text measures and line breaking that the layout needs before the word processor runs."""

from __future__ import annotations

import itertools
import math
import unicodedata

NO_LINE_START = set("，。、；：？！）》〕】」』”’…—·%,.;:!?)]")
NO_LINE_END = set("（《〔【「『“‘([")


def char_units(char: str) -> float:
    """Width in em: 1 for CJK and full-width characters, 0.5 for half-width ones."""
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 0.5


def text_units(text: str) -> float:
    return sum(char_units(char) for char in text)


def text_width(text: str, size: float, tracking: float = 0.0) -> float:
    """Estimated advance of ``text`` at ``size`` points, with per-character tracking."""
    return text_units(text) * size + tracking * len(text)


def break_title(text: str, max_units: float) -> list[str]:
    """Break a title into lines of at most ``max_units`` em, shaped as a 梯形 or 菱形 (7.3.1).

    Explicit newlines in the data are kept as the author's breaks.
    """
    if "\n" in text:
        return [line.strip() for line in text.splitlines() if line.strip()]
    if text_units(text) <= max_units:
        return [text]
    fewest = math.ceil(text_units(text) / max_units)
    prefix = list(itertools.accumulate((char_units(c) for c in text), initial=0.0))
    best: tuple[float, tuple[int, ...]] | None = None
    for count in (fewest, fewest + 1) if fewest <= 3 else (fewest,):
        for cuts in _cut_sets(text, prefix, count, max_units):
            bounds = (0, *cuts, len(text))
            widths = [prefix[b] - prefix[a] for a, b in itertools.pairwise(bounds)]
            if _hourglass(widths):
                continue
            score = _score(text, cuts, widths, max_units, fewest)
            if best is None or score < best[0]:
                best = (score, cuts)
    if best is None:  # nothing fits the rules: fall back to filling lines greedily
        return _greedy(text, max_units)
    return [text[a:b] for a, b in itertools.pairwise((0, *best[1], len(text)))]


def _breakable(text: str, index: int) -> bool:
    before, after = text[index - 1], text[index]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    return not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum())


def _cut_sets(text: str, prefix: list[float], count: int, max_units: float):
    """Every way to cut ``text`` into ``count`` breakable lines that each fit ``max_units``."""
    total = prefix[-1]

    def cuts_from(start: int, lines_left: int):
        if lines_left == 1:
            if total - prefix[start] <= max_units:
                yield ()
            return
        for cut in range(start + 1, len(text)):
            if prefix[cut] - prefix[start] > max_units:
                break
            if _breakable(text, cut) and total - prefix[cut] <= max_units * (lines_left - 1):
                for rest in cuts_from(cut, lines_left - 1):
                    yield (cut, *rest)

    yield from cuts_from(0, count)


def _hourglass(widths: list[float]) -> bool:
    return any(widths[i] < widths[i - 1] and widths[i] < widths[i + 1]
               for i in range(1, len(widths) - 1))


def _score(text: str, cuts: tuple[int, ...], widths: list[float], max_units: float,
           fewest: int) -> float:
    score = 2.5 * (len(widths) - fewest) + 2 * (max(widths) - min(widths)) / max_units
    if len(widths) > 1 and len(set(widths)) == 1:
        score += 0.5  # a rectangle: allowed, but a trapezoid reads better
    for cut in cuts:
        if text.startswith("关于", cut):
            score -= 3  # the issuing organ on its own line
        elif text[cut - 1] == "的" and len(text) - cut <= 4:
            score -= 1  # the document type (通知, 意见 …) on the last line
        elif text[cut] in "和及与暨" or text[cut - 1] == "的":
            score -= 0.5  # between phrases rather than inside a word
    return score


def _greedy(text: str, max_units: float) -> list[str]:
    lines, current = [], ""
    for char in text:
        if current and text_units(current + char) > max_units:
            lines.append(current)
            current = ""
        current += char
    return [*lines, current] if current else lines


# PRACTICE (7.3.5.5 allows adjusting 字距): a paragraph whose last line would hold a single
# character is set tighter instead, by at most this much per character; more looks cramped.
MAX_WIDOW_CONDENSE = 0.75
_TRACKING_STEP = 0.05  # w:spacing is written in twentieths of a point
# LIBREOFFICE keeps about a point and a half more than the advances add up to at a line's end:
# a tightening is only trusted with this much room to spare (measured on the sample's 附件说明).
_FIT_SLACK = 3.0


def _lines(text: str, widths: list[float], size: float, tracking: float,
           slack: float = 0.0) -> list[str]:
    """``text`` broken greedily into lines, line i ``widths[i]`` wide (the last width repeats);
    closing punctuation stays on the line it closes, as the word processor squeezes it in."""
    lines, current, used = [], "", 0.0
    for char in text:
        advance = char_units(char) * size + tracking
        width = widths[min(len(lines), len(widths) - 1)]
        if current and used + advance > width - slack + 0.01 and char not in NO_LINE_START:
            lines.append(current)
            current, used = "", 0.0
        current += char
        used += advance
    return [*lines, current]


def _widowed(lines: list[str]) -> bool:
    return len(lines) > 1 and sum(1 for c in lines[-1] if c not in NO_LINE_START) <= 1


def widow_tracking(text: str, widths: list[float], size: float, tracking: float) -> float:
    """The tracking to set ``text`` with so that its last line is not a lone character:
    ``tracking`` when it is not one (or when saving it would take more than
    MAX_WIDOW_CONDENSE), else the least tightening, in 1/20 pt steps, that pulls it back."""
    lines = _lines(text, widths, size, tracking)
    if not _widowed(lines):
        return tracking
    steps = round(MAX_WIDOW_CONDENSE / _TRACKING_STEP)
    for step in range(1, steps + 1):
        tighter = round(tracking - step * _TRACKING_STEP, 2)
        if len(_lines(text, widths, size, tighter, _FIT_SLACK)) < len(lines):
            return tighter
    return tracking
