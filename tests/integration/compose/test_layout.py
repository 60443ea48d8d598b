"""The sample notice measured on its PDF against GB/T 9704 (ids from gbt9704.md)."""

from __future__ import annotations

import itertools

import pytest
from support.gbt import (
    P,
    check_colours,
    check_imprint,
    check_inside_type_area,
    check_mark,
    check_page_numbers,
    check_page_sizes,
    mm,
)

from docgen.pdf.measure import is_landscape, lines, rules
from docgen.standard import figures as L


def first_page_lines(built):
    return lines(built.pdf[0])


def line_with(rows, text):
    return next(row for row in rows if text in row.text.replace(" ", ""))


def test_page_size_every_page_is_a4(sample):
    check_page_sizes(sample.pdf)


def test_text_stays_inside_the_type_area(sample):
    check_inside_type_area(sample.pdf)


def test_mark_is_red_centred_and_35mm_below_the_type_area(sample):
    check_mark(sample.pdf, "山西省文化和旅游厅办公室文件")


def test_only_the_mark_and_the_rule_are_red(sample):
    check_colours(sample.pdf, "山西省文化和旅游厅办公室文件")


def test_first_page_shows_body_text(sample):  # BODY-07
    assert any(row.text.startswith("根据《") for row in lines(sample.pdf[0]))


def test_number_two_rows_below_the_mark_and_centred(sample):  # HEAD-07
    rows = first_page_lines(sample)
    mark = line_with(rows, "办公室文件")
    number = line_with(rows, "晋文旅办发〔2022〕46号")
    assert number.centre_x == pytest.approx(mm(106), abs=mm(1))
    assert 1.7 * P <= number.em_top - mark.em_bottom <= 3 * P


def test_red_rule_4mm_below_the_number_and_as_wide_as_the_type_area(sample):  # HEAD-11
    page = sample.pdf[0]
    number = line_with(lines(page), "晋文旅办发")
    red = [rule for rule in rules(page) if rule.red]
    assert red, "no red rule on page 1"
    rule = red[0]
    assert rule.y - rule.thickness / 2 - number.em_bottom == pytest.approx(mm(4), abs=mm(1))
    assert rule.x0 == pytest.approx(mm(28), abs=mm(1))
    assert rule.x1 == pytest.approx(mm(184), abs=mm(1))


def test_title_is_2hao_centred_two_rows_below_the_rule(sample):  # BODY-01, BODY-02
    page = sample.pdf[0]
    rule = next(rule for rule in rules(page) if rule.red)
    titles = [row for row in lines(page) if row.size == pytest.approx(22, abs=0.25)]
    assert titles and "".join(t.text.replace(" ", "") for t in titles) == (
        "山西省文化和旅游厅办公室关于印发2022年政务公开重点工作任务分工的通知")
    for row in titles:
        assert row.centre_x == pytest.approx(mm(106), abs=mm(1))
        assert len(row.text.replace(" ", "")) <= 20
    gap = titles[0].em_top - (rule.y + rule.thickness / 2)
    assert 1.7 * P <= gap <= 3 * P


def test_recipients_one_row_below_the_title_flush_left(sample):  # BODY-05, BODY-08
    rows = first_page_lines(sample)
    title_last = [row for row in rows if row.size == pytest.approx(22, abs=0.25)][-1]
    recipients = line_with(rows, "机关各处室、厅属各单位：")
    assert recipients.x0 == pytest.approx(mm(28), abs=mm(1))
    assert 0.7 * P <= recipients.em_top - title_last.em_bottom <= 2 * P
    body = line_with(rows, "根据《山西省人民政府办公厅")
    assert body.baseline - recipients.baseline == pytest.approx(P, abs=0.15 * P)
    assert body.x0 == pytest.approx(mm(28) + 2 * L.CHAR, abs=0.25 * L.CHAR)  # BODY-09


