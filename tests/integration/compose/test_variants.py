"""Notices of other shapes than the sample build with the same geometry."""

from __future__ import annotations

import pytest
from docx import Document
from support.gbt import (
    check_colours,
    check_full_body_pages,
    check_imprint,
    check_inside_type_area,
    check_mark,
    check_page_numbers,
    check_page_sizes,
    mm,
)

from docgen.pdf.measure import find_signature, lines, page_number_line
from docgen.standard import figures as L
from docgen.standard.typeset import text_units

SHAPES = ["three_level", "upward", "long_table", "blank_page"]
MARKS = {"three_level": "某某市人民政府办公室文件", "upward": "某某县文化和旅游局文件",
         "long_table": "山西省文化和旅游厅办公室文件", "blank_page": "山西省文化和旅游厅办公室文件"}


@pytest.fixture(params=SHAPES)
def shape(request):
    return request.param, request.getfixturevalue(request.param)


def test_common_geometry(shape):
    name, built = shape
    check_page_sizes(built.pdf)
    check_inside_type_area(built.pdf)
    check_mark(built.pdf, MARKS[name])
    check_colours(built.pdf, MARKS[name])
    check_page_numbers(built.pdf)
    check_imprint(built.pdf)


def test_blank_page_before_the_imprint_page_and_neither_numbered(blank_page):  # PNO-06
    pdf = blank_page.pdf
    last_table_page = max(i for i, page in enumerate(pdf) if page.rect.width > page.rect.height)
    assert (last_table_page + 1) % 2 == 0  # the table ends on an even page ...
    blank, imprint = pdf[last_table_page + 1], pdf[last_table_page + 2]
    assert pdf.page_count == last_table_page + 3  # ... so a blank page, then the 版记's
    assert not blank.get_text().strip()
    assert page_number_line(blank) is None and page_number_line(imprint) is None


def test_full_body_pages_hold_22_rows_of_28_characters(three_level):
    assert check_full_body_pages(three_level.pdf) >= 1


def test_unsealed_signature_layout(three_level):  # SIG-07
    organ, date = find_signature(three_level.pdf, "某某市人民政府办公室", "2023年3月8日")
    assert organ.x1 == pytest.approx(mm(184) - 2 * L.CHAR, abs=mm(1))
    assert date.x0 - organ.x0 == pytest.approx(2 * L.CHAR, abs=0.25 * L.CHAR)
    assert date.baseline - organ.baseline == pytest.approx(L.LINE_PITCH, abs=0.15 * L.LINE_PITCH)


def test_note_cc_and_header_rows(three_level):  # BODY-13, IMP-06, HEAD-01..03
    pdf = three_level.pdf
    first = [row.text.replace(" ", "") for row in lines(pdf[0])]
    assert first[:3] == ["000123", "秘密★1年", "加急"]
    _, date = find_signature(pdf, "某某市人民政府办公室", "2023年3月8日")
    page = next(p for p in pdf if "（此件不公开）" in p.get_text())
    note = next(row for row in lines(page) if row.text == "（此件不公开）")
    assert note.baseline - date.baseline == pytest.approx(L.LINE_PITCH, abs=0.15 * L.LINE_PITCH)
    assert note.x0 == pytest.approx(mm(28) + 2 * L.CHAR, abs=mm(1))
    last = lines(pdf[-1])
    cc = next(row for row in last if row.text.startswith("抄送："))
    assert cc.x0 == pytest.approx(mm(32.94), abs=mm(1))
    assert cc.size == pytest.approx(14, abs=0.25)


def test_three_level_table_merges_and_numbers(three_level):
    table = Document(three_level.docx_path).tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header == ["序号", "领域", "重点任务", "工作措施", "牵头单位", "配合单位", "时限要求"]
    numbers = [row.cells[0].text for row in table.rows[1:]]
    assert numbers == [str(n) for n in range(1, 8)]  # one 序号 per detail row
    domains = {row.cells[1].text for row in table.rows[1:]}
    assert domains == {"政务服务", "数据共享"}  # merged cells repeat their text in python-docx


def test_signers_share_the_number_row(upward):  # HEAD-08, HEAD-09, HEAD-10
    rows = lines(upward.pdf[0])
    number = next(row for row in rows if "某文旅发〔2024〕15号" in row.text)
    assert number.x0 == pytest.approx(mm(28) + L.CHAR, abs=mm(1))
    assert "王某某" in number.text
    label_row = next(row for row in rows if row.text.startswith("签发人："))
    assert label_row.x1 == pytest.approx(mm(184) - L.CHAR, abs=mm(1))
    first_name_x = label_row.char_x[4]
    last_name_x = number.char_x[number.text.replace(" ", "").index("王")]
    assert last_name_x == pytest.approx(first_name_x, abs=mm(0.5))


