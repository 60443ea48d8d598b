"""时限 cells read as dates, recurrences or ongoing work, in the notice's year; what cannot be
read is a located lint warning."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from support.yaml_files import load_yaml, write_yaml

from docgen.notice.deadlines import (
    HALF_YEARLY,
    MONTHLY,
    ONGOING,
    QUARTERLY,
    YEARLY,
    is_deadline_column,
    parse_deadline,
)
from docgen.notice.extends import load_file
from docgen.notice.lint import lint

CORPUS = Path(__file__).parents[2] / "corpus"
D = dt.date

DATED = [  # (as written, the date due when the notice is of 2022)
    ("年底前", D(2022, 12, 31)),
    ("年内完成", D(2022, 12, 31)),
    ("本年度", D(2022, 12, 31)),
    ("6月底前", D(2022, 6, 30)),
    ("６月底前", D(2022, 6, 30)),
    ("十二月底前", D(2022, 12, 31)),
    ("10月", D(2022, 10, 31)),
    ("8月前", D(2022, 8, 31)),
    ("6月中旬", D(2022, 6, 20)),
    ("3月上旬", D(2022, 3, 10)),
    ("2月份", D(2022, 2, 28)),
    ("2023年6月30日前", D(2023, 6, 30)),
    ("2023年9月底前", D(2023, 9, 30)),
    ("2022年11月底", D(2022, 11, 30)),
    ("2024年12月", D(2024, 12, 31)),
    ("2023年", D(2023, 12, 31)),
    ("2023年底前", D(2023, 12, 31)),
    ("上半年", D(2022, 6, 30)),
    ("下半年", D(2022, 12, 31)),
    ("第三季度", D(2022, 9, 30)),
    ("一季度末", D(2022, 3, 31)),
    ("前三季度", D(2022, 9, 30)),
    ("明年3月", D(2023, 3, 31)),
    ("次年一季度", D(2023, 3, 31)),
    ("9月30日", D(2022, 9, 30)),
    ("2021年2月公布预算信息，2021年8月公布上年度决算信息", D(2021, 8, 31)),
]


@pytest.mark.parametrize(("text", "due"), DATED)
def test_a_dated_deadline_reads_as_its_last_day(text, due):
    deadline = parse_deadline(text, 2022)
    assert deadline is not None and deadline.due == due and deadline.recurrence is None


@pytest.mark.parametrize(("text", "recurrence"), [
    ("每月", MONTHLY), ("按月报送", MONTHLY), ("每季度", QUARTERLY), ("按季度", QUARTERLY),
    ("每半年", HALF_YEARLY), ("每年", YEARLY), ("持续推进", ONGOING), ("长期坚持", ONGOING),
    ("长期推进", ONGOING), ("常态化开展", ONGOING), ("及时", ONGOING), ("定期", ONGOING)])
def test_a_recurring_or_ongoing_deadline_has_no_date(text, recurrence):
    deadline = parse_deadline(text, 2022)
    assert deadline is not None and deadline.due is None and deadline.recurrence == recurrence


@pytest.mark.parametrize("text", ["", "  ", "视情况", "尽快研究", "13月底前", "2月30日"])
def test_what_says_no_time_is_not_guessed(text):
    assert parse_deadline(text, 2022) is None


def test_overdue_only_past_a_fixed_date():
    due = parse_deadline("6月底前", 2022)
    assert not due.overdue(D(2022, 6, 30)) and due.overdue(D(2022, 7, 1))
    assert not parse_deadline("每季度", 2022).overdue(D(2030, 1, 1))
    assert not parse_deadline("持续推进", 2022).overdue(D(2030, 1, 1))


def test_a_recurrence_is_next_due_at_the_end_of_its_running_period():
    assert parse_deadline("每季度", 2022).next_due(D(2022, 11, 5)) == D(2022, 12, 31)
    assert parse_deadline("每月", 2022).next_due(D(2022, 2, 3)) == D(2022, 2, 28)
    assert parse_deadline("每半年", 2022).next_due(D(2022, 2, 3)) == D(2022, 6, 30)
    assert parse_deadline("持续推进", 2022).next_due(D(2022, 2, 3)) is None


@pytest.mark.parametrize(("header", "is_one"), [
    ("时限要求", True), ("完成时限", True), ("完成时间", True), ("时间要求", True),
    ("具体要求", False), ("责任单位", False)])
def test_deadline_columns_are_known_by_their_header(header, is_one):
    assert is_deadline_column(header) is is_one


def corpus_deadlines():
    for path in sorted(CORPUS.glob("*.yaml")):
        if path.name.endswith(".expected.yaml"):
            continue
        yield from _cells(load_yaml(path), path.name)


def _cells(node, name):
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and is_deadline_column(key) and value != "〃":
                yield pytest.param(value, id=f"{name}:{value}")
            else:
                yield from _cells(value, name)
    elif isinstance(node, list):
        for item in node:
            yield from _cells(item, name)


@pytest.mark.parametrize("text", list(corpus_deadlines()))
def test_every_deadline_in_the_corpus_reads(text):
    assert parse_deadline(text, 2022) is not None


def test_lint_warns_of_an_unreadable_deadline_where_it_stands(tmp_path):
    data = load_yaml(CORPUS / "gd-wjw-2021-zwgk.yaml")
    path = ["attachments", 0, "table", "rows"]
    rows = data
    for key in path:
        rows = rows[key]
    leaf = rows[0]
    while leaf.get("items"):
        leaf = leaf["items"][0]
    column = next(key for key in leaf if is_deadline_column(key))
    leaf[column] = "视工作进展而定"
    changed = write_yaml(copy.deepcopy(data), tmp_path / "case.yaml")
    found = [f for f in lint(load_file(changed)) if f.rule == "DEADLINE"]
    assert len(found) == 1
    assert "视工作进展而定" in found[0].render() and found[0].problem.line is not None
    assert found[0].severity == "警告"


def test_lint_is_quiet_on_the_corpus_deadlines():
    for path in sorted(CORPUS.glob("*.yaml")):
        if not path.name.endswith(".expected.yaml"):
            assert not [f for f in lint(load_file(path)) if f.rule == "DEADLINE"], path.name
