"""What every rule reads: the PDF's text rows, page 1's red rules and 发文机关标志, the body
text size, measured once per PDF; and the report the rules add their findings to.

Elements are found by content and geometry (the red rule, a 发文字号 pattern, the row that ends
in 印发 …), never by who made the file, so PDFs exported from Word or WPS are checked the same
way. Assertion ids and tolerances are those of gbt9704.md; lengths are reported in mm.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property

import pymupdf

from docgen.checks.report import FAIL, FAMILIES, PASS, WARN, Finding, Report
from docgen.pdf.measure import Line, Rule, is_landscape, lines, looks_like_page_number, rules
from docgen.standard import figures as L

NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]+〔(19|20)\d{2}〕[1-9]\d*号")

Box = tuple[float, float, float, float]


def in_mm(points: float) -> float:
    """Points as millimetres, rounded as the report prints them."""
    return round(L.to_mm(points), 2)


def within(value: float, target: float, tolerance: float) -> bool:
    return abs(value - target) <= tolerance


def box(row: Line) -> Box:
    return (row.x0, row.em_top, row.x1, row.em_bottom)


def spans_type_area(rule: Rule) -> bool:
    """The rule runs from the 版心's left edge to its right edge, ± 1 mm."""
    return within(rule.x0, L.MARGIN_LEFT, L.mm(1)) and within(
        rule.x1, L.MARGIN_LEFT + L.TYPE_AREA_WIDTH, L.mm(1))


class Context:
    def __init__(self, pdf: pymupdf.Document, name: str) -> None:
        self.pdf = pdf
        self.report = Report(name, pdf.page_count)
        self.rows = [lines(page) for page in pdf]
        # Fonts seen on each role's elements, filled in by the rules that find those elements
        # and judged last by FONT-01.
        self.role_fonts: dict[str, set[str]] = {role: set() for role in FAMILIES}

    def add(self, rule: str, ok: bool, clause: str, measured: str, expected: str,
            page: int | None = None, box: Box | None = None, soft: bool = False) -> None:
        status = PASS if ok else (WARN if soft else FAIL)
        self.report.findings.append(Finding(rule, status, clause, measured, expected, page, box))

    @cached_property
    def red_rules(self) -> list[Rule]:
        """The red rules on page 1, the 版头's separator first."""
        return [rule for rule in rules(self.pdf[0]) if rule.red]

    @cached_property
    def mark(self) -> Line | None:
        """The 发文机关标志: the largest row above the red rule (or in the page's top third)
        that is not the 发文字号."""
        rule_y = self.red_rules[0].y if self.red_rules else self.pdf[0].rect.height / 3
        above = [row for row in self.rows[0]
                 if row.baseline < rule_y and not NUMBER.search(row.text)]
        return max(above, key=lambda row: row.size) if above else None

    @cached_property
    def body_size(self) -> float:
        """The commonest size on portrait pages: the body text's (tables are often turned)."""
        sizes = Counter(round(row.size, 1) for page, rows in zip(self.pdf, self.rows, strict=True)
                        if not is_landscape(page) for row in rows)
        return sizes.most_common(1)[0][0] if sizes else L.SIZE_3HAO

    def body_rows(self, index: int) -> list[Line]:
        return [row for row in self.rows[index] if within(row.size, self.body_size, 0.3)
                and row.direction == (1, 0) and not looks_like_page_number(row)]
