"""Single fields of a typed notice: loose 文号, dates in 〇 numerals, the author's title
breaks, text that fits nowhere, missing parts marked, hostile packages refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from support.hostile_docx import hostile
from support.word_typed import line

from docgen.errors import DocgenError, ExitCode
from docgen.ingest.wordfile import read_docx

FULL = "\u3000"


def typed(tmp_path: Path, lines: list[str | dict], name: str = "typed.docx") -> Path:
    """A notice typed line by line: a str is a plain line, a dict gives line()'s options."""
    document = docx.Document()
    for item in lines:
        if isinstance(item, str):
            line(document, item)
        else:
            line(document, **item)
    path = tmp_path / name
    document.save(str(path))
    return path


def notice_lines(number: str = "晋文旅办发〔2023〕5号", date: str = "2023年5月18日",
                 title: dict | None = None) -> list[str | dict]:
    return [
        {"text": "山西省文化和旅游厅办公室文件", "size": 36, "red": True, "align": "center"},
        "", {"text": number, "align": "center"}, "",
        title or {"text": "关于做好2023年政务公开工作的通知", "size": 22, "align": "center"},
        "", "机关各处室：", f"{FULL * 2}一、总体要求", f"{FULL * 2}认真做好各项工作。",
        f"{FULL * 2}特此通知。", "", "", "",
        {"text": "山西省文化和旅游厅办公室", "align": "right"},
        {"text": date, "align": "right"}, f"{FULL * 2}（此件公开发布）", "",
        f"{FULL}山西省文化和旅游厅办公室{FULL * 6}2023年5月18日印发",
    ]


def test_a_plain_typed_notice_fills_every_field(tmp_path: Path) -> None:
    data = read_docx(typed(tmp_path, notice_lines())).data
    assert data["issuer"] == {"mark": "山西省文化和旅游厅办公室文件",
                              "name": "山西省文化和旅游厅办公室"}
    assert data["doc_number"] == "晋文旅办发〔2023〕5号"
    assert data["recipients"] == "机关各处室："
    assert data["body"] == ["一、总体要求", "认真做好各项工作。", "特此通知。"]
    assert data["signature"] == {"date": "2023-05-18", "sealed": "true"}
    assert data["note"] == "（此件公开发布）"
    assert data["imprint"] == {"printer": "山西省文化和旅游厅办公室", "print_date": "2023-05-18"}


@pytest.mark.parametrize("number", ["晋文旅办发[2023]第05号", "晋文旅办发(2023)5号"])
def test_a_loose_doc_number_is_kept_as_typed_marked_and_noted(tmp_path: Path,
                                                              number: str) -> None:
    draft = read_docx(typed(tmp_path, notice_lines(number=number)))
    assert draft.data["doc_number"] == number
    mark = next(m for m in draft.marks if m.path == "doc_number")
    assert mark.kind == "待核"
    assert "晋文旅办发〔2023〕5号" in mark.reason
    assert any(number in note and "晋文旅办发〔2023〕5号" in note for note in draft.notes)


def test_a_date_in_chinese_numerals_is_a_date(tmp_path: Path) -> None:
    draft = read_docx(typed(tmp_path, notice_lines(date="二〇二三年五月十八日")))
    assert draft.data["signature"]["date"] == "2023-05-18"


def test_title_breaks_the_author_chose_are_kept_and_docgens_own_are_not(tmp_path: Path) -> None:
    own = {"breaks": ["山西省文化和旅游厅办公室", "关于做好2023年政务公开工作的通知"],
           "size": 22, "align": "center"}
    authors = {"breaks": ["山西省文化和旅游厅办公室关于做好", "2023年政务公开工作的通知"],
               "size": 22, "align": "center"}
    assert read_docx(typed(tmp_path, notice_lines(title=own), "own.docx")).data["title"] == \
        "山西省文化和旅游厅办公室关于做好2023年政务公开工作的通知"
    assert read_docx(typed(tmp_path, notice_lines(title=authors), "author.docx")).data[
        "title"] == "山西省文化和旅游厅办公室关于做好\n2023年政务公开工作的通知"


