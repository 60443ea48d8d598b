"""Source → Notice: the typed model filled from the data, with every problem reported at
once, in Chinese, each at its file:line:column and key path."""

from __future__ import annotations

import copy
import difflib
from typing import Any

from pydantic import ValidationError

from docgen.errors import DataError, Problem
from docgen.notice.model import (
    DITTO,
    RESERVED_ROW_KEYS,
    Attachment,
    Column,
    Imprint,
    Issuer,
    Notice,
    Paragraph,
    Signature,
    Table,
    header_role,
)
from docgen.notice.responsibility import describe, structured_problems
from docgen.notice.source import KeyPath, Source

_MESSAGES = {
    "missing": "缺少必填字段",
    "string_type": "应为文本",
    "list_type": "应为列表（- 开头的若干项）",
    "dict_type": "应为键值映射",
    "model_type": "应为键值映射",
    "model_attributes_type": "应为键值映射",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "至多 {max_length} 项",
    "float_parsing": "应为数字",
    "int_parsing": "应为整数",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than_equal": "应不大于 {le}",
    "string_pattern_mismatch": "格式不对（应匹配 {pattern}）",
    "literal_error": "取值应为 {expected}",
}


def _known_fields() -> set[str]:
    names: set[str] = set()
    for model in (Notice, Issuer, Signature, Paragraph, Column, Table, Attachment, Imprint):
        names.update(model.model_fields)
    return names


def _translate(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "docgen":
        return error["msg"]
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, _known_fields(), n=1)
        return f"未知字段“{name}”" + (f"（是否为“{close[0]}”？）" if close else "")
    if kind == "string_type" and error.get("input") is None:
        return "不能为空"
    template = _MESSAGES.get(kind)
    if template is None:
        return f"取值无效：{error['msg']}"
    return template.format(**error.get("ctx", {}))


def validate(source: Source) -> Notice:
    """Source → Notice, or a DataError listing every problem with its location."""
    notice, problems = validation(source)
    if problems:
        raise DataError(problems)
    assert notice is not None
    return notice


def validation(source: Source) -> tuple[Notice | None, list[Problem]]:
    """The Notice (None when the data does not fit the model) and every schema problem."""
    data = source.data
    if not isinstance(data, dict):
        return None, [source.problem((), "数据文件的顶层应为键值映射（字段: 值）")]
    problems: list[Problem] = []
    notice: Notice | None = None
    data, structured = _describe_structured_cells(data)
    problems.extend(source.problem(path, message) for path, message in structured)
    try:
        notice = Notice.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            path: KeyPath = tuple(part for part in error["loc"] if isinstance(part, str | int))
            problems.append(source.problem(path, _translate(error)))
    problems.extend(_check_tables(Source(source.file, data, source.marks)))
    problems.extend(_check_units(source))
    return (None if problems else notice), problems


def _describe_structured_cells(data: dict[str, Any]) -> tuple[dict[str, Any],
                                                               list[tuple[KeyPath, str]]]:
    """Responsibility cells written as {lead: [...], support: [...]} become the text they
    stand for (办公室牵头，发展中心配合); the data file itself is left as it is."""
    problems: list[tuple[KeyPath, str]] = []
    data = copy.deepcopy(data)

    def walk(rows: Any, path: KeyPath, columns: list[str]) -> None:
        for index, row in enumerate(rows if isinstance(rows, list) else []):
            if not isinstance(row, dict):
                continue
            for column in columns:
                cell = row.get(column)
                if isinstance(cell, dict):
                    found = structured_problems(cell)
                    problems.extend(((*path, index, column), message) for message in found)
                    row[column] = describe(cell) if not found else None
            walk(row.get("items"), (*path, index, "items"), columns)

    for number, attachment in enumerate(data.get("attachments") or []):
        table = attachment.get("table") if isinstance(attachment, dict) else None
        if isinstance(table, dict):
            walk(table.get("rows"), ("attachments", number, "table", "rows"),
                 _duty_columns(data.get("units"), table))
    return data, problems


def _duty_columns(units: Any, table: dict[str, Any]) -> list[str]:
    """The table's responsibility columns as the (still unchecked) units block names them."""
    headers = [c.get("name") for c in table.get("columns") or [] if isinstance(c, dict)]
    headers = [h for h in headers if isinstance(h, str)]
    units = units if isinstance(units, dict) else {}
    if isinstance(units.get("columns"), dict):
        return [h for h in units["columns"] if h in headers]
    if isinstance(units.get("column"), str):
        return [units["column"]] if units["column"] in headers else []
    return [h for h in headers if header_role(h)]


