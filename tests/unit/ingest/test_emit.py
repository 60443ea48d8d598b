"""emit: a Draft written as a commented data file that loads, validates once its marks are
resolved, and passes lint --draft with only its marks left."""

from __future__ import annotations

import copy
import re

import pytest

from docgen.ingest.draft import Draft, Mark, Unplaced
from docgen.ingest.emit import emit, scalar
from docgen.notice.extends import load_file
from docgen.notice.next_year import REVIEW
from docgen.notice.source import load_bytes
from docgen.notice.validate import validate
from docgen.notice.verdict import assess
from docgen.resources import SAMPLE

SAMPLE_DATA = load_file(SAMPLE).data
TABLE = SAMPLE_DATA["attachments"][0]["table"]


def table_draft(**changes) -> Draft:
    data = {"attachments": [{"title": "重点工作任务分工表", "table": copy.deepcopy(TABLE)}]}
    draft = Draft(data, "分工表.xlsx", marks=[
        Mark("attachments[0].table.levels", "待核", "原表的分组单元格没有合并，请核对"),
        Mark("attachments[0].table.rows[2].items[0]", "待核", "原表此处横向合并了 2 列")],
        unplaced=[Unplaced("分工表!A1", "附件"), Unplaced("分工表!A30", "注：两行\n第二行")])
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def test_every_mark_is_on_its_line_and_every_unplaced_text_is_listed():
    emitted = emit(table_draft())
    lines = lines_of(emitted.text)
    for mark in emitted.marks:
        line = lines[mark.line - 1]
        if mark.kind == "待核":
            assert f"{REVIEW}{mark.reason}" in line, (mark, line)
        else:
            assert "【待定】" in line.split("#")[0], (mark, line)
    levels = next(m for m in emitted.marks if m.path.endswith("levels"))
    assert lines[levels.line - 1].strip().startswith("levels:")
    row = next(m for m in emitted.marks if m.path.endswith("items[0]"))
    assert "工作内容: 及时回应社会关切" in lines[row.line - 1]
    assert "# 分工表!A1：附件" in lines
    assert "# 分工表!A30：注：两行" in lines and "#     第二行" in lines


def test_missing_fields_are_placeholders_the_table_and_units_come_through():
    emitted = emit(table_draft())
    source = load_bytes(emitted.text.encode(), "import.yaml")
    assert source.data["attachments"][0]["table"] == TABLE
    assert source.data["issuer"] == {"mark": "【待定】", "name": "【待定】"}
    assert re.fullmatch(r"待定〔20\d\d〕【待定】号", source.data["doc_number"])
    assert source.data["title"] == "关于印发重点工作任务分工表的通知"
    assert source.data["units"]["columns"] == {"责任处室": "parse"}
    assert "办公室" in [member["name"] for member in source.data["units"]["members"]]
    pending = {m.path for m in emitted.marks if m.kind == "待定"}
    assert {"issuer.mark", "doc_number", "body[0]", "signature.date",
            "imprint.print_date"} <= pending


def test_lint_draft_passes_with_only_the_marks_left_and_a_final_lint_refuses_each():
    emitted = emit(table_draft())
    source = load_bytes(emitted.text.encode(), "import.yaml")
    assert [f.problem for f in assess(source, draft=True).errors] == []
    final = [f for f in assess(source).errors if f.rule == "PENDING"]
    assert sorted(f.problem.line for f in final) == sorted({m.line for m in emitted.marks})


def test_once_the_marks_are_resolved_the_file_validates():
    text = emit(table_draft()).text
    filled = {"mark: 【待定】": "mark: 某某厅办公室文件", "name: 【待定】": "name: 某某厅办公室",
              "待定〔": "某办发〔", "【待定】号": "5号", "- 【待定】": "- 现将分工表印发给你们。",
              "date: 【待定】": "date: 2023-05-20", "printer: 【待定】": "printer: 某某厅办公室",
              "print_date: 【待定】": "print_date: 2023-05-20"}
    for old, new in filled.items():
        text = text.replace(old, new)
    text = re.sub(r" *# 【待核】.*", "", text)
    text = text.replace("    各处室: []", "    各处室: [办公室]").replace(
        "    各相关处室: []", "    各相关处室: [办公室]").replace(
        "    各发文处室: []", "    各发文处室: [办公室]")
    source = load_bytes(text.encode(), "import.yaml")
    notice = validate(source)
    assert notice.attachments[0].table.levels == TABLE["levels"]
    assert [f.problem for f in assess(source).errors] == []


def test_the_recognised_fields_of_a_notice_are_written_in_the_sample_order():
    data = copy.deepcopy(SAMPLE_DATA)
    del data["units"]
    emitted = emit(Draft(data, "通知.docx"))
    source = load_bytes(emitted.text.encode(), "import.yaml")
    keys = [key for key in source.data if source.data[key] not in (None, [])]
    assert keys == ["issuer", "doc_number", "title", "recipients", "body", "signature",
                    "attachments", "units", "imprint"]
    assert validate(source).doc_number == "晋文旅办发〔2022〕46号"
    assert emitted.marks == []


@pytest.mark.parametrize("text", ["1", "null", "~", "- 列表", "a: b", "甲 #乙", "[1]", "{x}",
                                  "'引号", "@x", "=SUM(A1)", "尾部：", "两行\n文字", " 空格",
                                  "tab\tin", "末尾:", "〃", "是"])
def test_any_text_reads_back_as_itself(text):
    assert load_bytes(f"x: {scalar(text)}\n".encode(), "t.yaml").data["x"] == text
    flow = f"x: {{k: {scalar(text, in_flow=True)}}}\n"
    assert load_bytes(flow.encode(), "t.yaml").data["x"]["k"] == text


def test_characters_a_data_file_cannot_hold_are_taken_out_and_marked():
    draft = table_draft(unplaced=[Unplaced("分工表!A1", "附\u202e件")])
    draft.data["attachments"][0]["title"] = "分工表\n（第二行）"
    rows = draft.data["attachments"][0]["table"]["rows"]
    rows[0]["重点任务"] = "以公开\u202e促落实"
    rows[1]["重点任务"] = "以公开\x0b促法治"
    emitted = emit(draft)
    data = load_bytes(emitted.text.encode(), "import.yaml").data
    assert data["attachments"][0]["table"]["rows"][0]["重点任务"] == "以公开促落实"
    assert data["attachments"][0]["table"]["rows"][1]["重点任务"] == "以公开\n促法治"
    lines = lines_of(emitted.text)
    assert all(f"{REVIEW}{m.reason}" in lines[m.line - 1] for m in emitted.marks
               if m.kind == "待核")
    reasons = {m.path: m.reason for m in emitted.marks}
    assert "U+202E" in reasons["attachments[0].table.rows[0].重点任务"]
    assert "\\x0b" in reasons["attachments[0].table.rows[1].重点任务"]
    assert "# 分工表!A1：附〔从右至左强制符 U+202E（会使文字倒序显示）〕件" in emitted.text
