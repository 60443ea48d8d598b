"""Rules on the notice's parts: the 发文字号 and its year, the dates, the table's rows and
the unit names in its responsibility column."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import ValidationError

from docgen.notice.lint.finding import (
    ERROR,
    MANUAL,
    WARNING,
    Finding,
    new_finding,
    texts,
    value_at,
    value_edits,
)
from docgen.notice.model import DITTO, RESERVED_ROW_KEYS, Registry, header_role, parse_date
from docgen.notice.responsibility import (
    STRUCTURED_ROLES,
    UnknownName,
    closest,
    parse_responsibility,
)
from docgen.notice.source import KeyPath, Source

WRONG_BRACKETS = re.compile(r"[\[［【(（]((?:19|20)\d{2})[\]］】)）]")


def doc_number(source: Source) -> Iterator[Finding]:
    """NO-01..03 and the 发文字号's year against the 成文日期's and the title's."""
    number = value_at(source.data, "doc_number")
    if not isinstance(number, str):
        return
    path: KeyPath = ("doc_number",)
    match = WRONG_BRACKETS.search(number)
    if match:
        changes = [(match.start(), match.end(), f"〔{match.group(1)}〕")]
        edits = value_edits(source, path, changes)
        yield new_finding(source, path, "NO-02", ERROR, f"年份须用六角括号：“{match.group()}”",
                          f"改为“〔{match.group(1)}〕”" + ("" if edits else MANUAL), edits)
    if "第" in number:
        yield new_finding(source, path, "NO-03", ERROR, "发文字号不加“第”字", "删去“第”")
    if re.search(r"〕0\d", number):
        yield new_finding(source, path, "NO-03", ERROR, "发文字号序号不编虚位",
                          "如“46号”不写“046号”")
    year = re.search(r"[〔\[［【(（]((?:19|20)\d{2})", number)
    if not year:
        return
    year = int(year.group(1))
    date = parse_date(value_at(source.data, "signature", "date"))
    if date and date.year != year:
        yield new_finding(source, path, "NO-YEAR", WARNING,
                          f"发文字号年份 {year} 与成文日期 {date.year} 年不一致", "核对年份")
    title = value_at(source.data, "title")
    if isinstance(title, str):
        mentioned = {int(y) for y in re.findall(r"((?:19|20)\d{2})年", title)}
        if mentioned and year not in mentioned:
            yield new_finding(source, ("title",), "NO-YEAR", WARNING,
                              f"标题中的年份 {sorted(mentioned)} 与发文字号年份 {year} 不一致",
                              "核对年份（如确为下一年度的工作，可忽略）")


def dates(source: Source) -> Iterator[Finding]:
    """LINT-03: 印发日期 not before 成文日期."""
    signed = parse_date(value_at(source.data, "signature", "date"))
    printed = parse_date(value_at(source.data, "imprint", "print_date"))
    if signed and printed and printed < signed:
        yield new_finding(source, ("imprint", "print_date"), "LINT-03", ERROR,
                          f"印发日期 {printed} 早于成文日期 {signed}", "印发日期应不早于成文日期")


def table_rows(source: Source) -> Iterator[Finding]:
    """Duplicated rows or group values among siblings; empty cells that continue nothing."""
    for index, attachment in enumerate(value_at(source.data, "attachments") or []):
        table = attachment.get("table") if isinstance(attachment, dict) else None
        if not isinstance(table, dict) or not isinstance(table.get("rows"), list):
            continue
        grouped = {name for level in table.get("levels") or [] if isinstance(level, list)
                   for name in level}
        columns = [c.get("name") for c in table.get("columns") or []
                   if isinstance(c, dict) and c.get("name") not in grouped]
        numbered = {c.get("name") for c in table.get("columns") or []
                    if isinstance(c, dict) and c.get("auto_number") in ("true", "是")}
        leaves = list(_leaf_rows(table["rows"]))
        expected = [name for name in columns if name not in numbered
                    and _filled_in_most(leaves, name)]
        yield from _sibling_rows(source, ("attachments", index, "table", "rows"),
                                 table["rows"], expected, _duty_headers(source, columns))


def _leaf_rows(rows: list) -> Iterator[dict]:
    for row in rows:
        if isinstance(row, dict):
            if isinstance(row.get("items"), list):
                yield from _leaf_rows(row["items"])
            else:
                yield row


