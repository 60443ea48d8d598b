"""docgen diff: identical notices, an edited copy whose edits are listed exactly, and the
修订对照表 rows a reader can use (whole words marked, trivial fixes in one row, one row per
reassignment, rows cited as the printed table shows them)."""


from __future__ import annotations

import copy
import re

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from support.sample_text import edit, edited_copy

from docgen.cli import main
from docgen.errors import ExitCode
from docgen.notice.diff import Diff, diff_notices
from docgen.notice.extends import load_file
from docgen.notice.revision import mark_words, revision_rows, revision_title
from docgen.notice.source import Source, load_bytes
from docgen.notice.validate import validate
from docgen.resources import SAMPLE

SAMPLE_NOTICE = validate(load_file(SAMPLE))
COMMA_LINES = ("办公室把关,各处室落实抓好落实", "办公室牵头,发展中心配合 办公室牵头,法规处配合",
               "法规处把关,办公室负责报送,各发文处室落实")


def diff_to(text: str) -> Diff:
    return diff_notices(SAMPLE_NOTICE, validate(load_bytes(text.encode("utf-8"), "new.yaml")))


def bigger_edit() -> str:
    """Next year's edit as a clerk makes it: new 文号 and title, commas made full width, a
    space and a digit width fixed, one unit replaced, roles swapped, a lead made a helper."""
    return edit(("doc_number: 晋文旅办发〔2022〕46号", "doc_number: 晋文旅办发〔2023〕12号"),
                ("办公室关于印发2022年", "办公室关于印发2023年"),
                *((line, line.replace(",", "，")) for line in COMMA_LINES),
                ("印发 2022 年度", "印发2022年度"), ("2023年起", "２０２３年起"),
                ("行政审批处牵头，发展中心配合", "行政审批处牵头，法规处配合"),
                ("责任处室: 办公室牵头,发展中心配合\n            - 工作内容: 优化网站栏目",
                 "责任处室: 发展中心牵头，办公室配合\n            - 工作内容: 优化网站栏目"),
                ("人事处、财务处牵头,发展中心配合", "人事处牵头，财务处配合"))


def test_identical_notices_differ_in_nothing():
    result = CliRunner().invoke(main, ["diff", str(SAMPLE), str(SAMPLE)])
    assert result.exit_code == 0
    assert "两份通知相同" in result.output


def test_an_edited_copy_lists_exactly_its_edits(tmp_path):
    changes = diff_notices(SAMPLE_NOTICE, validate(load_file(edited_copy(tmp_path)))).changes
    summary = {(c.kind, c.where) for c in changes}
    assert summary == {("修改", "发文字号"), ("修改", "序号1第3行 具体要求"),
                       ("修改", "序号2第5行 责任处室"), ("删除", "原序号3第5行"),
                       ("新增", "序号4第4行")}
    added = next(c for c in changes if c.kind == "新增")
    assert "政务公开培训" in added.new and "组织全厅政务公开业务培训" in added.new
    # nothing else: the renumbered rows after the insert are not edits
    result = CliRunner().invoke(main, ["diff", str(SAMPLE), str(edited_copy(tmp_path))])
    assert result.exit_code == 1
    assert "共 5 处不同" in result.output


@settings(max_examples=25, deadline=None)
@given(paragraphs=st.lists(st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                                   min_size=1, max_size=30), min_size=1, max_size=5))
def test_a_notice_never_differs_from_itself(paragraphs):
    data = copy.deepcopy(load_file(SAMPLE).data)
    data["body"] = paragraphs
    notice = validate(Source("same.yaml", data))
    assert diff_notices(notice, notice).identical


def test_changed_words_are_bracketed_whole():
    assert mark_words("晋文旅办发〔2022〕46号", "晋文旅办发〔2023〕12号") == (
        "晋文旅办发〔【2022】〕【46】号", "晋文旅办发〔【2023】〕【12】号")
    assert mark_words("网站年度报表等公开工作", "网站年度报表和统计数据等公开工作") == (
        "网站年度报表等公开工作", "网站年度报表【和统计数据】等公开工作")
    assert mark_words("办公室牵头,各相关处室配合", "办公室牵头,法规处配合") == (
        "办公室牵头,【各相关处室】配合", "办公室牵头,【法规处】配合")


