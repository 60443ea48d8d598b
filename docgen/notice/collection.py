"""The units' returned reports compiled against the notice: which unit reported what on which
row, and what needs chasing.

Every row a unit is given carries a key: the row's ``id`` (or its reference) and a hash of
its task text. A returned row is matched by that key, so sorting, inserting, deleting rows
or renaming the file changes nothing; a .docx filled in Word has no key and is matched by its
text. The notice's text always wins: an edit a unit made to a task is reported as a diff and
never taken over. Pure: the readers (docgen.pipelines.returns) hand over what the files hold.

One module a little over 300 lines on purpose: what counts as missing, empty, deleted, edited
or late is decided here, and a maintainer reads those rules side by side.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from docgen.notice.deadlines import Deadline, is_deadline_column, parse_deadline
from docgen.notice.model import DOC_NUMBER, PROGRESS_FIELD, Notice, Table, format_date
from docgen.notice.revision import mark_words
from docgen.notice.row_keys import RowKey, digest, row_id, task_cells, task_headers, task_row
from docgen.notice.tasks import Leaf, UnitExtract, leaves, plan, role_text, task_tables

SIMILAR = 0.6  # a .docx row at least this alike (difflib ratio) to a task is that task

# What collect reports, in the order it prints them.
MISSING, EMPTY, DELETED, OVERDUE, DUE_SOON = "未报送", "未填写", "缺行", "逾期", "即将到期"
DUPLICATE, FOREIGN, UNREADABLE = "重复报送", "非本通知", "无法读取"
EDITED, EXTRA, STALE = "改动任务内容", "多出的行", "通知已修改"
KINDS = (MISSING, OVERDUE, DUE_SOON, EMPTY, DELETED, EDITED, EXTRA, STALE, DUPLICATE, FOREIGN,
         UNREADABLE)
LATE_OR_MISSING = frozenset({MISSING, EMPTY, DELETED, OVERDUE})


@dataclass(frozen=True)
class ReturnedRow:
    place: str  # where a clerk finds it: 法规处.xlsx!H5, 法规处.docx 表格第5行
    key: RowKey | None  # None in a .docx, or a row the unit added
    task: dict[str, str]  # the task columns as returned
    report: dict[str, str]  # the report fields the unit filled (empty ones left out)
    report_place: str = ""  # the first report cell, where an empty report is pointed at
    places: dict[str, str] = field(default_factory=dict)  # task column → its cell


@dataclass
class ReturnedFile:
    path: Path
    kind: str  # xlsx or docx
    doc_number: str | None
    unit: str | None
    stamp: float  # when it was saved: of two returns of a unit, the later one counts
    rows: list[ReturnedRow] = field(default_factory=list)
    attachment: int | None = None


@dataclass(frozen=True)
class Finding:
    kind: str
    where: str  # file!cell, file, or the unit when it returned nothing
    message: str
    unit: str = ""
    reference: str = ""

    def render(self) -> str:
        return f"{self.where}: [{self.kind}] {self.message}"


@dataclass
class UnitReport:
    """One unit's report on one row."""

    unit: str
    role: str
    report: dict[str, str]
    place: str = ""  # where it was read; empty when nothing came back
    status: str = ""  # 已报送, or MISSING / EMPTY / DELETED
    state: str = ""  # OVERDUE / DUE_SOON / "" as of the collection date


@dataclass
class CompiledRow:
    attachment: int
    leaf: Leaf
    cells: list[str]  # the notice's task cells, in the table's column order
    deadline: Deadline | None
    reports: list[UnitReport]


@dataclass
class Collection:
    notice: Notice
    as_of: dt.date
    rows: list[CompiledRow]
    findings: list[Finding]
    used: dict[str, Path]  # unit → the file its reports were taken from
    missing: list[str]  # units that returned nothing

    @property
    def late_or_missing(self) -> bool:
        return any(finding.kind in LATE_OR_MISSING for finding in self.findings)

    def chased_units(self) -> dict[str, list[tuple[CompiledRow, UnitReport]]]:
        """Units with rows not in or late, and those rows, in the notice's order."""
        chased: dict[str, list[tuple[CompiledRow, UnitReport]]] = {}
        for row in self.rows:
            for report in row.reports:
                if report.status != "已报送" or report.state == OVERDUE:
                    chased.setdefault(report.unit, []).append((row, report))
        order = [unit.name for unit in self.notice.units.members] if self.notice.units else []
        return {unit: chased[unit] for unit in order if unit in chased}


def notice_year(notice: Notice) -> int:
    match = DOC_NUMBER.match(notice.doc_number)
    if match:
        return int(match.group("year"))
    return notice.signature.date.year if notice.signature.date else dt.date.today().year


