"""What changed between two notices: header fields, body paragraphs, tasks (added, removed,
edited, moved) and who is responsible for what.

Task rows are matched across versions by their ``id`` when both have one, otherwise by the
similarity of their text, so an edited requirement shows as edited rather than as one row
removed and another added.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from docgen.notice.model import Notice, Table, format_date
from docgen.notice.tasks import leaves, task_tables

SIMILAR = 0.6  # rows at least this alike (difflib ratio) are the same row, edited
HEADER_FIELDS = (
    ("份号", lambda n: n.copy_number), ("密级", lambda n: n.secrecy),
    ("紧急程度", lambda n: n.urgency), ("发文机关标志", lambda n: n.issuer.mark),
    ("发文字号", lambda n: n.doc_number), ("签发人", lambda n: "、".join(n.signers) or None),
    ("标题", lambda n: n.title.replace("\n", "")), ("主送机关", lambda n: n.recipients),
    ("署名", lambda n: n.signing_organ), ("成文日期", lambda n: format_date(n.signature.date)),
    ("附注", lambda n: n.note), ("抄送", lambda n: n.imprint.cc),
    ("印发机关", lambda n: n.imprint.printer),
    ("印发日期", lambda n: format_date(n.imprint.print_date)),
)


@dataclass(frozen=True)
class Change:
    kind: str  # 修改 / 新增 / 删除 / 移动
    where: str  # 发文字号, 正文第2段, 任务 2.3 …
    old: str = ""
    new: str = ""
    note: str = ""


@dataclass
class Diff:
    changes: list[Change] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.changes


def diff_notices(old: Notice, new: Notice) -> Diff:
    result = Diff()
    for name, read in HEADER_FIELDS:
        before, after = read(old), read(new)
        if before != after:
            result.changes.append(Change("修改", name, before or "（无）", after or "（无）"))
    result.changes += _paragraphs([p.text for p in old.body], [p.text for p in new.body])
    result.changes += _tasks(old, new)
    return result


def _paragraphs(old: list[str], new: list[str]) -> list[Change]:
    changes = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = list(zip(range(i1, i2), range(j1, j2), strict=False))
        for i, j in pairs:
            changes.append(Change("修改", f"正文第{j + 1}段", old[i], new[j]))
        for i in range(i1 + len(pairs), i2):
            changes.append(Change("删除", f"正文原第{i + 1}段", old[i]))
        for j in range(j1 + len(pairs), j2):
            changes.append(Change("新增", f"正文第{j + 1}段", new=new[j]))
    return changes


@dataclass(frozen=True)
class _Task:
    key: str  # id, or the row's text
    reference: str
    group: tuple[str, ...]  # the values of its group columns, outermost first
    cells: tuple[tuple[str, str], ...]
    units: frozenset[tuple[str, str]]  # (unit, role)

    @property
    def text(self) -> str:
        return "；".join(value for _, value in self.cells if value)

    def describe(self) -> str:
        """The row with the groups it sits in: 以公开促落实／及时向公众公布政策举措：…"""
        return "／".join(self.group) + "：" + self.text if self.group else self.text


def _task_rows(notice: Notice) -> list[_Task]:
    if notice.units is None or not task_tables(notice):
        return []
    rows = []
    for _, table in task_tables(notice):
        for leaf in leaves(table, notice.units):
            group = tuple(str(v) for ancestor in leaf.ancestors for k, v in ancestor.items()
                          if k not in ("items", "id") and v and k not in table.leaf_columns
                          and table.columns[0].name != k)
            cells = tuple((k, str(v)) for k, v in leaf.row.items()
                          if k != "id" and k in table.leaf_columns and v)
            units = frozenset((a.unit, a.role) for a in leaf.assignments)
            rows.append(_Task(leaf.row.get("id") or "", leaf.reference, group, cells, units))
    return rows


def _tasks(old: Notice, new: Notice) -> list[Change]:
    before, after = _task_rows(old), _task_rows(new)
    changes: list[Change] = []
    unmatched = list(after)
    for task in before:
        match = _match(task, unmatched)
        if match is None:
            changes.append(Change("删除", f"任务 {task.reference}", task.describe()))
            continue
        unmatched.remove(match)
        if dict(task.cells) != dict(match.cells):
            for name, value in dict(match.cells).items():
                if dict(task.cells).get(name) != value:
                    changes.append(Change("修改", f"任务 {match.reference} {name}",
                                          dict(task.cells).get(name, "（无）"), value))
        if task.group != match.group:
            changes.append(Change("移动", f"任务 {match.reference}", " / ".join(task.group),
                                  " / ".join(match.group)))
        changes += _responsibility(task, match)
    changes += [Change("新增", f"任务 {task.reference}", new=task.describe())
                for task in unmatched]
    return changes


def _match(task: _Task, candidates: list[_Task]) -> _Task | None:
    if task.key:
        found = next((c for c in candidates if c.key == task.key), None)
        if found is not None:
            return found
    best, score = None, SIMILAR
    for candidate in candidates:
        if candidate.key and task.key:
            continue
        ratio = difflib.SequenceMatcher(a=task.text, b=candidate.text).ratio()
        if ratio >= score:
            best, score = candidate, ratio
    return best


def _responsibility(old: _Task, new: _Task) -> list[Change]:
    changes = []
    for unit, role in sorted(new.units - old.units):
        changes.append(Change("新增", f"任务 {new.reference} {unit}", new=role, note="分工"))
    for unit, role in sorted(old.units - new.units):
        changes.append(Change("删除", f"任务 {new.reference} {unit}", role, note="分工"))
    return changes


def render_text(result: Diff, styled: Callable[..., str] | None = None) -> str:
    """One line per change; ``styled(text, fg=colour)`` (click.style on a terminal) colours
    the heads."""
    styles = {"新增": "green", "删除": "red", "修改": "yellow", "移动": "cyan"}
    lines = []
    for change in result.changes:
        head = f"[{change.kind}] {change.where}"
        if styled is not None:
            head = styled(head, fg=styles[change.kind])
        body = {"新增": f"：{change.new}", "删除": f"：{change.old}"}.get(
            change.kind, f"：{change.old} → {change.new}")
        lines.append(head + body)
    lines.append("两份通知相同。" if result.identical else f"共 {len(result.changes)} 处不同。")
    return "\n".join(lines)


KINDS_NOTE = {"修改": "修改", "新增": "新增", "删除": "删除", "移动": "调整位置"}


def mark_words(old: str, new: str) -> tuple[str, str]:
    """The two texts with what changed between them bracketed 【…】, character by character."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    marked_old, marked_new = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            marked_old.append(old[i1:i2])
            marked_new.append(new[j1:j2])
            continue
        if i2 > i1:
            marked_old.append(f"【{old[i1:i2]}】")
        if j2 > j1:
            marked_new.append(f"【{new[j1:j2]}】")
    return "".join(marked_old), "".join(marked_new)


def revision_rows(result: Diff) -> list[dict[str, str]]:
    """修订对照表 rows: 原内容 | 修改后内容 | 说明, changed words bracketed."""
    rows = []
    for change in result.changes:
        old, new = (mark_words(change.old, change.new) if change.kind == "修改"
                    else (change.old, change.new))
        note = KINDS_NOTE[change.kind] + (f"（{change.note}）" if change.note else "")
        rows.append({"位置": change.where, "原内容": old or "—", "修改后内容": new or "—",
                     "说明": note})
    return rows


def revision_table(result: Diff) -> Table:
    return Table.model_validate({
        "orientation": "landscape", "font_size": 12,
        "columns": [{"name": "序号", "width": 8, "align": "center", "auto_number": "true"},
                    {"name": "位置", "width": 28}, {"name": "原内容", "width": 66},
                    {"name": "修改后内容", "width": 66}, {"name": "说明", "width": 24,
                                                          "align": "center"}],
        "rows": revision_rows(result) or [{"位置": "—", "原内容": "两份通知相同",
                                          "修改后内容": "—", "说明": "—"}],
    })
