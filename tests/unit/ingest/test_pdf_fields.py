"""A notice typed by another office and written straight to PDF (no docgen, no LibreOffice)
read back field by field: the header, a title on two lines, paragraphs running over page
breaks without their page numbers, the 署名 and 成文日期, and what is marked or not placed."""

from __future__ import annotations

import pymupdf
from support.foreign_pdf import PARAGRAPH, ForeignNotice, write_foreign_notice

from docgen.ingest.blocks import Block, find_doc_number
from docgen.ingest.pdffile import read_pdf
from docgen.ingest.recognise_lines import recognise
from docgen.ingest.textforms import parse_date


def test_the_fields_of_a_foreign_notice(tmp_path):
    draft = read_pdf(write_foreign_notice(tmp_path / "n.pdf", ForeignNotice(paragraphs=2)))

    data = draft.data
    assert data["issuer"] == {"mark": "山西省文化和旅游厅文件", "name": "山西省文化和旅游厅"}
    assert data["doc_number"] == "晋文旅发〔2023〕5号"
    assert data["title"] == "山西省文化和旅游厅关于举办全省文旅系统业务培训班的通知"
    assert data["recipients"] == "各市文化和旅游局，厅机关各处室："
    assert data["body"] == [PARAGRAPH, PARAGRAPH]
    assert data["signature"] == {"date": "2023-03-01", "sealed": "false"}
    assert draft.unplaced == []


def test_paragraphs_go_on_over_page_breaks_and_page_numbers_are_dropped(tmp_path):
    notice = ForeignNotice(paragraphs=0, pages=3)
    path = write_foreign_notice(tmp_path / "long.pdf", notice)
    with pymupdf.open(path) as document:
        assert document.page_count >= 3

    draft = read_pdf(path)

    assert set(draft.data["body"]) == {PARAGRAPH}
    assert not any("—" in paragraph for paragraph in draft.data["body"])
    assert draft.unplaced == []


def test_a_sealed_closing_is_read_as_sealed(tmp_path):
    draft = read_pdf(write_foreign_notice(tmp_path / "s.pdf", ForeignNotice(sealed=True)))

    assert draft.data["signature"] == {"date": "2023-03-01", "sealed": "true"}


def test_a_loose_doc_number_is_kept_as_typed_and_marked(tmp_path):
    notice = ForeignNotice(number="晋文旅发[2023]第05号", date="二〇二三年三月一日")
    draft = read_pdf(write_foreign_notice(tmp_path / "loose.pdf", notice))

    assert draft.data["doc_number"] == "晋文旅发[2023]第05号"
    [mark] = [mark for mark in draft.marks if mark.path == "doc_number"]
    assert mark.kind == "待核" and "晋文旅发〔2023〕5号" in mark.reason
    assert any("晋文旅发〔2023〕5号" in note for note in draft.notes)
    assert draft.data["signature"]["date"] == "2023-03-01"


def test_what_the_page_does_not_say_is_marked(tmp_path):
    draft = read_pdf(write_foreign_notice(tmp_path / "n.pdf"))

    paths = {mark.path: mark.kind for mark in draft.marks}
    assert paths["imprint"] == "待核"  # no 版记: 印发机关 and 日期 taken from the issuer
    assert draft.data["imprint"] == {"printer": "山西省文化和旅游厅", "print_date": "2023-03-01"}


def test_text_that_fits_no_field_is_kept_with_its_page(tmp_path):
    path = write_foreign_notice(tmp_path / "n.pdf")
    with pymupdf.open(path) as document:
        document[0].insert_text((80, 60), "内部资料 注意保存", fontsize=16, fontname="china-s")
        document.save(tmp_path / "stray.pdf")

    draft = read_pdf(tmp_path / "stray.pdf")

    assert [(u.where, u.text) for u in draft.unplaced] == [("第1页", "内部资料"),
                                                          ("第1页", "注意保存")]


def test_typed_forms():
    assert parse_date("二〇二二年五月二十日").isoformat() == "2022-05-20"
    assert parse_date("2022年5月20日").isoformat() == "2022-05-20"
    assert parse_date("２０２２年１２月３１日").isoformat() == "2022-12-31"
    assert parse_date("2022年2月30日") is None
    number = find_doc_number("晋文旅发（2023）第 05 号")
    assert number.loose and number.standard == "晋文旅发〔2023〕5号"
    assert not find_doc_number("晋文旅办发〔2022〕46号").loose


def block(text: str, **look) -> Block:
    return Block(text=text, where="第1页", **look)


def test_blocks_from_any_reader_place_the_header_fields():
    blocks = [block("000123"), block("机密★5年"), block("特急"),
              block("某某市人民政府文件", size=36, red=True, align="center"),
              block("某政发〔2024〕3号", size=16, align="center"),
              block("某某市人民政府关于", size=22, align="center"),
              block("某项工作的通知", size=22, align="center"),
              block("各区人民政府：", size=16),
              block("正文第一段。", size=16, indent=2),
              block("某某市人民政府", size=16, align="right"),
              block("2024年1月2日", size=16, align="right")]

    data = recognise(blocks, source="x").data

    assert (data["copy_number"], data["secrecy"], data["urgency"]) == ("000123", "机密★5年",
                                                                        "特急")
    assert data["title"] == "某某市人民政府关于某项工作的通知"
    assert data["body"] == ["正文第一段。"]
    assert data["issuer"]["name"] == "某某市人民政府"


def test_a_file_without_any_field_says_what_is_missing():
    draft = recognise([block("随便写的一段话。", size=16)], source="x")

    kinds = {mark.path: mark.kind for mark in draft.marks}
    assert kinds["issuer.mark"] == kinds["doc_number"] == kinds["title"] == "待定"
    assert kinds["signature.date"] == "待定"
    assert draft.data["body"] == ["随便写的一段话。"]
