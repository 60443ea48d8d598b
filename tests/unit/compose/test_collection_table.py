"""The 落实情况汇总表's table: the notice's groups kept, each unit's report one level below
its task (or listed line by line when the table already has three levels), and its workbook."""

from __future__ import annotations

import datetime as dt

from docgen.compose.collection import (
    REPORT_COLUMN,
    UNIT_COLUMN,
    collection_table,
    collection_title,
    collection_workbook,
    report_text,
)
from docgen.notice.collection import MISSING, OVERDUE, UnitReport, compile_returns
from docgen.notice.extends import load_file
from docgen.notice.tasks import task_tables
from docgen.notice.validate import validate
from docgen.resources import SAMPLE

SAMPLE_NOTICE = validate(load_file(SAMPLE))
THREE_LEVELS = validate(load_file(SAMPLE.parent / "examples" / "three-level-unsealed.yaml"))
FIELDS = list(SAMPLE_NOTICE.units.report_fields)


def nothing_returned(notice):
    return compile_returns(notice, [], dt.date(2022, 12, 31))


def detail_rows(rows):
    for row in rows:
        if row.get("items"):
            yield from detail_rows(row["items"])
        else:
            yield row


def test_each_unit_gets_a_line_under_its_task():
    collection = nothing_returned(SAMPLE_NOTICE)
    [(index, source)] = task_tables(SAMPLE_NOTICE)
    table = collection_table(collection, index, source)
    assert table.levels == [*source.levels, source.leaf_columns]
    assert table.column_names[-3:] == [UNIT_COLUMN, "角色", REPORT_COLUMN]
    lines = list(detail_rows(table.rows))
    assert len(lines) == sum(len(row.reports) for row in collection.rows)
    assert {line[REPORT_COLUMN] for line in lines} == {"【未报送】"}
    assert table.landscape


def test_a_three_level_table_lists_its_units_line_by_line():
    collection = nothing_returned(THREE_LEVELS)
    [(index, source)] = task_tables(THREE_LEVELS)
    table = collection_table(collection, index, source)
    assert table.levels == source.levels
    lines = list(detail_rows(table.rows))
    assert len(lines) == len(collection.rows)
    first = collection.rows[0]
    assert lines[0][UNIT_COLUMN].split("\n") == [r.unit for r in first.reports]


def test_a_report_reads_as_one_cell():
    report = UnitReport("办公室", "牵头", {"落实情况": "已印发。", "进展": "已完成",
                                         "完成时间": "2022年6月1日"}, status="已报送")
    assert report_text(report, FIELDS) == "【已完成】已印发。；完成时间：2022年6月1日"
    late = UnitReport("法规处", "配合", {}, status=MISSING, state=OVERDUE)
    assert report_text(late, FIELDS) == "【未报送】（逾期）"


def test_the_workbook_has_a_line_per_row_and_unit():
    collection = nothing_returned(SAMPLE_NOTICE)
    sheet = collection_workbook(collection, dict(task_tables(SAMPLE_NOTICE))).active
    assert sheet.cell(1, 1).value.startswith(collection_title(SAMPLE_NOTICE))
    header = [cell.value for cell in sheet[2]]
    assert header[0] == "行号" and "单位" in header and header[-2:] == ["状态", "来源"]
    assert sheet.max_row - 2 == sum(len(row.reports) for row in collection.rows)
    assert sheet.print_title_rows == "$2:$2"