def test_body_rows_use_the_line_pitch_and_fill_the_width(sample):  # GRID-03, GRID-06
    rows = [row for row in first_page_lines(sample) if row.size == pytest.approx(16, abs=0.25)]
    body = rows[rows.index(line_with(rows, "根据《")):]
    pitches = [b.baseline - a.baseline for a, b in itertools.pairwise(body)][:3]
    for pitch in pitches:
        assert 28.0 <= pitch <= 29.7
    full = body[1]  # a continuation line of the first paragraph
    assert full.x0 == pytest.approx(mm(28), abs=mm(1))
    assert full.x1 == pytest.approx(mm(184), abs=mm(1))


def test_signature_sealed_layout(sample):  # SIG-01, SIG-02
    page = next(p for p in sample.pdf if "2022年5月20日" in p.get_text().replace(" ", ""))
    rows = lines(page)
    date = line_with(rows, "2022年5月20日")
    organ = rows[rows.index(date) - 1]
    assert organ.text.replace(" ", "") == "山西省文化和旅游厅办公室"
    assert date.x1 == pytest.approx(mm(184) - 4 * L.CHAR, abs=mm(1))
    assert organ.centre_x == pytest.approx(date.centre_x, abs=0.5 * L.CHAR)
    assert date.baseline - organ.baseline == pytest.approx(P, abs=0.15 * P)


def test_page_numbers_format_position_and_parity(sample):
    check_page_numbers(sample.pdf)


def test_landscape_pages_read_bottom_to_top_in_the_sheet_frame(sample):  # TBL-02
    landscape = [page for page in sample.pdf if is_landscape(page)]
    assert landscape, "the seed's table should be turned"
    for page in landscape:
        table_rows = [row for row in lines(page) if row.direction == (1, 0)]
        assert table_rows  # upright in the page = bottom-to-top on the sheet


def test_imprint_on_the_last_even_page_at_the_bottom(sample):
    check_imprint(sample.pdf)


def test_attachment_label_and_title(sample):  # ATT-01..04
    page = next(page for page in sample.pdf if any(
        row.text.strip() == "附件" for row in lines(page)))
    rows = lines(page)
    label = next(row for row in rows if row.text.strip() == "附件")
    assert any("SansCJK" in font for font in label.fonts)  # 黑体 role, served by Noto Sans
    assert label.size == pytest.approx(16, abs=0.25)
    left_edge = mm(35) if is_landscape(page) else mm(28)
    top_edge = mm(28) if is_landscape(page) else mm(37)
    assert label.x0 == pytest.approx(left_edge, abs=mm(1))
    assert top_edge - mm(1) <= label.em_top <= top_edge + P  # the first row (ATT-02)
    title = next(row for row in rows if row.size == pytest.approx(22, abs=0.25))
    assert title.text.replace(" ", "") == "山西省文化和旅游厅政务公开重点工作任务分工分解表"
    assert title.baseline - label.baseline == pytest.approx(2 * P, abs=0.5 * P)
    frame_centre = (mm(35) + mm(260)) / 2 if is_landscape(page) else mm(106)
    assert title.centre_x == pytest.approx(frame_centre, abs=mm(1))


def test_metadata(sample):
    meta = sample.pdf.metadata
    assert meta["title"] == "山西省文化和旅游厅办公室关于印发2022年政务公开重点工作任务分工的通知"
    assert meta["author"] == "山西省文化和旅游厅办公室"
    assert meta["subject"] == "晋文旅办发〔2022〕46号"
    xmp = sample.pdf.get_xml_metadata()
    assert "晋文旅办发〔2022〕46号" in xmp and "山西省文化和旅游厅办公室" in xmp


def test_font_report_names_every_role(sample):
    roles = {use.role: use for use in sample.result.fonts}
    assert set(roles) == {"小标宋", "仿宋", "楷体", "黑体", "宋体"}
    assert roles["仿宋"].requested == "仿宋_GB2312"
    assert "Noto Serif CJK SC" in roles["仿宋"].served_by
    assert roles["仿宋"].substituted
