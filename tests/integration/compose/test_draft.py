"""A draft build is visibly a draft: 草稿 on every page, outside the 版心, and in the title."""

from __future__ import annotations

import pymupdf
import pytest

from docgen.pipelines.build import build
from docgen.resources import SAMPLE
from docgen.standard import figures as L


@pytest.fixture(scope="module")
def draft_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("draft")
    result = build(SAMPLE, out, formats=("pdf",), draft=True)
    with pymupdf.open(result.files[0]) as pdf:
        yield pdf


def test_a_draft_pdf_is_marked_on_every_page_outside_the_type_area(draft_pdf):
    for page in draft_pdf:
        marks = page.search_for("草稿")
        assert marks, f"第 {page.number + 1} 页没有草稿标记"
        assert all(mark.y1 < L.MARGIN_TOP for mark in marks)  # above the 版心: text keeps place
    assert draft_pdf.metadata["title"].endswith("（草稿）")


def test_an_issued_notice_carries_no_draft_mark(sample):
    assert not any(page.search_for("草稿") for page in sample.pdf)
    assert "草稿" not in sample.pdf.metadata["title"]