def _filled_in_most(leaves: list[dict], name: str) -> bool:
    """A column most rows leave empty (备注, or one empty cell merged down the table) is
    optional: an empty cell there is no forgotten 〃."""
    filled, above = 0, None
    for leaf in leaves:
        value = leaf.get(name)
        value = above if value == DITTO else value  # 〃 continues the cell above, even an empty one
        filled += value not in (None, "")
        above = value
    return 2 * filled > len(leaves)


def _duty_headers(source: Source, headers: list) -> set[str]:
    try:
        registry = Registry.model_validate(value_at(source.data, "units"))
    except ValidationError:
        return {h for h in headers if isinstance(h, str) and header_role(h)}
    return set(registry.column_roles([h for h in headers if isinstance(h, str)]))


def _sibling_rows(source: Source, path: KeyPath, rows: list, expected: list,
                  duty: set[str]) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    first_with: dict[tuple[str, str], int] = {}  # (column, value) → first sibling that has it
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            continue
        here = (*path, index)
        cells = {k: v for k, v in row.items() if k not in RESERVED_ROW_KEYS}
        key = repr(sorted((k, v) for k, v in row.items() if k != "id"))  # with its items
        if cells and key in seen:
            yield new_finding(source, here, "TABLE-DUP", WARNING,
                              f"与第 {seen[key] + 1} 行内容相同", "核对是否重复录入")
        elif row.get("items"):
            for name, value in cells.items():
                twin = first_with.get((name, value)) if isinstance(value, str) else None
                if twin is not None and value:
                    yield new_finding(source, (*here, name), "TABLE-DUP", WARNING,
                                      f"“{value}”与第 {twin + 1} 项重复，内容却不同",
                                      "核对是否抄错（例如应为另一项工作内容）")
        seen.setdefault(key, index)
        for name, value in row.items():
            if isinstance(value, str):
                first_with.setdefault((name, value), index)
        if isinstance(row.get("items"), list):
            yield from _sibling_rows(source, (*here, "items"), row["items"], expected, duty)
        else:
            # one named unit is enough: an empty 配合单位 beside a 牵头单位 is no gap
            answered = any(row.get(name) not in (None, "") for name in duty)
            for name in expected:
                if row.get(name) in (None, "") and not (name in duty and answered):
                    yield new_finding(source, here, "TABLE-EMPTY", WARNING,
                                      f"“{name}”为空，又不是续上一格（续格请写“{DITTO}”）",
                                      "补全内容或写“〃”")


def unit_names(source: Source) -> Iterator[Finding]:
    """UNIT-UNKNOWN: every name in a responsibility column is a known unit or term;
    UNIT-PHRASE: a cell in which no unit can be read at all."""
    try:
        registry = Registry.model_validate(value_at(source.data, "units"))
    except ValidationError:
        return  # no registry (or a broken one, which validation reports)
    spellings = registry.names()
    for path, text in texts(source.data):
        columns = _duty_columns(source, registry, path)
        structured = len(path) > 2 and path[-3] in columns and path[-2] in STRUCTURED_ROLES
        if structured and text not in spellings:
            suggestion = closest(text, spellings)
            stranger = UnknownName(text, suggestion)
            yield new_finding(source, path, "UNIT-UNKNOWN", ERROR, stranger.message(),
                              f"改为“{suggestion}”" if suggestion else "在 units 中登记该单位")
        if path[-1] in columns and text.strip() and text != DITTO:
            yield from _cell_names(source, path, text, registry)


def _cell_names(source: Source, path: KeyPath, text: str,
                registry: Registry) -> Iterator[Finding]:
    found, strangers = parse_responsibility(text, registry)
    for stranger in strangers:
        yield new_finding(source, path, "UNIT-UNKNOWN", ERROR, stranger.message(),
                          f"改为“{stranger.suggestion}”，或在 units 中登记"
                          if stranger.suggestion else "在 units 中登记该单位")
    if not found and not strangers:  # the row would belong to no one: say so, never drop it
        yield new_finding(source, path, "UNIT-PHRASE", WARNING,
                          f"无法从“{text}”中读出责任单位",
                          "改写为“某单位牵头，某单位配合”之类的写法，"
                          "或在 units 中登记其中的单位名称")


def _duty_columns(source: Source, registry: Registry, path: KeyPath) -> set[str]:
    """The responsibility columns of the table a cell belongs to (none outside tables)."""
    if len(path) < 5 or path[0] != "attachments" or path[2:4] != ("table", "rows"):
        return set()
    table = value_at(source.data, "attachments", path[1], "table")
    columns = table.get("columns") if isinstance(table, dict) else None
    headers = [c.get("name") for c in columns or [] if isinstance(c, dict)]
    return set(registry.column_roles([h for h in headers if isinstance(h, str)]))
