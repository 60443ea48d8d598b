"""Per-unit task lists: each 处室 gets the rows that name it (or a collective term covering
it), with its role on each row, the notice's grouping and numbering kept, merges recomputed,
and an empty column for the unit to report what it did."""

from __future__ import annotations

import copy
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from docgen.errors import DataError, Problem, UsageError
from docgen.notice.model import DITTO, RESERVED_ROW_KEYS, Notice, Registry, Table
from docgen.notice.responsibility import Assignment, parse_row

ROLE_COLUMN = "角色"
REPORT_COLUMN = "落实情况"


@dataclass
class Leaf:
    """A detail row of the notice's table, with its place and who is responsible."""

    number: int  # 1-based, in the notice's order
    reference: str  # how the notice's reader finds the row: 序号, or 序号.第几项
    ancestors: list[dict[str, Any]]  # raw group rows, outermost first
    row: dict[str, Any]
    assignments: list[Assignment]


@dataclass
class UnitExtract:
    unit: str
    attachment: int  # which attachment's table
    leaves: list[tuple[Leaf, list[Assignment]]] = field(default_factory=list)

    def roles(self) -> Counter[str]:
        return Counter(a.role for _, found in self.leaves for a in found)


def registry_of(notice: Notice) -> Registry:
    if notice.units is None:
        raise DataError([Problem("数据中没有 units（单位名录），无法按处室抽取",
                                 path="units")],
                        hint="运行 docgen units 数据文件，列出责任列中的全部单位名称，"
                             "核对后把输出的 units: 一段粘贴到数据文件中，再运行 extract。")
    return notice.units


def task_tables(notice: Notice) -> list[tuple[int, Table]]:
    registry = registry_of(notice)
    return [(index, a.table) for index, a in enumerate(notice.attachments)
            if a.table is not None and registry.column_roles(a.table.column_names)]


def leaves(table: Table, registry: Registry) -> list[Leaf]:
    """Every detail row with its responsibility parsed (〃 resolved to the cell above) and
    auto numbers written in, so that an extract keeps the notice's numbering."""
    numbered = {c.name for c in table.columns if c.auto_number}
    duty_columns = registry.column_roles(table.column_names)
    counters: Counter[int] = Counter()
    found: list[Leaf] = []
    above: dict[str, Any] = {}  # the previous detail row, 〃 resolved

    def walk(rows: list[dict[str, Any]], ancestors: list[dict[str, Any]]) -> None:
        depth = len(ancestors)
        for raw in rows:
            counters[depth] += 1
            row = dict(raw)
            for name in numbered:
                if name in _columns_at(table, depth) and not row.get(name):
                    row[name] = str(counters[depth])
            if row.get("items"):
                walk(row["items"], [*ancestors, row])
                continue
            for name in table.leaf_columns:  # an extract has other rows above: resolve 〃
                if row.get(name) == DITTO:
                    row[name] = above.get(name)
            above.clear()
            above.update(row)
            cells = [(_text(row, ancestors, name), how) for name, how in duty_columns.items()]
            assignments, _ = parse_row(cells, registry)
            found.append(Leaf(len(found) + 1, _reference(table, ancestors, row, found),
                              ancestors, row, assignments))

    walk(table.rows, [])
    return found


def _reference(table: Table, ancestors: list[dict[str, Any]], row: dict[str, Any],
               before: list[Leaf]) -> str:
    """The row as the printed table numbers it: its own 序号 where the table numbers every
    row, else its group's 序号 with its place in that group (2.3), else its place."""
    number = number_column(table)
    if number is None:
        return str(len(before) + 1)
    if row.get(number) not in (None, ""):
        return str(row[number])
    group = next((a for a in reversed(ancestors) if a.get(number) not in (None, "")), None)
    if group is None:
        return str(len(before) + 1)
    place = sum(1 for leaf in before if any(a is group for a in leaf.ancestors)) + 1
    return f"{group[number]}.{place}"


def number_column(table: Table) -> str | None:
    """The column that numbers the table's rows or groups: 序号 (or 编号), else the first
    auto-numbered column, else a first column of short numbers."""
    for column in table.columns:
        if column.name in ("序号", "编号", "项次"):
            return column.name
    auto = next((c.name for c in table.columns if c.auto_number), None)
    if auto:
        return auto
    first = table.columns[0].name
    values = [r.get(first) for r in table.rows]
    return first if all(re.fullmatch(r"[0-9一二三四五六七八九十]{1,4}", str(v or ""))
                        for v in values) else None


def _text(row: dict[str, Any], ancestors: list[dict[str, Any]], name: str) -> str:
    """A responsibility cell's text: the row's own, or its group's when the column is one of
    the grouping levels (a 牵头单位 merged over the group's rows)."""
    for cells in (row, *reversed(ancestors)):
        value = cells.get(name)
        if isinstance(value, str) and value:
            return value
    return ""


def _not_registered(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.3)
    return f"单位名录中没有“{name}”" + (f"（是否为“{close[0]}”？）" if close else "")


