"""The 落实情况汇总表: the notice's rows in the notice's groups, each responsible unit's report
beside its role, as a table for the task-list document and as a workbook."""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from docgen.compose.cells import write_cell
from docgen.compose.workbook import print_setup
from docgen.notice.collection import (
    DELETED,
    EMPTY,
    MISSING,
    OVERDUE,
    Collection,
    CompiledRow,
    UnitReport,
    task_headers,
)
from docgen.notice.model import PROGRESS_FIELD, RESERVED_ROW_KEYS, Notice, Table, format_date
from docgen.notice.tasks import ROLE_COLUMN, extract_title

if TYPE_CHECKING:
    from openpyxl import Workbook

UNIT_COLUMN, REPORT_COLUMN, STATE_COLUMN, SOURCE_COLUMN = "单位", "落实情况", "状态", "来源"
NOTHING = {MISSING: "【未报送】", EMPTY: "【未填写】", DELETED: "【该行被删除】"}
SUMMARY_NAME = "落实情况汇总表"


def collection_title(notice: Notice) -> str:
    """2022年政务公开重点工作任务分工落实情况汇总表."""
    marker = "\x00"
    return re.sub(rf"（{marker}）$", "", extract_title(notice, marker)) + SUMMARY_NAME


def collection_subtitle(collection: Collection) -> str:
    return f"（据{collection.notice.doc_number}整理，截至{format_date(collection.as_of)}）"


def report_text(report: UnitReport, fields: list[str]) -> str:
    """What a unit reported on a row, in one cell: 【进展】落实情况；完成时间：…；…"""
    if report.status in NOTHING:
        text = NOTHING[report.status]
    else:
        values = report.report
        progress = f"【{values[PROGRESS_FIELD]}】" if values.get(PROGRESS_FIELD) else ""
        main = values.get(fields[0], "") if fields else ""
        rest = [f"{name}：{values[name]}" for name in fields[1:]
                if name != PROGRESS_FIELD and values.get(name)]
        text = progress + "；".join(part for part in [main, *rest] if part)
    return text + ("（逾期）" if report.state == OVERDUE else "")


def collection_table(collection: Collection, attachment: int, source: Table) -> Table:
    """The notice's table with each row's units, their roles and reports: one more level of
    grouping (the task's own cells merged over its units), or, when the table already has
    three levels, the units listed line by line in two columns."""
    fields = _fields(collection.notice)
    rows = [row for row in collection.rows if row.attachment == attachment]
    total = sum(column.width for column in source.columns)
    columns = [{**column.model_dump(), "auto_number": False} for column in source.columns]
    # 单位 fits a five-character name on one line, 角色 a 负责（定期梳理） on two
    columns += [{"name": UNIT_COLUMN, "width": total * 0.19, "align": "center"},
                {"name": ROLE_COLUMN, "width": total * 0.16, "align": "center"},
                {"name": REPORT_COLUMN, "width": total * 0.36}]
    nested = len(source.levels) < 3
    tree: list[dict[str, Any]] = []
    for row in rows:
        siblings = tree
        for ancestor in row.leaf.ancestors:
            match = next((r for r in siblings if r.get("_origin") is ancestor), None)
            if match is None:
                match = {**_cells(ancestor), "_origin": ancestor, "items": []}
                siblings.append(match)
            siblings = match["items"]
        siblings.append(_row(row, fields, nested))
    _drop_origins(tree)
    data = source.model_dump()
    levels = [*source.levels, source.leaf_columns] if nested else source.levels
    data.update(columns=columns, rows=tree, levels=levels, orientation="landscape",
                font_size=min(source.font_size, 12))
    return Table.model_validate(copy.deepcopy(data))


def _fields(notice: Notice) -> list[str]:
    assert notice.units is not None
    return list(notice.units.report_fields)


def _cells(raw: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in raw.items() if key not in RESERVED_ROW_KEYS}


def _row(row: CompiledRow, fields: list[str], nested: bool) -> dict[str, Any]:
    cells = _cells(row.leaf.row)
    reports = row.reports or [UnitReport("—", "—", {}, status="")]
    lines = [(r.unit, r.role, report_text(r, fields) if r.unit != "—" else "—")
             for r in reports]
    if nested:
        cells["items"] = [{UNIT_COLUMN: unit, ROLE_COLUMN: role, REPORT_COLUMN: text}
                          for unit, role, text in lines]
        return cells
    cells[UNIT_COLUMN] = "\n".join(unit for unit, _, _ in lines)
    cells[ROLE_COLUMN] = "\n".join(role for _, role, _ in lines)
    cells[REPORT_COLUMN] = "\n".join(f"{unit}：{text}" for unit, _, text in lines)
    return cells


def _drop_origins(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        row.pop("_origin", None)
        if row.get("items"):
            _drop_origins(row["items"])


def collection_workbook(collection: Collection, tables: dict[int, Table]) -> Workbook:
    """One line per row and unit: the task, the unit and role, each report field, the state
    (逾期 / 即将到期 / 未报送 …) and the cell it was read from."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    fields = _fields(collection.notice)
    book = Workbook()
    sheet = book.active
    sheet.title = SUMMARY_NAME
    write_cell(sheet, 1, 1, collection_title(collection.notice) +
               collection_subtitle(collection))
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    line = 2
    for attachment, table in tables.items():  # each task table under its own header row
        headers = [*task_headers(table)[:-1], UNIT_COLUMN, ROLE_COLUMN, *fields, STATE_COLUMN,
                   SOURCE_COLUMN]
        for column, header in enumerate(headers, start=1):
            write_cell(sheet, line, column, header).font = Font(bold=True)
        line += 1
        for row in (r for r in collection.rows if r.attachment == attachment):
            for report in row.reports:
                values = [row.leaf.reference, *row.cells, report.unit, report.role,
                          *(report.report.get(name) for name in fields),
                          report.state or NOTHING.get(report.status, "").strip("【】"),
                          report.place]
                for column, value in enumerate(values, start=1):
                    write_cell(sheet, line, column, value).alignment = Alignment(
                        wrap_text=True, vertical="top")
                line += 1
        line += 1  # a blank row before the next table's header
    sheet.freeze_panes = "A3"
    print_setup(sheet, 2)
    return book
