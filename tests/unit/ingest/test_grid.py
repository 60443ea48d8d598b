"""table_from_grid: a grid of merged cells read back into docgen's grouped table."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.tables import printed_grid

from docgen.compose.table import flatten
from docgen.ingest.grid import Cell, Grid, GridError, table_from_grid
from docgen.notice.extends import load_file
from docgen.notice.model import DITTO, Table


def grid(rows: list[list[str | tuple[str, int] | tuple[str, int, int] | None]],
         widths: list[float] | None = None) -> Grid:
    """A grid written row by row: "text", ("text", rowspan), ("text", rowspan, colspan), or
    None where a merged cell from above or the left covers the position."""
    cells = []
    for r, line in enumerate(rows):
        for c, value in enumerate(line):
            if value is None:
                continue
            text, rowspan, colspan = (value, 1, 1) if isinstance(value, str) \
                else (*value, 1)[:3]
            cells.append(Cell(text, r, c, rowspan, colspan, where=f"Sheet1!{'ABCDEFG'[c]}{r + 1}"))
    return Grid(cells, len(rows), len(rows[0]), "分工表.xlsx", col_widths=widths)


def test_merged_group_cells_become_levels_and_merged_detail_cells_ditto():
    result = table_from_grid(grid([
        ["序号", "重点任务", "具体要求", "责任处室"],
        [("1", 2), ("以公开促落实", 2), "公布通知", ("办公室", 2)],
        [None, None, "修订指南", None],
        ["2", "以公开促法治", "报送数据", "审批处"],
    ], widths=[1, 2, 4, 2]))
    assert result.table["levels"] == [["序号", "重点任务"]]
    assert result.table["rows"] == [
        {"序号": "1", "重点任务": "以公开促落实",
         "items": [{"具体要求": "公布通知", "责任处室": "办公室"},
                   {"具体要求": "修订指南", "责任处室": DITTO}]},
        {"序号": "2", "重点任务": "以公开促法治",
         "items": [{"具体要求": "报送数据", "责任处室": "审批处"}]},
    ]
    assert [c["width"] for c in result.table["columns"]] == [11, 22, 44, 22]
    assert result.table["columns"][0]["align"] == "center"
    assert "align" not in result.table["columns"][2]
    assert result.uncertain == []


def test_nested_spans_give_three_levels_after_a_per_row_number():
    result = table_from_grid(grid([
        ["序号", "领域", "任务", "措施", "要求"],
        ["1", ("政务", 4), ("通办", 3), ("扩大", 2), "甲"],
        ["2", None, None, None, "乙"],
        ["3", None, None, "完善", "丙"],
        ["4", None, "优化", "梳理", "丁"],
    ]))
    assert result.table["levels"] == [["领域"], ["任务"], ["措施"]]
    first = result.table["rows"][0]
    assert first["领域"] == "政务"
    assert first["items"][0]["items"][0]["items"] == [{"序号": "1", "要求": "甲"},
                                                      {"序号": "2", "要求": "乙"}]


def test_merged_cells_crossing_a_group_are_not_a_level():
    result = table_from_grid(grid([
        ["任务", "要求", "时限"],
        [("甲", 2), "一", "三月"],
        [None, "二", ("六月", 2)],
        ["乙", "三", None],
    ]))
    assert result.table["levels"] == [["任务"]]
    assert result.table["rows"][1]["items"] == [{"要求": "三", "时限": DITTO}]


def test_blank_cells_under_merged_groups_join_the_inner_group():
    result = table_from_grid(grid([
        ["重点任务", "工作内容", "具体要求"],
        [("促落实", 3), "公布政策", "甲"],
        [None, "", "乙"],
        [None, "做好解读", "丙"],
    ]))
    assert result.table["levels"] == [["重点任务"], ["工作内容"]]
    assert [len(group["items"]) for group in result.table["rows"][0]["items"]] == [2, 1]
    assert [path for path, _ in result.uncertain] == ["levels"]


def test_blank_continuation_cells_join_the_group_above_marked_for_review():
    result = table_from_grid(grid([
        ["序号", "重点任务", "具体要求", "牵头单位"],
        ["1", "促落实", "甲", "办公室"],
        ["", "", "乙", ""],
        ["2", "促法治", "丙", "法规处"],
    ]))
    assert result.table["levels"] == [["序号", "重点任务"]]
    assert [len(row["items"]) for row in result.table["rows"]] == [2, 1]
    assert result.table["rows"][0]["items"][1] == {"具体要求": "乙"}  # a blank detail stays blank
    assert [path for path, _ in result.uncertain] == ["levels"]


def test_a_flat_list_has_no_levels_and_no_marks():
    result = table_from_grid(grid([["序号", "项目", "单位"], ["1", "修缮", "中心"],
                                   ["2", "提升", ""]]))
    assert "levels" not in result.table
    assert result.table["rows"] == [{"序号": "1", "项目": "修缮", "单位": "中心"},
                                    {"序号": "2", "项目": "提升"}]
    assert result.uncertain == []


def test_a_header_repeated_inside_the_table_is_dropped_and_listed():
    result = table_from_grid(grid([
        ["任务", "要求"], [("甲", 2), "一"], [None, "二"], ["任务", "要求"], ["乙", "三"],
    ]))
    assert [row["任务"] for row in result.table["rows"]] == ["甲", "乙"]
    assert len(result.unplaced) == 1 and "任务" in result.unplaced[0][1]


def test_a_caption_row_becomes_the_title_and_two_header_rows_combine():
    result = table_from_grid(grid([
        [("重点工作任务分工表", 1, 3), None, None],
        [("工作任务", 2), ("责任单位", 1, 2), None],
        [None, "牵头", "配合"],
        ["甲", "办公室", "法规处"],
    ]))
    assert result.title == "重点工作任务分工表"
    assert [c["name"] for c in result.table["columns"]] == ["工作任务", "责任单位（牵头）",
                                                            "责任单位（配合）"]
    assert [path for path, _ in result.uncertain] == ["columns[1]", "columns[2]"]


def test_empty_and_duplicate_headers_get_names_marked_for_review():
    result = table_from_grid(grid([["要求", "", "要求", "items"], ["一", "二", "三", "四"]]))
    assert [c["name"] for c in result.table["columns"]] == ["要求", "第2列", "要求（2）", "第4列"]
    assert len(result.uncertain) == 3


def test_a_horizontal_merge_in_the_body_keeps_its_text_in_the_first_column():
    result = table_from_grid(grid([["任务", "要求", "单位"], ["甲", ("通用要求", 1, 2), None]]))
    assert result.table["rows"] == [{"任务": "甲", "要求": "通用要求"}]
    assert result.uncertain[0][0] == "rows[0]"


@pytest.mark.parametrize("cells, n_rows, message", [
    ([Cell("甲", 0, 0, rowspan=10 ** 9)], 2, "超出了表格"),
    ([Cell("甲", 0, 0, rowspan=2), Cell("乙", 1, 0)], 2, "重叠"),
    ([Cell("甲", 0, 0)], 10 ** 7, "超过可导入"),
])
def test_inconsistent_or_huge_grids_are_refused_with_where(cells, n_rows, message):
    with pytest.raises(GridError) as caught:
        table_from_grid(Grid(cells, n_rows, 1, "表1"))
    assert message in str(caught.value)


# ── the property: print a table, read the grid back, get the same table ──────────────────────

WORDS = st.text(st.sampled_from("甲乙丙丁戊己庚辛壬癸公开落实法治服务"), min_size=1, max_size=6)


@st.composite
def tables(draw) -> dict:
    """Tables whose structure shows in print: each level groups something somewhere (a level
    whose groups all hold one row prints exactly like no level at all)."""
    depth = draw(st.integers(0, 3))
    group_number = depth > 0 and draw(st.booleans())
    row_number = not group_number and draw(st.booleans())
    level_names = [["序号", "重点任务"] if group_number and d == 0 else [f"第{d + 1}级"]
                   for d in range(depth)]
    leaf_names = ["具体要求", "责任单位", "备注"]
    leaves_seen = [0]

    def leaf() -> dict:
        row = {"具体要求": draw(WORDS)}
        for name in leaf_names[1:]:
            kind = draw(st.sampled_from(["text", "empty", "ditto"]))
            if kind == "text":
                row[name] = draw(WORDS)
            elif kind == "ditto" and leaves_seen[0]:
                row[name] = DITTO
        if row_number:
            row["序号"] = str(leaves_seen[0] + 1)
        leaves_seen[0] += 1
        return row

    def level(d: int, count: int) -> list[dict]:
        found = []
        for index in range(count):
            if d == depth:
                found.append(leaf())
                continue
            row = {name: draw(st.one_of(WORDS, st.just(""))) for name in level_names[d]}
            row = {k: v for k, v in row.items() if v}
            if "序号" in level_names[d]:
                row["序号"] = str(index + 1)
            row["items"] = level(d + 1, draw(st.integers(1, 3)))
            found.append(row)
        return found

    rows = level(0, draw(st.integers(1, 4)))
    names = (["序号"] if row_number else []) + [n for lv in level_names for n in lv] + leaf_names
    widths = draw(st.lists(st.integers(1, 60), min_size=len(names), max_size=len(names)))
    table = {"columns": [{"name": n, "width": w} for n, w in zip(names, widths, strict=True)],
             "rows": rows}
    if depth:
        table["levels"] = level_names
    return table


def _texts(table: dict) -> list[str]:
    return sorted(cell.text for line in flatten(Table.model_validate(table)) for cell in line
                  if cell.text)


def _groups_somewhere(rows: list[dict], depth: int) -> bool:
    """Every level has a group of two or more below it somewhere."""
    nodes = rows
    for _ in range(depth):
        if not any(len(node["items"]) > 1 for node in nodes):
            return False
        nodes = [child for node in nodes for child in node["items"]]
    return True


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables())
def test_a_printed_table_reads_back_as_the_same_table(table):
    depth = len(table.get("levels", []))
    printed = printed_grid(table)
    imported = table_from_grid(printed)
    result = imported.table
    if any(path == "levels" for path, _ in imported.uncertain):
        # A blank group cell read as a spreadsheet's blank continuation: a guess, marked,
        # that still prints every text of the table.
        assert _texts(result) == _texts(table)
        return
    assert flatten(Table.model_validate(result)) == flatten(Table.model_validate(table))
    if _groups_somewhere(table["rows"], depth):  # else only the print can be the same
        assert result.get("levels", []) == table.get("levels", [])
        assert result["rows"] == table["rows"]
        assert [c["name"] for c in result["columns"]] == [c["name"] for c in table["columns"]]
    assert imported.uncertain == []


# ── every table docgen ships reads back from its print ───────────────────────────────────────

def _shipped_tables() -> list[tuple[str, dict]]:
    root = Path(__file__).resolve().parents[3]
    files = [*root.glob("data/*.yaml"), *root.glob("data/examples/*.yaml"),
             *(p for p in root.glob("tests/corpus/*.yaml") if ".expected" not in p.name)]
    return [(f"{path.name}#{index}", attachment["table"]) for path in sorted(files)
            for index, attachment in enumerate(load_file(path).data.get("attachments") or [])
            if attachment.get("table")]


def _leaves(rows: list[dict], depth: int) -> list[dict]:
    return rows if depth == 0 else _leaves([c for r in rows for c in r["items"]], depth - 1)


def _shows_its_structure(table: dict) -> bool:
    """Numbers written by auto_number come back as written; a level that never groups two
    rows prints as none; 〃 in the leftmost columns (after a 序号) reads as a group."""
    if any(str(column.get("auto_number")) == "true" for column in table["columns"]):
        return False
    depth = len(table.get("levels") or [])
    leaves = _leaves(table["rows"], depth)
    grouped = {name for level in table.get("levels") or [] for name in level}
    plain_seen = False
    for column in (c["name"] for c in table["columns"] if c["name"] not in grouped):
        values = [str(leaf.get(column) or "") for leaf in leaves]
        if DITTO in values and not plain_seen:
            return False
        plain_seen = plain_seen or not all(v.isdigit() for v in values if v)
    return _groups_somewhere(table["rows"], depth)


@pytest.mark.parametrize("name, table", _shipped_tables(), ids=lambda v: v if isinstance(v, str)
                         else "")
def test_every_example_and_corpus_table_reads_back_from_its_print(name, table):
    imported = table_from_grid(printed_grid(table))
    assert imported.uncertain == [] and imported.unplaced == []
    assert flatten(Table.model_validate(imported.table)) == flatten(Table.model_validate(table))
    if _shows_its_structure(table):
        assert imported.table.get("levels", []) == (table.get("levels") or [])
        assert imported.table["rows"] == table["rows"]
