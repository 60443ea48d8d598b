"""Returned reports compiled against the notice: matched by key or by text, whatever the
order; edits, extra rows, double and foreign returns reported; deadlines judged as of a day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docgen.notice import collection as c
from docgen.notice.extends import load_file
from docgen.notice.tasks import plan, task_tables
from docgen.notice.validate import validate
from docgen.resources import SAMPLE

CORPUS = Path(__file__).parents[2] / "corpus"
SAMPLE_NOTICE = validate(load_file(SAMPLE))
TIMED = validate(load_file(CORPUS / "xian-2022-fgf.yaml"))  # 完成时限 2022年9月底, 11月底 …


def returned(notice, unit: str, *, progress: str = "推进中", stamp: float = 1.0,
             keyed: bool = True, name: str | None = None) -> c.ReturnedFile:
    """The unit's file as a clerk sends it back, every row reported."""
    [item] = [i for i in plan(notice, [unit]) if i.leaves][:1]
    table = dict(task_tables(notice))[item.attachment]
    headers = c.task_headers(table)
    rows = []
    for number, (leaf, mine) in enumerate(item.leaves, start=3):
        cells = c.task_row(table, leaf, mine)
        key = c.RowKey(item.attachment, c.row_id(leaf), c.digest(cells)) if keyed else None
        rows.append(c.ReturnedRow(f"{unit}.xlsx!M{number}", key, dict(zip(headers, cells,
                                                                          strict=True)),
                                  {"落实情况": "按计划推进。", "进展": progress},
                                  f"{unit}.xlsx!H{number}"))
    return c.ReturnedFile(Path(name or f"{unit}.xlsx"), "xlsx", notice.doc_number, unit, stamp,
                          rows, item.attachment)


def units_of(notice) -> list[str]:
    return [unit.name for unit in notice.units.members
            if any(i.leaves for i in plan(notice, [unit.name]))]


def kinds(result: c.Collection) -> list[str]:
    return [finding.kind for finding in result.findings]


def test_all_in_and_done_is_no_finding():
    files = [returned(SAMPLE_NOTICE, unit, progress="已完成") for unit in units_of(SAMPLE_NOTICE)]
    result = c.compile_returns(SAMPLE_NOTICE, files, dt.date(2022, 12, 31))
    assert result.findings == [] and not result.late_or_missing
    assert all(r.status == "已报送" for row in result.rows for r in row.reports)


def test_rows_in_any_order_match_by_key():
    file = returned(SAMPLE_NOTICE, "办公室")
    file.rows.reverse()
    file.rows[0] = c.ReturnedRow(**{**file.rows[0].__dict__, "report": {"落实情况": "最后一行"}})
    result = c.compile_returns(SAMPLE_NOTICE, [file], dt.date(2022, 12, 31))
    last = [leaf for leaf, _ in plan(SAMPLE_NOTICE, ["办公室"])[0].leaves][-1]
    row = next(r for r in result.rows if r.leaf.reference == last.reference)
    assert next(r for r in row.reports if r.unit == "办公室").report == {"落实情况": "最后一行"}


def test_a_deleted_row_and_an_empty_row_are_late():
    file = returned(SAMPLE_NOTICE, "法规处")
    gone = file.rows.pop(1)
    file.rows[0] = c.ReturnedRow(**{**file.rows[0].__dict__, "report": {}})
    result = c.compile_returns(SAMPLE_NOTICE, [file], dt.date(2022, 12, 31))
    deleted = [f for f in result.findings if f.kind == c.DELETED]
    assert [f.reference for f in deleted] == [gone.task["行号"]]
    empty = [f for f in result.findings if f.kind == c.EMPTY]
    assert [f.where for f in empty] == [file.rows[0].report_place]
    assert result.late_or_missing


def test_an_edit_to_task_text_is_a_diff_and_the_notice_wins():
    file = returned(SAMPLE_NOTICE, "人事处")
    row = file.rows[0]
    original = row.task["具体要求"]
    changed = {**row.task, "具体要求": original + "（力争提前完成）"}
    file.rows[0] = c.ReturnedRow(row.place, row.key, changed, row.report, row.report_place,
                                 {"具体要求": "人事处.xlsx!E3"})
    result = c.compile_returns(SAMPLE_NOTICE, [file], dt.date(2022, 12, 31))
    [edit] = [f for f in result.findings if f.kind == c.EDITED]
    assert edit.where == "人事处.xlsx!E3"
    assert edit.message.endswith(f"返回“{original}【（力争提前完成）】”")
    compiled = next(r for r in result.rows if r.leaf.reference == row.task["行号"])
    assert original in compiled.cells