def deadline_column(table: Table) -> str | None:
    return next((name for name in table.column_names if is_deadline_column(name)), None)


def is_done(report: dict[str, str], done_word: str) -> bool:
    """进展 says done; a .docx has no 进展, so its 落实情况 saying so counts."""
    if PROGRESS_FIELD in report:
        return report[PROGRESS_FIELD].strip() == done_word
    return any(done_word in value for value in report.values())


def compile_returns(notice: Notice, files: list[ReturnedFile], as_of: dt.date,
                    due_within: int | None = None,
                    problems: list[Finding] | None = None) -> Collection:
    """Every row of the notice with each responsible unit's report, and what to chase."""
    assert notice.units is not None
    findings = list(problems or [])
    chosen = _choose_files(notice, files, findings)
    tables = dict(task_tables(notice))
    year = notice_year(notice)
    by_leaf: dict[tuple[int, int], list[UnitReport]] = {}
    used: dict[str, Path] = {}
    missing: list[str] = []
    for item in plan(notice):
        if not item.leaves:
            continue
        returned = chosen.get((item.unit, item.attachment))
        if returned is None:
            if item.unit not in missing:
                missing.append(item.unit)
            reports = _missing_reports(item)
        else:
            used[item.unit] = returned.path
            reports = _match(tables[item.attachment], item, returned, findings)
        for number, report in reports.items():
            by_leaf.setdefault((item.attachment, number), []).append(report)
    for unit in missing:
        count = sum(len(i.leaves) for i in plan(notice, [unit]))
        findings.append(Finding(MISSING, unit, f"{unit}未报送（{count} 行）", unit))
    rows = []
    for attachment, table in tables.items():
        column = deadline_column(table)
        for leaf in leaves(table, notice.units):
            cells = task_cells(table, leaf)
            text = cells[table.column_names.index(column)] if column else ""
            deadline = parse_deadline(text, year) if text else None
            reports = by_leaf.get((attachment, leaf.number), [])
            row = CompiledRow(attachment, leaf, cells, deadline, reports)
            findings += _timing(row, as_of, due_within, notice.units.progress[0])
            rows.append(row)
    return Collection(notice, as_of, rows, _ordered(findings), used, missing)


def _choose_files(notice: Notice, files: list[ReturnedFile],
                  findings: list[Finding]) -> dict[tuple[str, int], ReturnedFile]:
    """The files that are extracts of this notice, one per unit and table (the latest)."""
    known = {unit.name for unit in notice.units.members} if notice.units else set()
    wanted = {(item.unit, item.attachment) for item in plan(notice) if item.leaves}
    by_key: dict[tuple[str, int], list[ReturnedFile]] = {}
    for returned in files:
        if returned.doc_number != notice.doc_number or returned.unit not in known:
            said = returned.doc_number or "未标明文号"
            findings.append(Finding(FOREIGN, returned.path.name,
                                    f"不是{notice.doc_number}的抽取文件（{said}，"
                                    f"单位：{returned.unit or '不明'}），未采用"))
            continue
        attachment = returned.attachment
        if attachment is None:
            attachment = next((a for u, a in sorted(wanted) if u == returned.unit), 0)
        by_key.setdefault((returned.unit, attachment), []).append(returned)
    chosen = {}
    for (unit, attachment), group in by_key.items():
        group.sort(key=lambda f: (f.stamp, f.path.name))
        latest = group[-1]
        chosen[(unit, attachment)] = latest
        for older in group[:-1]:
            findings.append(Finding(DUPLICATE, older.path.name,
                                    f"{unit}报送了两次：采用较新的 {latest.path.name}，"
                                    f"未采用 {older.path.name}", unit))
    return chosen


def _missing_reports(item: UnitExtract) -> dict[int, UnitReport]:
    return {leaf.number: UnitReport(item.unit, role_text(mine), {}, status=MISSING)
            for leaf, mine in item.leaves}


