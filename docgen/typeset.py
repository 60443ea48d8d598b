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
    candidates = []
    for count in (fewest, fewest + 1):
        for cuts in _cut_sets(text, count):
            lines = [text[a:b] for a, b in itertools.pairwise((0, *cuts, len(text)))]
            if all(text_units(line) <= max_units for line in lines) and not _hourglass(lines):
                candidates.append((_score(text, cuts, lines, max_units, fewest), lines))
    if not candidates:  # nothing fits the rules: fall back to filling lines greedily
        return _greedy(text, max_units)
    return min(candidates, key=lambda item: item[0])[1]


def _breakable(text: str, index: int) -> bool:
    before, after = text[index - 1], text[index]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    return not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum())


def _cut_sets(text: str, count: int):
    positions = [i for i in range(1, len(text)) if _breakable(text, i)]
    if count - 1 > 3 or len(positions) > 200:  # very long titles: greedy is good enough
        return
    yield from itertools.combinations(positions, count - 1)


def _hourglass(lines: list[str]) -> bool:
    widths = [text_units(line) for line in lines]
    return any(widths[i] < widths[i - 1] and widths[i] < widths[i + 1]
               for i in range(1, len(widths) - 1))


def _score(text: str, cuts: tuple[int, ...], lines: list[str], max_units: float,
           fewest: int) -> float:
    widths = [text_units(line) for line in lines]
    score = 2.5 * (len(lines) - fewest) + 2 * (max(widths) - min(widths)) / max_units
    if len(lines) > 1 and len(set(widths)) == 1:
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