def test_a_workbook_of_an_older_notice_is_stale_not_edited():
    file = returned(SAMPLE_NOTICE, "财务处")
    row = file.rows[0]
    old_cells = [*row.task.values()]
    old_cells[4] = "旧版的要求"
    task = dict(zip(row.task, old_cells, strict=True))
    key = c.RowKey(row.key.attachment, row.key.row_id, c.digest(old_cells))
    file.rows[0] = c.ReturnedRow(row.place, key, task, row.report, row.report_place)
    result = c.compile_returns(SAMPLE_NOTICE, [file], dt.date(2022, 12, 31))
    assert c.STALE in kinds(result) and c.EDITED not in kinds(result)


def test_the_later_of_two_returns_wins_and_both_are_named():
    early = returned(SAMPLE_NOTICE, "产业处", progress="未启动", stamp=1.0, name="产业处.xlsx")
    late = returned(SAMPLE_NOTICE, "产业处", progress="已完成", stamp=2.0, name="产业处-改.xlsx")
    result = c.compile_returns(SAMPLE_NOTICE, [late, early], dt.date(2022, 12, 31))
    [double] = [f for f in result.findings if f.kind == c.DUPLICATE]
    assert double.where == "产业处.xlsx" and "产业处-改.xlsx" in double.message
    assert result.used["产业处"] == Path("产业处-改.xlsx")


def test_a_file_of_another_notice_is_refused():
    other = returned(SAMPLE_NOTICE, "办公室")
    other.doc_number = "晋文旅办发〔2021〕3号"
    result = c.compile_returns(SAMPLE_NOTICE, [other], dt.date(2022, 12, 31))
    assert c.FOREIGN in kinds(result) and "办公室" in result.missing


def test_keyless_rows_match_by_text_and_a_row_of_the_units_own_is_extra():
    file = returned(SAMPLE_NOTICE, "发展中心", keyed=False)
    file.rows.reverse()
    file.rows.append(c.ReturnedRow("发展中心.docx 表格第30行", None,
                                   {"具体要求": "另行开展的一项工作"}, {"落实情况": "已办"}))
    result = c.compile_returns(SAMPLE_NOTICE, [file], dt.date(2022, 12, 31))
    assert kinds(result).count(c.EXTRA) == 1
    assert c.DELETED not in kinds(result)
    assert all(r.status == "已报送" for row in result.rows for r in row.reports
               if r.unit == "发展中心")


def test_units_that_did_not_return_are_missing_and_chased():
    files = [returned(SAMPLE_NOTICE, u, progress="已完成") for u in units_of(SAMPLE_NOTICE)
             if u not in ("人事处", "财务处")]
    result = c.compile_returns(SAMPLE_NOTICE, files, dt.date(2022, 12, 31))
    assert result.missing == ["人事处", "财务处"]
    assert list(result.chased_units()) == ["人事处", "财务处"]


def test_overdue_and_due_soon_as_of_a_day():
    files = [returned(TIMED, unit) for unit in units_of(TIMED)]
    result = c.compile_returns(TIMED, files, dt.date(2022, 10, 15), due_within=60)
    overdue = {f.reference for f in result.findings if f.kind == c.OVERDUE}
    soon = {f.reference for f in result.findings if f.kind == c.DUE_SOON}
    dues = {row.leaf.reference: row.deadline.due for row in result.rows if row.deadline}
    assert overdue and overdue == {ref for ref, due in dues.items()
                                   if due and due < dt.date(2022, 10, 15)}
    assert soon == {ref for ref, due in dues.items()
                    if due and dt.date(2022, 10, 15) <= due <= dt.date(2022, 12, 14)}
    assert result.late_or_missing


def test_a_row_reported_done_is_never_overdue():
    files = [returned(TIMED, unit, progress="已完成") for unit in units_of(TIMED)]
    result = c.compile_returns(TIMED, files, dt.date(2030, 1, 1), due_within=30)
    assert result.findings == []
