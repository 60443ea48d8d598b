"""docgen diff: identical notices, and an edited copy whose edits are listed exactly."""


from __future__ import annotations

import copy

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from support.sample_text import edited_copy

from docgen.cli import main
from docgen.notice.diff import diff_notices
from docgen.notice.extends import load_file
from docgen.notice.source import Source
from docgen.notice.validate import validate
from docgen.resources import SAMPLE


def test_identical_notices_differ_in_nothing():
    result = CliRunner().invoke(main, ["diff", str(SAMPLE), str(SAMPLE)])
    assert result.exit_code == 0
    assert "两份通知相同" in result.output


def test_an_edited_copy_lists_exactly_its_edits(tmp_path):
    notice = validate(load_file(SAMPLE))
    changes = diff_notices(notice, validate(load_file(edited_copy(tmp_path)))).changes
    summary = {(c.kind, c.where) for c in changes}
    assert ("修改", "发文字号") in summary
    assert ("修改", "任务 1.3 具体要求") in summary
    assert ("修改", "任务 2.5 责任处室") in summary
    assert {("删除", f"任务 2.5 {unit}") for unit in ("产业处", "人事处", "行政审批处",
                                                    "财务处")} <= summary
    assert ("删除", "任务 3.5") in summary
    assert any(c.kind == "新增" and "政务公开培训：组织全厅政务公开业务培训" in c.new
               for c in changes)
    assert len(changes) == 9  # nothing else: the renumbered rows after the insert are not edits
    result = CliRunner().invoke(main, ["diff", str(SAMPLE), str(edited_copy(tmp_path))])
    assert result.exit_code == 1
    assert "共 9 处不同" in result.output


@settings(max_examples=25, deadline=None)
@given(paragraphs=st.lists(st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                                   min_size=1, max_size=30), min_size=1, max_size=5))
def test_a_notice_never_differs_from_itself(paragraphs):
    data = copy.deepcopy(load_file(SAMPLE).data)
    data["body"] = paragraphs
    notice = validate(Source("same.yaml", data))
    assert diff_notices(notice, notice).identical


def test_changed_words_are_bracketed():
    from docgen.notice.diff import mark_words
    assert mark_words("网站年度报表等公开工作", "网站年度报表和统计数据等公开工作") == (
        "网站年度报表等公开工作", "网站年度报表【和统计数据】等公开工作")
    assert mark_words("各相关处室配合", "法规处配合") == (
        "【各相关】处【室】配合", "【法规】处配合")