def _columns_at(table: Table, depth: int) -> list[str]:
    return table.levels[depth] if depth < len(table.levels) else table.leaf_columns


def plan(notice: Notice, units: list[str] | None = None) -> list[UnitExtract]:
    registry = registry_of(notice)
    known = [unit.name for unit in registry.members]
    wanted = units or known
    strangers = [name for name in wanted if name not in known]
    if strangers:  # a slip on the command line, not in the data
        raise UsageError("；".join(_not_registered(name, known) for name in strangers),
                         hint=f"--unit 可用：{'、'.join(known)}")
    tables = task_tables(notice)
    if not tables:
        wanted_columns = list(registry.columns) or (
            [registry.column] if "column" in registry.model_fields_set else [])
        named = "、".join(f"“{c}”" for c in wanted_columns) or "写明责任单位的"
        raise DataError([Problem(f"没有哪个附件表格有{named}列，无从抽取",
                                 path="units.columns")],
                        hint="在 units.columns 中写明责任列及其读法，如 "
                             "columns: {牵头单位: lead, 配合单位: support, 责任单位: parse}。")
    parsed = [(index, leaves(table, registry)) for index, table in tables]  # parse once
    extracts = []
    for unit in wanted:
        for index, rows in parsed:
            extract = UnitExtract(unit, index)
            for leaf in rows:
                mine = [a for a in leaf.assignments if a.unit == unit]
                if mine:
                    extract.leaves.append((leaf, mine))
            extracts.append(extract)
    return extracts


def orphans(notice: Notice) -> list[str]:
    """Detail rows (as the table names them) that no registered unit is responsible for."""
    registry = registry_of(notice)
    return [leaf.reference for _, table in task_tables(notice)
            for leaf in leaves(table, registry) if not leaf.assignments]


def role_text(assignments: list[Assignment]) -> str:
    parts = []
    for a in assignments:
        parts.append(f"{a.role}（{a.duty}）" if a.duty else a.role)
    return "、".join(dict.fromkeys(parts))


def extract_table(source: Table, extract: UnitExtract,
                  report_column: str | None = REPORT_COLUMN) -> Table:
    """The unit's rows as a table of the same shape, with its role (and a report column)."""
    rows: list[dict[str, Any]] = []
    for leaf, mine in extract.leaves:
        siblings = rows
        for ancestor in leaf.ancestors:
            cells = {k: v for k, v in ancestor.items() if k not in RESERVED_ROW_KEYS}
            match = next((r for r in siblings if r.get("_origin") is ancestor), None)
            if match is None:
                match = {**cells, "_origin": ancestor, "items": []}
                siblings.append(match)
            siblings = match["items"]
        row = {k: v for k, v in leaf.row.items() if k not in RESERVED_ROW_KEYS}
        row[ROLE_COLUMN] = role_text(mine)
        if report_column:
            row[report_column] = None
        siblings.append(row)
    _drop_origins(rows)
    total = sum(c.width for c in source.columns)
    columns = [c.model_dump() for c in source.columns]
    columns.append({"name": ROLE_COLUMN, "width": total * 0.12, "align": "center"})
    if report_column:
        columns.append({"name": report_column, "width": total * 0.25})
    data = source.model_dump()
    data.update(columns=columns, rows=rows)
    for column in data["columns"]:
        column["auto_number"] = False  # the notice's numbers were written in
    return Table.model_validate(copy.deepcopy(data))


def _drop_origins(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        row.pop("_origin", None)
        if row.get("items"):
            _drop_origins(row["items"])


def extract_title(notice: Notice, unit: str) -> str:
    """关于印发2022年政务公开重点工作任务分工的通知 → 2022年政务公开重点工作任务分工（办公室）."""
    match = re.search(r"关于印发(.+?)的通知$", notice.title.replace("\n", ""))
    base = match.group(1) if match else notice.attachments[0].title
    return f"{base.strip('《》')}（{unit}）"


SUMMARY_COLUMNS = ("单位", "牵头", "负责", "配合", "合计", "涉及的行")


def summary_rows(extracts: list[UnitExtract]) -> list[tuple[str, ...]]:
    """The unit × role matrix: counts, and the notice's row numbers for each unit."""
    rows = []
    for extract in extracts:
        roles = extract.roles()
        numbers = "、".join(leaf.reference for leaf, _ in extract.leaves)
        rows.append((extract.unit, str(roles["牵头"]), str(roles["负责"]), str(roles["配合"]),
                     str(len(extract.leaves)), numbers))
    return rows


def summary_table(extracts: list[UnitExtract]) -> Table:
    widths = (14, 8, 8, 8, 8, 54)
    return Table.model_validate({
        "orientation": "portrait", "font_size": 12,
        "columns": [{"name": name, "width": width, "align": "center" if i < 5 else "left"}
                    for i, (name, width) in enumerate(zip(SUMMARY_COLUMNS, widths, strict=True))],
        "rows": [dict(zip(SUMMARY_COLUMNS, row, strict=True)) for row in summary_rows(extracts)],
    })
