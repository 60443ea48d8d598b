"""GB/T 9704 checks shared by the tests of every notice shape (ids from gbt9704.md)."""

from __future__ import annotations

import re

import pymupdf
import pytest

from docgen.pdf.measure import (
    find_imprint,
    ink_rows,
    is_landscape,
    lines,
    page_number_line,
    page_number_value,
    to_sheet,
)
from docgen.standard import figures as L
from docgen.standard.typeset import text_units

P = L.LINE_PITCH
RED_TEXT = 0xFF0000


def mm(value: float) -> float:
    return value * L.MM


def check_page_sizes(pdf: pymupdf.Document) -> None:  # PAGE-01
    for page in pdf:
        width, height = sorted((page.rect.width, page.rect.height))
        assert width == pytest.approx(595.28, abs=1.5)
        assert height == pytest.approx(841.89, abs=1.5)


def check_inside_type_area(pdf: pymupdf.Document) -> None:  # PAGE-04, PAGE-05
    for number, page in enumerate(pdf, start=1):
        for row in lines(page):
            if row == page_number_line(page):
                continue
            corners = [to_sheet(page, row.x0, row.em_top), to_sheet(page, row.x1, row.em_bottom)]
            xs = [x for x, _ in corners]
            ys = [y for _, y in corners]
            where = f"page {number}: {row.text}"
            assert min(xs) >= mm(28 - 1) and max(xs) <= mm(184 + 1), where
            assert min(ys) >= mm(37 - 1) and max(ys) <= mm(262 + 1), where


def check_mark(pdf: pymupdf.Document, text: str) -> None:  # HEAD-04, HEAD-05
    page = pdf[0]
    mark = next(row for row in lines(page) if row.text.replace(" ", "") == text)
    assert mark.colors == {RED_TEXT}
    assert mark.centre_x == pytest.approx(mm(106), abs=mm(1))
    assert mark.x1 - mark.x0 <= mm(156)
    clip = pymupdf.Rect(mm(28), mark.em_top - mm(5), mm(184), mark.em_bottom + mm(2))
    top, _ = ink_rows(page, clip, red=True)
    assert top == pytest.approx(mm(72), abs=mm(1))


def check_page_numbers(pdf: pymupdf.Document) -> None:  # PNO-01..08, TBL-01
    positions = []
    for index, page in enumerate(pdf):
        line = page_number_line(page)
        if line is None:
            continue
        assert re.fullmatch(r"—\s?[1-9]\d*\s?—", line.text.strip())
        assert line.size == pytest.approx(14, abs=0.25)
        number = page_number_value(line)
        assert number == index + 1  # continuous through the attachments
        if is_landscape(page):
            # the turned glyphs' baseline is the sheet's y; the dash is 0.38 em "up" from it
            _, dash_y = to_sheet(page, line.baseline + L.DASH_CENTRE * line.size, 0)
            start, end = line.x0, line.x1  # along the page's y = along the sheet's x
        else:
            dash_y = line.baseline - L.DASH_CENTRE * line.size
            start, end = line.x0, line.x1
        assert dash_y == pytest.approx(mm(269), abs=mm(1)), f"page {number}"
        if number % 2:
            assert end == pytest.approx(mm(179.06), abs=mm(1)), f"page {number}"
        else:
            assert start == pytest.approx(mm(32.94), abs=mm(1)), f"page {number}"
        positions.append(dash_y)
    assert positions and max(positions) - min(positions) <= mm(0.5)


def check_imprint(pdf: pymupdf.Document) -> None:  # IMP-01..05, IMP-08, IMP-10
    assert pdf.page_count % 2 == 0
    spot = find_imprint(pdf)
    assert spot is not None
    assert spot.page == pdf.page_count - 1
    assert spot.last_rule.y == pytest.approx(mm(262), abs=mm(1))
    for rule in (spot.first_rule, spot.last_rule):
        assert rule.x0 == pytest.approx(mm(28), abs=mm(1))
        assert rule.x1 == pytest.approx(mm(184), abs=mm(1))
        assert rule.thickness == pytest.approx(0.99, abs=mm(0.07))
    printed = next(row for row in lines(pdf[spot.page]) if row.text.endswith("印发"))
    assert re.fullmatch(r"\S.*?\s+(19|20)\d{2}年(1[0-2]|[1-9])月(3[01]|[12]\d|[1-9])日印发",
                        printed.text)
    assert printed.x0 == pytest.approx(mm(32.94), abs=mm(1))
    assert printed.x1 == pytest.approx(mm(179.06), abs=mm(1))
    assert printed.size == pytest.approx(14, abs=0.25)


def check_full_body_pages(pdf: pymupdf.Document) -> int:  # GRID-02, GRID-05, GRID-06
    """22 rows and 28 characters on every page holding only body text; returns their count."""
    full = 0
    for index, page in enumerate(pdf):
        if index == 0 or index == pdf.page_count - 1 or is_landscape(page):
            continue
        rows = [row for row in lines(page) if row != page_number_line(page)]
        if not rows or any(row.size != pytest.approx(16, abs=0.25) for row in rows):
            continue
        if any("日" in row.text and row.text.startswith("20") for row in rows):
            continue  # the signature page
        full += 1
        assert len({round(row.baseline, 1) for row in rows}) == 22, f"page {index + 1}"
        for row in rows:
            if row.x1 < mm(183):
                continue  # a paragraph's last line
            indent = round((row.x0 - mm(28)) / L.CHAR)
            units = text_units(row.text.replace(" ", "")) + indent
            if row.text.isascii() or not any(c.isascii() for c in row.text):
                assert units == pytest.approx(28, abs=0.5), row.text
            else:  # digits are wider than half an em in the substitute fonts
                assert 27 <= units <= 28.5, row.text
            assert row.x1 == pytest.approx(mm(184), abs=mm(1))
    return full


def check_colours(pdf: pymupdf.Document, mark: str) -> None:  # COLOR-01, COLOR-02
    """Only the mark is red text; only the 版头 rule is a red drawing; the rest is black."""
    from docgen.pdf.measure import rules
    for number, page in enumerate(pdf, start=1):
        for row in lines(page):
            if number == 1 and row.text.replace(" ", "") == mark:
                assert row.colors == {RED_TEXT}
            else:
                assert row.colors == {0}, f"page {number}: {row.text} in {row.colors}"
        red = [rule for rule in rules(page, mm(20)) if rule.red]
        assert len({round(rule.y) for rule in red}) == (1 if number == 1 else 0), number
