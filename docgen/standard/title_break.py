"""A title broken into lines a clerk would accept (7.3.1): between words, at the issuer /
关于… joint where it can, lines ≤ ``max_units``, 梯形 or 菱形 (never an hourglass), no stub.

The search is dynamic programming over the places a break may go, keyed by the last line
(where it starts and ends) and whether the lines have started to shorten: polynomial in the
title's length (a line spans at most ``max_units`` em), never a walk over every cut set."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass

from docgen.standard.titles import (
    SHORT_RATIO,
    STUB_UNITS,
    Joints,
    joints,
    title_units,
    units_between,
)
from docgen.standard.typeset import NO_LINE_START

LINE_COST = 2.5  # each line beyond the fewest has to buy itself with a better joint
JOINT_BONUS = 3.5  # the issuer's name on a line of its own, 关于… starting the next
PHRASE_BONUS = 0.5  # a break before 和 / 及 / 与: between phrases rather than inside one
BALANCE_WEIGHT = 4.0  # lines close to the average length (排列对称)
DANGLING_COST = 1.0  # a line ending in 的 parts it from the noun it qualifies (的 / 通知)
# 倒梯形 (the first line the longest) reads worse than 正梯形 or 菱形; a drop of one
# character is not seen on a centred title and costs nothing.
TOP_HEAVY_COST = 0.4


@dataclass(frozen=True)
class TitleBreak:
    lines: list[str]
    evaluations: int  # candidate lines weighed: the search's cost, for tests


def break_title(text: str, max_units: float, keep: Iterable[str] = ()) -> list[str]:
    """Break a title into lines of at most ``max_units`` em, shaped as a 梯形 or 菱形 (7.3.1).
    ``keep``: phrases never split (the issuer's name, a 文号). Explicit newlines in the data
    are kept as the author's breaks."""
    return search_title(text, max_units, keep).lines


def search_title(text: str, max_units: float, keep: Iterable[str] = ()) -> TitleBreak:
    if "\n" in text:
        return TitleBreak([line.strip() for line in text.splitlines() if line.strip()], 0)
    if title_units(text) <= max_units:
        return TitleBreak([text], 0)
    keep = [phrase for phrase in keep if phrase]
    prefix = units_between(text)
    found = joints(text, keep)
    cuts = sorted(found.allowed | _forced(text, found, prefix, max_units))
    search = _Search(text, [0, *cuts, len(text)], prefix, max_units, found, keep)
    fewest = math.ceil(prefix[-1] / max_units)
    results = [search.run(prefix[-1] / count) for count in (fewest, fewest + 1)]
    best = min((r for r in results if r is not None), default=None)
    if best is None:  # nothing fits the rules: fill lines greedily
        return TitleBreak(_greedy(text, max_units), search.evaluations)
    bounds = best[1]
    return TitleBreak([text[a:b] for a, b in itertools.pairwise(bounds)],
                      search.evaluations)


def _forced(text: str, found: Joints, prefix: list[float], max_units: float) -> set[int]:
    """Breaks inside a word (or run) longer than a line, which cannot be kept whole."""
    forced: set[int] = set()
    edges = [0, *sorted(found.allowed), len(text)]
    for a, b in itertools.pairwise(edges):
        if prefix[b] - prefix[a] > max_units:
            forced |= {i for i in range(a + 1, b)
                       if text[i] not in NO_LINE_START}
    return forced


class _Search:
    def __init__(self, text: str, positions: list[int], prefix: list[float], max_units: float,
                 found: Joints, keep: list[str]) -> None:
        self.text, self.positions, self.prefix = text, positions, prefix
        self.max_units = max_units
        self.evaluations = 0
        self.bonus = [self._bonus(p, keep) for p in positions]
        last = len(positions) - 1
        self.reach = [[j for j in range(i + 1, last + 1) if self._width(i, j) <= max_units]
                      for i in range(last + 1)]

    def _width(self, i: int, j: int) -> float:
        return self.prefix[self.positions[j]] - self.prefix[self.positions[i]]

    def _bonus(self, position: int, keep: list[str]) -> float:
        text = self.text
        if 0 < position < len(text):
            if text.startswith("关于", position) or any(
                    text.startswith(phrase) and position == len(phrase) for phrase in keep):
                return JOINT_BONUS
            if text[position] in "和及与暨并":
                return PHRASE_BONUS
        return 0.0

    def run(self, target: float) -> tuple[float, list[int]] | None:
        """The cheapest breaking whose lines aim at ``target`` em each, as (cost, bounds)."""
        last = len(self.positions) - 1
        # ending[j][(i, falling)] = (cost, previous key): the best lines up to a line i → j
        ending: list[dict] = [{} for _ in range(last + 1)]
        for j in self.reach[0]:
            if self._fits_end(self._width(0, j), target):
                ending[j][(0, False)] = (self._line_cost(0, j, target), None)
        for j in range(1, last):
            for (i, falling), (cost, _) in ending[j].items():
                self._extend(ending, i, j, falling, cost, target, last)
        finals = [(cost, key) for key, (cost, _) in ending[last].items()]
        if not finals:
            return None
        cost, key = min(finals)
        bounds = self._bounds(ending, last, key)
        widths = [self._width(a, b) for a, b in itertools.pairwise(bounds)]
        if min(widths) < SHORT_RATIO * max(widths):
            return None
        return cost, [self.positions[k] for k in bounds]

    def _extend(self, ending: list[dict], i: int, j: int, falling: bool, cost: float,
                target: float, last: int) -> None:
        above = self._width(i, j)
        for k in self.reach[j]:
            self.evaluations += 1
            width = self._width(j, k)
            if not (self._fits_end(width, target) if k == last else width >= target / 2):
                continue
            if falling and width > above:
                continue  # shorter, then longer again: an hourglass
            step = self._line_cost(j, k, target)
            drops = width < above
            if drops and i == 0:
                step += TOP_HEAVY_COST * max(0.0, above - width - 1)
            key = (j, falling or drops)
            total = cost + step
            if key not in ending[k] or total < ending[k][key][0]:
                ending[k][key] = (total, (i, falling))

    def _fits_end(self, width: float, target: float) -> bool:
        return width > STUB_UNITS and width >= SHORT_RATIO * target

    def _line_cost(self, i: int, j: int, target: float) -> float:
        deviation = (self._width(i, j) - target) / self.max_units
        dangling = DANGLING_COST if self.text[self.positions[j] - 1] == "的" else 0.0
        return LINE_COST + BALANCE_WEIGHT * deviation ** 2 - self.bonus[i] + dangling

    def _bounds(self, ending: list[dict], last: int, key: tuple[int, bool]) -> list[int]:
        bounds, j = [last], last
        while key is not None:
            bounds.append(key[0])
            _, previous = ending[j][key]
            j, key = key[0], previous
        return bounds[::-1]


def _greedy(text: str, max_units: float) -> list[str]:
    lines, current = [], ""
    for char in text:
        if current and title_units(current + char) > max_units:
            lines.append(current)
            current = ""
        current += char
    return [*lines, current] if current else lines
