"""The title found by size and place (BODY-01), and annotation labels placed greedily."""

from __future__ import annotations

import itertools

import pymupdf

from docgen.checks.annotate import LABEL_HEIGHT, place_label, png_dpi
from docgen.checks.body import _title_block
from docgen.pdf.measure import Line

A4 = pymupdf.Rect(0, 0, 595.28, 841.89)


def row(text: str, x0: float, x1: float, baseline: float, size: float) -> Line:
    return Line(text, x0, x1, baseline, size, frozenset(), frozenset())


NUMBER = row("晋文旅发〔2023〕5号", 230, 371, 230, 16)
STAR = row("★", 294.5, 306.5, 245, 12)
RECIPIENTS = row("各市文化和旅游局：", 79.4, 223, 400, 16)


def test_title_is_the_largest_centred_block_not_the_number_above_it():
    first = row("山西省文化和旅游厅", 201, 399, 300, 22)
    second = row("关于举办全省文旅系统业务培训班的通知", 102, 498, 336, 22)
    assert _title_block([NUMBER, STAR, first, second, RECIPIENTS]) == [first, second]


def test_a_title_typed_in_body_size_is_still_the_title():
    title = row("关于举办业务培训班的通知", 204, 396, 300, 16)
    assert _title_block([NUMBER, STAR, title, RECIPIENTS]) == [title]


def test_title_is_at_most_four_lines():
    # a 60-character title with its issuer on a line of its own takes four lines of 20
    lines = [row("山西省文化和旅游厅", 201, 399, 300 + 36 * i, 22) for i in range(6)]
    assert _title_block(lines) == lines[:4]


def test_labels_on_one_element_are_stacked_without_overlap():
    taken: list[pymupdf.Rect] = []
    anchor = pymupdf.Rect(80, 300, 300, 320)
    for _ in range(8):
        taken.append(place_label(anchor, 120, taken, A4))
    for a, b in itertools.combinations(taken, 2):
        assert not a.intersects(b), (a, b)
    assert taken[0].y0 == anchor.y1  # the first one where it always went: under its element
    assert all(rect.height == LABEL_HEIGHT for rect in taken)


def test_labels_at_the_foot_of_the_page_go_above_their_element():
    anchor = pymupdf.Rect(80, 830, 300, 840)
    spot = place_label(anchor, 120, [], A4)
    assert spot.y1 <= anchor.y0 and spot.y1 <= A4.y1


def test_a_label_never_runs_off_the_right_edge():
    spot = place_label(pymupdf.Rect(560, 300, 590, 320), 200, [], A4)
    assert spot.x1 <= A4.x1


def test_a_huge_page_is_rendered_within_the_pixel_budget():
    assert png_dpi(A4) == 100
    huge = pymupdf.Rect(0, 0, 14400, 14400)
    dpi = png_dpi(huge)
    assert (14400 * dpi / 72) ** 2 <= 16_000_000
