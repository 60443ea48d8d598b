"""Per-unit task lists: the right rows for each unit, the notice's numbering kept, safe file
names, the summary."""


from __future__ import annotations

import copy

import pytest

from docgen.errors import DataError
from docgen.notice import tasks as extract
from docgen.notice.extends import load_file
from docgen.notice.source import Source
from docgen.notice.validate import validate
from docgen.pipelines.publish import unique_stems
from docgen.resources import SAMPLE

NOTICE = validate(load_file(SAMPLE))


TABLE = dict(extract.task_tables(NOTICE))[0]


def rows_of(unit: str) -> list[int]:
    return [leaf.number for leaf, _ in extract.plan(NOTICE, [unit])[0].leaves]


def requirement(number: int) -> str:
    leaf = extract.leaves(TABLE, NOTICE.units)[number - 1]
    return leaf.row["具体要求"]


def test_each_unit_gets_the_rows_that_name_it():
    legal = rows_of("法规处")
    assert any("晋文旅规" in requirement(n) and "栏目" in requirement(n) for n in legal)
    assert any("司法厅备案" in requirement(n) for n in legal)  # 规范性文件报备
    personnel = rows_of("人事处")
    assert any("预算、决算" in requirement(n) for n in personnel)
    assert not any("安全检查" in requirement(n) for n in personnel)


def test_every_row_belongs_to_some_unit():
    assert extract.orphans(NOTICE) == []
    covered = {n for e in extract.plan(NOTICE) for n in (leaf.number for leaf, _ in e.leaves)}
    assert covered == set(range(1, 26))


def test_an_orphan_row_is_reported():
    data = copy.deepcopy(load_file(SAMPLE).data)
    data["attachments"][0]["table"]["rows"][4]["items"][0]["items"][1]["责任处室"] = "另行安排"
    assert extract.orphans(validate(Source("o.yaml", data))) == ["5.2"]  # 序号5, its 2nd row


def test_extract_table_keeps_numbering_groups_and_adds_role_and_report_columns():
    item = extract.plan(NOTICE, ["法规处"])[0]
    table = extract.extract_table(TABLE, item)
    assert table.column_names[-2:] == ["角色", "落实情况"]
    numbers = [row["序号"] for row in table.rows]
    assert numbers == ["1", "2", "3", "4"]  # the notice's 序号 of the groups it appears in
    leaves = [leaf for _, leaf in _walk(table.rows)]
    assert len(leaves) == len(item.leaves)
    roles = {leaf["具体要求"][:8]: leaf["角色"] for leaf in leaves}
    assert "负责（把关）" in roles.values()  # 法规处把关，…，各发文处室落实
    assert all(leaf["落实情况"] is None for leaf in leaves)


def _walk(rows, depth=0):
    for row in rows:
        if row.get("items"):
            yield from _walk(row["items"], depth + 1)
        else:
            yield depth, row


def test_titles_follow_the_notice():
    assert extract.extract_title(NOTICE, "办公室") == "2022年政务公开重点工作任务分工（办公室）"


@pytest.mark.parametrize("names", [
    ["../x", "a/b", "a_b", "a\x00b", "长" * 300, "CON", "办公室", "办公室"],
])
def test_hostile_unit_names_give_safe_distinct_file_names(names):
    stems = unique_stems(names)
    assert len(set(stems)) == len(stems)
    for stem in stems:
        assert "/" not in stem and "\\" not in stem and "\x00" not in stem
        assert stem not in (".", "..") and not stem.startswith(".")
        assert len(stem.encode("utf-8")) <= 190
        assert stem.split(".")[0].upper() != "CON"


def test_unknown_unit_is_refused_with_the_list():
    from docgen.errors import UsageError

    with pytest.raises(UsageError) as caught:  # a slip on the command line: exit 2, not 3
        extract.plan(NOTICE, ["法规科"])
    assert "单位名录中没有“法规科”" in caught.value.render()
    assert "法规处" in caught.value.render()


def test_the_report_column_is_configurable():
    data = copy.deepcopy(load_file(SAMPLE).data)
    data["units"]["report_column"] = None
    notice = validate(Source("r.yaml", data))
    item = extract.plan(notice, ["法规处"])[0]
    table = extract.extract_table(TABLE, item, notice.units.report_column)
    assert table.column_names[-1] == "角色"


def test_extract_without_a_responsibility_column_is_refused():
    data = copy.deepcopy(load_file(SAMPLE).data)
    data["units"]["column"] = "责任单位"
    with pytest.raises(DataError) as caught:
        extract.plan(validate(Source("c.yaml", data)))
    assert "没有哪个附件表格有“责任单位”列" in caught.value.render()