def test_portrait_table_spans_the_type_area(upward):
    page = next(p for p in upward.pdf if "项目名称" in p.get_text())
    from docgen.pdf.measure import rules
    borders = [rule for rule in rules(page, mm(150)) if rule.black]
    assert borders
    for rule in borders:
        assert rule.x0 == pytest.approx(mm(28), abs=mm(1))
        assert rule.x1 == pytest.approx(mm(184), abs=mm(1))


def test_long_table_repeats_its_header_on_every_page(long_table):
    table_pages = [page for page in long_table.pdf if page.rect.width > page.rect.height]
    assert len(table_pages) >= 10
    for page in table_pages:
        assert "具体要求" in page.get_text()
    assert len(Document(long_table.docx_path).tables[0].rows) == 301


def test_heading_fonts_by_level(three_level):  # BODY-11, GRID-01
    found = {}
    for page in three_level.pdf:
        for row in lines(page):
            for prefix in ("一、", "（一）", "1.", "（1）"):
                if row.text.startswith(prefix) and prefix not in found:
                    found[prefix] = row
    heading_fonts = {prefix: {f for f in row.fonts} for prefix, row in found.items()}
    assert any("SansCJK" in f for f in heading_fonts["一、"])  # 黑体 role
    assert any("UKai" in f for f in heading_fonts["（一）"])  # 楷体 role
    assert heading_fonts["1."] == {next(iter(heading_fonts["（1）"]))}  # 仿宋, like the body
    assert all("Light" in f for f in heading_fonts["1."])
    for row in found.values():
        assert row.x0 == pytest.approx(mm(28) + 2 * L.CHAR, abs=0.25 * L.CHAR)  # BODY-09


def test_attachment_note_lists_the_attachments_aligned(three_level):  # BODY-12, ATT-04
    rows = [row for page in three_level.pdf for row in lines(page)]
    first = next(row for row in rows if row.text.startswith("附件："))
    second = rows[rows.index(first) + 1]
    assert first.text.replace(" ", "") == "附件：1.2023年数字政府建设重点任务清单"
    assert second.text.replace(" ", "") == "2.某某市政务数据共享工作规范"
    assert first.x0 == pytest.approx(mm(28) + 2 * L.CHAR, abs=mm(1))
    assert second.x0 == pytest.approx(first.char_x[3], abs=mm(0.5))  # under the "1."
    labels = [row.text for row in rows if row.text in ("附件1", "附件2")]
    assert labels == ["附件1", "附件2"]


def test_imprint_rules_thick_thin_thick(three_level):  # IMP-04, IMP-05, IMP-09
    from docgen.pdf.measure import find_imprint, rules
    pdf = three_level.pdf
    spot = find_imprint(pdf)
    found = sorted({(round(r.y, 1), round(r.thickness, 2)) for r in rules(pdf[spot.page], mm(150))
                    if r.black and r.y >= spot.first_rule.y - 1})
    assert [t for _, t in found] == [pytest.approx(0.99, abs=0.2), pytest.approx(0.71, abs=0.2),
                                     pytest.approx(0.99, abs=0.2)]
    cc = next(row for row in lines(pdf[spot.page]) if row.text.startswith("抄送"))
    assert found[0][0] < cc.baseline < found[1][0]


def test_page_numbers_are_songti_4hao(sample):  # PNO-02
    from docgen.pdf.measure import page_number_line
    for page in sample.pdf:
        line = page_number_line(page)
        if line:
            assert line.size == pytest.approx(14, abs=0.25)
            assert all("SerifCJK" in f and "Regular" in f for f in line.fonts)


def test_long_title_breaks_into_balanced_lines(three_level):  # BODY-01..03
    titles = [row for row in lines(three_level.pdf[0]) if row.size == pytest.approx(22, abs=.25)]
    assert len(titles) == 3
    widths = [text_units(row.text.replace(" ", "")) for row in titles]
    assert max(widths) <= 20
    assert not widths[1] < min(widths[0], widths[2])  # no hourglass
    for row in titles:
        assert row.centre_x == pytest.approx(mm(106), abs=mm(1))