def _match(table: Table, item: UnitExtract, returned: ReturnedFile,
           findings: list[Finding]) -> dict[int, UnitReport]:
    """The unit's reports by row number; what does not fit is reported, never taken over."""
    expected = {row_id(leaf): (leaf, mine) for leaf, mine in item.leaves}
    headers = task_headers(table)
    reports: dict[int, UnitReport] = {}
    unkeyed = [row for row in returned.rows if row.key is None]
    for row in returned.rows:
        if row.key is None:
            continue
        found = expected.get(row.key.row_id)
        if found is None or row.key.attachment != item.attachment:
            findings.append(Finding(EXTRA, row.place, "不是本单位的任务行（行标识不符），未采用",
                                    item.unit))
            continue
        _take(row, found, table, headers, item.unit, reports, findings)
    for row in unkeyed:
        found = _by_text(row, item, table, reports)
        if found is None:
            if row.report or any(row.task.values()):
                text = next((v for v in row.task.values() if v), "")[:30]
                findings.append(Finding(EXTRA, row.place,
                                        f"单位自行加入的行（{text}），未采用", item.unit))
            continue
        _take(row, found, table, headers, item.unit, reports, findings)
    for leaf, mine in item.leaves:
        if leaf.number not in reports:
            reports[leaf.number] = UnitReport(item.unit, role_text(mine), {},
                                              returned.path.name, DELETED)
            findings.append(Finding(DELETED, returned.path.name,
                                    f"第 {leaf.reference} 行不在返回的文件中（被删除）",
                                    item.unit, leaf.reference))
    return reports


def _take(row: ReturnedRow, found: tuple[Leaf, list], table: Table, headers: list[str],
          unit: str, reports: dict[int, UnitReport], findings: list[Finding]) -> None:
    leaf, mine = found
    if leaf.number in reports:
        findings.append(Finding(EXTRA, row.place, f"第 {leaf.reference} 行重复出现，只采用第一处",
                                unit, leaf.reference))
        return
    want = task_row(table, leaf, mine)
    if row.key is not None and row.key.digest != digest(want) \
            and digest([row.task.get(h, "") for h in headers]) == row.key.digest:
        findings.append(Finding(STALE, row.place, f"第 {leaf.reference} 行在通知中已修改，"
                                "返回的是按旧版抽取的文件；以现行通知为准", unit, leaf.reference))
    else:
        for header, text in zip(headers, want, strict=True):
            got = row.task.get(header)
            if got is not None and _squeeze(got) != _squeeze(text):
                old, new = mark_words(text, got)
                findings.append(Finding(EDITED, _cell_place(row, header),
                                        f"第 {leaf.reference} 行“{header}”被改动（未采用）："
                                        f"原文“{old}”，返回“{new}”", unit, leaf.reference))
    status = "已报送" if row.report else EMPTY
    if not row.report:
        findings.append(Finding(EMPTY, row.report_place or row.place,
                                f"第 {leaf.reference} 行未填写", unit, leaf.reference))
    reports[leaf.number] = UnitReport(unit, role_text(mine), dict(row.report),
                                      row.report_place or row.place, status)


def _cell_place(row: ReturnedRow, header: str) -> str:
    return row.places.get(header, row.place)


def _by_text(row: ReturnedRow, item: UnitExtract, table: Table,
             taken: dict[int, UnitReport]) -> tuple[Leaf, list] | None:
    """A keyless row's task by its text: the same words, else the most alike (≥ SIMILAR)."""
    text = _squeeze("".join(row.task.get(name, "") for name in table.leaf_columns))
    best, score = None, SIMILAR
    for leaf, mine in item.leaves:
        if leaf.number in taken:
            continue
        want = _squeeze("".join(task_cells(table, leaf)[table.column_names.index(name)]
                                for name in table.leaf_columns))
        ratio = 1.0 if want == text else difflib.SequenceMatcher(a=want, b=text).ratio()
        if ratio >= score:
            best, score = (leaf, mine), ratio
            if ratio == 1.0:
                break
    return best


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _timing(row: CompiledRow, as_of: dt.date, due_within: int | None,
            done_word: str) -> list[Finding]:
    found: list[Finding] = []
    if row.deadline is None:
        return found
    due = row.deadline.next_due(as_of)
    for report in row.reports:
        if is_done(report.report, done_word) or due is None:
            continue
        where = report.place or report.unit
        if row.deadline.overdue(as_of):
            report.state = OVERDUE
            found.append(Finding(OVERDUE, where, f"第 {row.leaf.reference} 行时限"
                                 f"“{row.deadline.text}”（{format_date(due)}）已过，未完成",
                                 report.unit, row.leaf.reference))
        elif due_within is not None and (due - as_of).days <= due_within:
            report.state = DUE_SOON
            found.append(Finding(DUE_SOON, where, f"第 {row.leaf.reference} 行将于"
                                 f"{format_date(due)}到期（“{row.deadline.text}”）",
                                 report.unit, row.leaf.reference))
    return found


def _ordered(findings: list[Finding]) -> list[Finding]:
    """By kind, then unit, then place in its file (row 2 before row 10)."""
    def natural(text: str) -> list[tuple[int, str]]:
        return [(int(part), "") if part.isdigit() else (0, part)
                for part in re.split(r"(\d+)", text)]
    return sorted(findings, key=lambda f: (KINDS.index(f.kind), f.unit, natural(f.where)))