def _check_units(source: Source) -> list[Problem]:
    """Collective terms may only name registered units, and may not take a unit's own name
    (the term would take over that unit's rows)."""
    units = source.data.get("units")
    if not isinstance(units, dict) or not isinstance(units.get("groups"), dict):
        return []
    members = [m for m in units.get("members") or [] if isinstance(m, dict)]
    names = {m.get("name") for m in members}
    spellings = names | {alias for m in members if isinstance(m.get("aliases"), list)
                         for alias in m["aliases"]}
    problems = [source.problem(("units", "groups", term),
                               f"集合称谓“{term}”与单位名称（或其别称）相同，会把该单位的任务"
                               "分给这一组；请给集合称谓另起名称")
                for term in units["groups"] if term in spellings]
    return problems + [
        source.problem(("units", "groups", term, index), f"“{name}”不在 units.members 中")
        for term, group in units["groups"].items() if isinstance(group, list)
        for index, name in enumerate(group) if name not in names]


def _check_tables(source: Source) -> list[Problem]:
    problems: list[Problem] = []
    attachments = source.data.get("attachments")
    if not isinstance(attachments, list):
        return problems
    for index, attachment in enumerate(attachments):
        if isinstance(attachment, dict) and isinstance(attachment.get("table"), dict):
            path: KeyPath = ("attachments", index, "table")
            problems.extend(_TableChecker(source, path, attachment["table"]).run())
    return problems


class _TableChecker:
    """Checks the row tree against the declared columns and grouping levels."""

    def __init__(self, source: Source, path: KeyPath, table: dict[str, Any]) -> None:
        self.source = source
        self.path = path
        self.table = table
        self.problems: list[Problem] = []
        columns = table.get("columns") if isinstance(table.get("columns"), list) else []
        self.names = [c.get("name") for c in columns if isinstance(c, dict)]
        raw_levels = table.get("levels") or []
        self.levels = [lv for lv in raw_levels if isinstance(lv, list)]
        grouped = [name for level in self.levels for name in level]
        self.leaf = [name for name in self.names if name not in grouped]
        self.leaf_seen = False

    def add(self, path: KeyPath, message: str) -> None:
        self.problems.append(self.source.problem(path, message))

    def run(self) -> list[Problem]:
        self._check_levels()
        if self.problems:  # rows cannot be judged against broken columns or levels
            return self.problems
        rows = self.table.get("rows")
        if isinstance(rows, list):
            if not rows:
                self.add((*self.path, "rows"), "表格没有任何行")
            for index, row in enumerate(rows):
                self._row(row, 0, (*self.path, "rows", index))
        return self.problems

    def _check_levels(self) -> None:
        for index, name in enumerate(self.names):
            if name in self.names[:index]:
                self.add((*self.path, "columns", index, "name"), f"列名“{name}”重复")
        seen: set[str] = set()
        for depth, level in enumerate(self.levels):
            if not level:
                self.add((*self.path, "levels", depth), "分组层级不能为空")
            for index, name in enumerate(level):
                where = (*self.path, "levels", depth, index)
                if name not in self.names:
                    self.add(where, f"分组层级引用了不存在的列“{name}”")
                elif name in seen:
                    self.add(where, f"列“{name}”出现在多个分组层级中")
                seen.add(name)
        if not self.leaf:
            self.add((*self.path, "levels"), "至少要留一列作为明细列（不属于任何分组层级）")

    def _row(self, row: Any, depth: int, path: KeyPath) -> None:
        if not isinstance(row, dict):
            self.add(path, "表格行应为键值映射（列名: 内容）")
            return
        is_leaf = depth == len(self.levels)
        allowed = self.leaf if is_leaf else self.levels[depth]
        for key, value in row.items():
            if key in RESERVED_ROW_KEYS:
                continue
            self._cell(key, value, allowed, is_leaf, (*path, key))
        children = row.get("items")
        if is_leaf:
            if children is not None:
                self.add((*path, "items"), "明细行不能再有 items（已到最末一级）")
            self.leaf_seen = True
        elif not isinstance(children, list) or not children:
            level_names = "、".join(self.levels[depth])
            self.add(path, f"第 {depth + 1} 级分组（{level_names}）需要非空的 items")
        else:
            for index, child in enumerate(children):
                self._row(child, depth + 1, (*path, "items", index))
        if row.get("id") is not None and not isinstance(row.get("id"), str):
            self.add((*path, "id"), "id 应为文本")

    def _cell(self, key: str, value: Any, allowed: list[str], is_leaf: bool, path: KeyPath) -> None:
        if key not in allowed:
            if key in self.names:
                self.add(path, f"列“{key}”不属于这一级（这一级的列：{'、'.join(allowed)}）")
            else:
                close = difflib.get_close_matches(key, self.names, n=1)
                hint = f"（是否为“{close[0]}”？）" if close else ""
                self.add(path, f"表格中没有列“{key}”{hint}")
            return
        if value is not None and not isinstance(value, str):
            self.add(path, "单元格内容应为文本")
        elif value == DITTO and (not is_leaf or not self.leaf_seen):
            self.add(path, f"“{DITTO}”（同上）只能用于明细列，且上方须有单元格")
