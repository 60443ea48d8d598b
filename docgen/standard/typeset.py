"""Text measures and line breaking that the layout needs before the word processor runs."""

from __future__ import annotations

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