def test_punctuation_and_width_fixes_make_one_row():
    rows = revision_rows(diff_to(edit(*((line, line.replace(",", "，")) for line in COMMA_LINES),
                                      ("印发 2022 年度", "印发2022年度"),
                                      ("2023年起", "２０２３年起"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["说明"] == "标点、全半角修正5处"
    assert "序号2第2行、序号2第4行、序号4第1行" in row["原内容"] and "“,”" in row["原内容"]
    assert "改为“，”" in row["修改后内容"]
    assert "空格" in row["原内容"] and "“2023”" in row["原内容"]


def test_a_reassignment_is_one_row(tmp_path):
    rows = revision_rows(diff_notices(SAMPLE_NOTICE, validate(load_file(edited_copy(tmp_path)))))
    about = [row for row in rows if row["位置"].startswith("序号2第5行")]
    assert len(about) == 1
    assert about[0]["说明"] == "调整分工：产业处、行政审批处、人事处、财务处不再配合"
    assert about[0]["原内容"] == "办公室牵头,【各相关处室】配合"
    assert not any("分工）" in row["说明"] for row in rows)


def test_each_kind_of_reassignment_reads_as_one_row():
    rows = {row["位置"]: row for row in revision_rows(diff_to(bigger_edit()))}
    assert rows["序号2第1行 责任处室"]["说明"] == "调整分工：配合由发展中心改为法规处"
    assert rows["序号4第2行 责任处室"]["说明"] == (
        "调整分工：办公室由牵头改为配合；发展中心由配合改为牵头")
    assert rows["序号5第1行 责任处室"]["说明"] == (
        "调整分工：财务处由牵头改为配合；发展中心不再配合")
    assert set(rows) == {"发文字号", "标题", "序号2第1行 责任处室", "序号4第2行 责任处室",
                         "序号5第1行 责任处室", "多处"}
    assert rows["多处"]["说明"] == "标点、全半角修正5处"


def test_rows_are_cited_as_the_printed_table_numbers_them():
    numbered = edit(("- {name: 具体要求, width: 86}",
                     "- {name: 项, width: 6}\n        - {name: 具体要求, width: 86}"),
                    ("序号: 2", "序号: 二、"),
                    ("  - 具体要求: 2023年起", "  - 项: 3\n                  具体要求: 2023年起"))
    base = validate(load_bytes(numbered.encode("utf-8"), "old.yaml"))
    changed = numbered.replace("使用统一“晋文旅规”字号", "使用统一的“晋文旅规”字号")
    result = diff_notices(base, validate(load_bytes(changed.encode("utf-8"), "new.yaml")))
    assert [c.where for c in result.changes] == ["序号二、3 具体要求"]
    wheres = [row["位置"] for row in revision_rows(diff_to(bigger_edit()))]
    assert not any(re.search(r"任务|\d\.\d", where) for where in wheres)


def test_the_revision_title_names_the_notice_and_both_numbers():
    new = validate(load_bytes(bigger_edit().encode("utf-8"), "new.yaml"))
    title, subtitle = revision_title(diff_notices(SAMPLE_NOTICE, new), new)
    assert title.replace("\n", "") == "《关于印发2023年政务公开重点工作任务分工的通知》修订对照表"
    assert subtitle == "（原晋文旅办发〔2022〕46号　修订后晋文旅办发〔2023〕12号）"


def test_diff_refuses_a_duplicated_row_id(tmp_path):
    """Tasks are matched by id: a copy-pasted row with its id would pair at random."""
    row = (" " * 16 + "- 具体要求: 协调厅领导按要求出席省政府新闻发布会，"
           "重大活动积极协调厅主要领导参加。\n" + " " * 18 + "责任处室: 办公室\n")
    with_id = row.replace("- 具体要求", "- id: t7\n                  具体要求")
    copied = tmp_path / "copied.yaml"
    copied.write_text(edit((row, with_id + with_id)), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(SAMPLE), str(copied)])
    assert result.exit_code == ExitCode.DATA, result.output
    assert "id“t7”重复" in result.stderr
