"""7.3.5.5: a 署名 block that misses page 1 by a row is brought onto it by a tighter line
pitch within GRID-03, not moved to page 2 with the body's last line."""

from __future__ import annotations

import itertools

import pytest
from support.yaml_files import load_yaml, write_yaml

from docgen.api import check
from docgen.pdf.measure import find_signature, lines
from docgen.resources import SAMPLE
from docgen.standard import figures as L


def short_notice(paragraphs: int) -> dict:
    data = load_yaml(SAMPLE)
    data.pop("recipients")
    data["attachments"] = []
    # Under this 版头 and title page 1 holds 8 body rows: 5 paragraphs, 2 blank rows and the
    # 署名 and date make 9, one too many at 28.95 pt.
    data["body"] = [f"这是第{n}段正文内容。" for n in range(1, paragraphs + 1)]
    return data


def page_of(pdf, row) -> int:
    return next(index for index, page in enumerate(pdf) if row in lines(page))


def test_a_signature_block_one_row_over_page_one_is_tightened_onto_it(build_cache, tmp_path):
    built = build_cache("one-row-over", write_yaml(short_notice(5), tmp_path / "over.yaml"))
    organ, date = find_signature(built.pdf, "山西省文化和旅游厅办公室", "2022年5月20日")
    assert page_of(built.pdf, organ) == page_of(built.pdf, date) == 0
    assert date.em_bottom <= L.TYPE_AREA_BOTTOM + L.mm(1)  # inside the 版心 (PAGE-04)
    body = [row for row in lines(built.pdf[0]) if row.text.startswith("这是第")]
    pitches = [b.baseline - a.baseline for a, b in itertools.pairwise(body)]
    assert all(28.0 <= pitch < L.LINE_PITCH - 0.5 for pitch in pitches)  # GRID-03 band
    report = check(built.pdf_path)
    assert not [f for f in report.findings if f.status == "FAIL"], report.summary()


def test_a_signature_block_two_rows_over_is_not_squeezed(build_cache, tmp_path):
    built = build_cache("two-rows-over", write_yaml(short_notice(6), tmp_path / "over2.yaml"))
    organ, _ = find_signature(built.pdf, "山西省文化和旅游厅办公室", "2022年5月20日")
    assert page_of(built.pdf, organ) == 1  # with the body's last line (SIG-13)
    body = [row for row in lines(built.pdf[0]) if row.text.startswith("这是第")]
    assert body[1].baseline - body[0].baseline == pytest.approx(L.LINE_PITCH, abs=0.1)