def test_text_that_fits_no_field_is_kept_with_where_it_was(tmp_path: Path) -> None:
    draft = read_docx(typed(tmp_path, [*notice_lines(), "（共印10份）"]))
    assert [(u.where, u.text) for u in draft.unplaced] == [("第19段", "（共印10份）")]


def test_missing_parts_are_marked_to_be_filled_in(tmp_path: Path) -> None:
    draft = read_docx(typed(tmp_path, ["关于做好2023年政务公开工作的通知", "机关各处室：",
                                       f"{FULL * 2}认真做好各项工作。"]))
    assert draft.data["title"] == "关于做好2023年政务公开工作的通知"
    assert draft.data["body"] == ["认真做好各项工作。"]
    missing = {m.path for m in draft.marks if m.kind == "待定"}
    assert missing == {"issuer.mark", "issuer.name", "doc_number", "signature.date",
                       "imprint.printer", "imprint.print_date"}
    assert draft.data["doc_number"] == "【待定】"


def test_several_attachments_named_in_the_note_and_given_as_paragraphs(tmp_path: Path) -> None:
    lines = notice_lines()
    at = lines.index(f"{FULL * 2}特此通知。") + 1
    lines[at:at] = ["", f"{FULL * 2}附件：1．工作", f"{FULL * 5}要点", f"{FULL * 5}2．联系人名单"]
    lines += ["附件1", "", {"text": "工作要点", "size": 22, "align": "center"}, "",
              f"{FULL * 2}一、加强政策解读", "附件2", "",
              {"text": "联系人名单", "size": 22, "align": "center"}, f"{FULL * 2}张某某，办公室"]
    draft = read_docx(typed(tmp_path, lines))
    assert draft.data["attachments"] == [  # the first name wrapped onto a line of its own
        {"title": "工作要点", "paragraphs": ["一、加强政策解读"]},
        {"title": "联系人名单", "paragraphs": ["张某某，办公室"]}]
    assert draft.data["body"] == ["一、总体要求", "认真做好各项工作。", "特此通知。"]
    assert draft.unplaced == []


def test_a_package_with_a_doctype_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = hostile(tmp_path, document=lambda xml: xml.replace(
        "<w:document", '<!DOCTYPE w:document [<!ENTITY a "aaaa">]><w:document', 1))
    with pytest.raises(DocgenError) as caught:
        read_docx(path)
    assert caught.value.exit_code == ExitCode.DATA
    assert "DOCTYPE" in caught.value.render()


def test_a_zip_that_is_no_docx_is_refused_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(DocgenError) as caught:
        read_docx(path)
    assert caught.value.exit_code == ExitCode.DATA
    assert "不是有效的" in caught.value.render()


def test_table_only_reads_the_first_table_titled_by_the_line_above_it(tmp_path: Path) -> None:
    from support.notice_print import data_of
    from support.word_typed import type_notice

    from docgen.resources import SAMPLE

    source = data_of(SAMPLE)
    draft = read_docx(type_notice(source, tmp_path / "typed.docx"), table_only=True)
    assert list(draft.data) == ["attachments"]
    attachment = draft.data["attachments"][0]
    assert attachment["title"] == source["attachments"][0]["title"]
    assert attachment["table"]["rows"] == source["attachments"][0]["table"]["rows"]
    assert draft.marks == []


def test_table_only_without_a_table_says_so(tmp_path: Path) -> None:
    with pytest.raises(DocgenError) as caught:
        read_docx(typed(tmp_path, notice_lines()), table_only=True)
    assert "没有表格" in caught.value.render()


def test_a_file_with_only_the_attachment_gives_it_and_marks_the_notice_missing(
        tmp_path: Path) -> None:
    document = docx.Document()
    line(document, "附件", font="黑体")
    line(document, "重点工作任务分工表", size=22, align="center")
    table = document.add_table(rows=3, cols=2)
    for r, (task, unit) in enumerate([("任务", "责任单位"), ("公布政策", "办公室"),
                                      ("做好解读", "发展中心")]):
        table.cell(r, 0).text, table.cell(r, 1).text = task, unit
    document.save(str(tmp_path / "table.docx"))
    draft = read_docx(tmp_path / "table.docx")
    attachment = draft.data["attachments"][0]
    assert attachment["title"] == "重点工作任务分工表"
    assert [row["任务"] for row in attachment["table"]["rows"]] == ["公布政策", "做好解读"]
    assert {"title", "doc_number", "body[0]"} <= {m.path for m in draft.marks}
    assert draft.unplaced == []


