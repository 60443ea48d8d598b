"""docgen next-year: next year's data with placeholders and review marks, comments kept."""


from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.notice.extends import load_file
from docgen.notice.next_year import roll_text
from docgen.notice.validate import validate
from docgen.resources import SAMPLE

SEED = SAMPLE.read_text(encoding="utf-8")


def test_roll_over_keeps_comments_and_marks_what_needs_a_person():
    rolled, points = roll_text(SEED, 2023)
    assert "doc_number: 晋文旅办发〔2023〕【待定】号" in rolled
    assert "关于印发2023年政务公开重点工作任务分工的通知" in rolled
    assert rolled.count("【待定】") == 3  # 序号, 成文日期, 印发日期
    comments = [line for line in SEED.splitlines() if line.lstrip().startswith("#")]
    assert all(comment in rolled for comment in comments)
    assert {p.path for p in points} == {
        "body[0]", "attachments[0].table.rows[0].items[0].items[0].具体要求",
        "attachments[0].table.rows[1].items[2].items[0].具体要求"}
    lines = rolled.splitlines()
    assert all("【待核】" in lines[p.line - 1] for p in points)
    assert "id: t2-3-1" in rolled  # rows get ids for next year's diff


@settings(max_examples=10, deadline=None)
@given(first=st.integers(min_value=2023, max_value=2090), step=st.integers(1, 5))
def test_rolling_twice_equals_rolling_by_two_steps(first, step):
    twice, _ = roll_text(roll_text(SEED, first)[0], first + step)
    direct, _ = roll_text(SEED, first + step)
    fields = re.compile(r"^(?:doc_number|title|  date|  print_date): .*$", re.M)
    assert fields.findall(twice) == fields.findall(direct)
    assert f"〔{first + step}〕" in twice


def test_diff_against_next_year_shows_only_the_expected_fields(tmp_path):
    from docgen.notice.diff import diff_notices
    from docgen.notice.source import load_bytes
    rolled, _ = roll_text(SEED, 2023)
    before = validate(load_file(SAMPLE))
    after = validate(load_bytes(rolled.encode("utf-8"), "rolled.yaml"))  # 【待定】 allowed
    changed = {change.where for change in diff_notices(before, after).changes}
    assert changed == {"发文字号", "标题", "成文日期", "印发日期"}


def test_an_empty_date_is_still_an_error(tmp_path):
    from docgen.errors import DataError
    from docgen.notice.source import load_bytes
    text = SEED.replace("  date: 2022-05-20 ", "  date:            ")
    try:
        validate(load_bytes(text.encode("utf-8"), "empty.yaml"))
    except DataError as error:
        assert "signature.date: 不能为空" in error.render()
    else:
        raise AssertionError("an empty 成文日期 was accepted")


def test_a_file_with_review_marks_of_its_own_rolls_over_with_each_point_on_its_line():
    marked = SEED.replace("recipients: 机关各处室、厅属各单位：   # 主送机关",
                          "recipients: 机关各处室、厅属各单位：   # 【待核】导入时推测的主送机关")
    rolled, points = roll_text(marked, 2023)
    lines = rolled.splitlines()
    assert len(points) == 3
    assert all("含年份" in lines[p.line - 1] for p in points)
    assert "【待核】导入时推测的主送机关" in rolled