def test_a_cc_list_wrapped_by_hand_is_one_cc(tmp_path: Path) -> None:
    lines = notice_lines()
    lines[-1:-1] = [f"{FULL}抄送：省政务公开办，省文化和旅游厅各处室，",
                    f"{FULL}各市文化和旅游局。"]
    draft = read_docx(typed(tmp_path, lines))
    assert draft.data["imprint"]["cc"] == "省政务公开办，省文化和旅游厅各处室，各市文化和旅游局。"
    assert draft.unplaced == []


def test_an_attachment_named_otherwise_in_the_note_is_marked(tmp_path: Path) -> None:
    lines = notice_lines()
    at = lines.index(f"{FULL * 2}特此通知。") + 1
    lines[at:at] = ["", f"{FULL * 2}附件：工作要点"]
    lines += ["附件", {"text": "2023年工作要点", "size": 22, "align": "center"},
              f"{FULL * 2}一、加强政策解读"]
    draft = read_docx(typed(tmp_path, lines))
    assert draft.data["attachments"][0]["title"] == "2023年工作要点"
    mark = next(m for m in draft.marks if m.path == "attachments[0].title")
    assert (mark.kind, "工作要点" in mark.reason) == ("待核", True)


def test_a_fields_result_is_text_its_code_and_deleted_text_are_not(tmp_path: Path) -> None:
    from lxml import etree

    path = typed(tmp_path, notice_lines(date="DATE_LINE"))
    document = docx.Document(str(path))
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    dated = next(p for p in document.paragraphs if p.text == "DATE_LINE")
    for run in list(dated.runs):
        run._r.getparent().remove(run._r)
    dated._p.extend(etree.fromstring(f'<w:x xmlns:w="{w}">{xml}</w:x>')[0] for xml in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText> DATE \\@ "yyyy年M月d日" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        '<w:r><w:t>2023年5月18日</w:t></w:r>',
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    body = next(p for p in document.paragraphs if p.text.endswith("认真做好各项工作。"))
    body._p.append(etree.fromstring(
        f'<w:del xmlns:w="{w}" w:id="1" w:author="x"><w:r><w:delText>删掉的话</w:delText></w:r>'
        '</w:del>'))
    document.save(str(path))
    draft = read_docx(path)
    assert draft.data["signature"]["date"] == "2023-05-18"
    assert draft.data["body"][1] == "认真做好各项工作。"
    assert draft.unplaced == []


def test_a_title_quoting_a_doc_number_is_the_title_not_the_number(tmp_path: Path) -> None:
    title = "关于转发晋政办发〔2022〕38号文件的通知"
    lines = notice_lines(title={"text": title, "size": 22, "align": "center"})
    del lines[1:4]  # no 发文字号 under the mark
    draft = read_docx(typed(tmp_path, lines))
    assert draft.data["title"] == title
    assert draft.data["doc_number"] == "【待定】"
    assert draft.unplaced == []


def test_a_second_signing_organ_is_listed_not_taken_for_body_text(tmp_path: Path) -> None:
    lines = notice_lines()
    organ = lines.index(next(item for item in lines if isinstance(item, dict)
                             and item.get("text") == "山西省文化和旅游厅办公室"
                             and item.get("align") == "right"))
    lines.insert(organ + 1, {"text": "山西省财政厅办公室", "align": "right"})
    draft = read_docx(typed(tmp_path, lines))
    assert draft.data["body"] == ["一、总体要求", "认真做好各项工作。", "特此通知。"]
    assert draft.data["signature"]["date"] == "2023-05-18"
    assert [u.text for u in draft.unplaced] == ["山西省财政厅办公室"]
