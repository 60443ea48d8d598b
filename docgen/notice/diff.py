"""What changed between two notices: header fields, body paragraphs, tasks (added, removed,
edited, moved) and who is responsible for what.

Task rows are matched across versions by their ``id`` when both have one, otherwise by the
similarity of their text, so an edited requirement shows as edited rather than as one row
removed and another added.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from docgen.notice.model import Notice, Table, format_date
from docgen.notice.tasks import Leaf, leaves, task_tables

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
    where: str  # 发文字号, 正文第2段, 序号2第3行 具体要求 … (as the printed notice shows it)
    old: str = ""
    new: str = ""
    note: str = ""  # what the edit means, e.g. the reassignment a changed 责任处室 makes

    @property
    def cosmetic(self) -> bool:
        """Only punctuation, spaces or full/half width changed: 办公室牵头,… → 办公室牵头，…"""
        return (self.kind == "修改" and not self.note and self.old != self.new
                and _letters(self.old) == _letters(self.new))


def _letters(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if unicodedata.category(c)[0] not in "PZ"
                   and not c.isspace())


@dataclass
class Diff:
    changes: list[Change] = field(default_factory=list)
    numbers: tuple[str, str] = ("", "")  # the two 发文字号, old and new

    @property
    def identical(self) -> bool:
        return not self.changes

    @property
    def substantive(self) -> list[Change]:
        return [c for c in self.changes if not c.cosmetic]

    @property
    def cosmetic(self) -> list[Change]:
        return [c for c in self.changes if c.cosmetic]


def diff_notices(old: Notice, new: Notice) -> Diff:
    result = Diff(numbers=(old.doc_number, new.doc_number))
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
    cite: str  # how the printed table finds the row: 序号2第3行, 序号一、3
    group: tuple[str, ...]  # the values of its group columns, outermost first
    cells: tuple[tuple[str, str], ...]
    units: tuple[tuple[str, str], ...]  # (unit, role), in the order the cell names them

    @property
    def text(self) -> str:
        return "；".join(value for _, value in self.cells if value)

    def describe(self) -> str:
        """The row with the groups it sits in, one line each: 以公开促落实／及时向公众公布政策举措
        具体要求：…"""
        lines = ["／".join(self.group)] if self.group else []
        return "\n".join(lines + [f"{name}：{value}" for name, value in self.cells if value])


def _task_rows(notice: Notice) -> list[_Task]:
    if notice.units is None or not task_tables(notice):
        return []
    rows = []
    several = len(notice.attachments) > 1
    for index, table in task_tables(notice):
        found = leaves(table, notice.units)
        for leaf, cite in zip(found, citations(table, found), strict=True):
            group = tuple(str(v) for ancestor in leaf.ancestors for k, v in ancestor.items()
                          if k not in ("items", "id") and v and k not in table.leaf_columns
                          and table.columns[0].name != k)
            cells = tuple((k, str(v)) for k, v in leaf.row.items()
                          if k != "id" and k in table.leaf_columns and v)
            units = tuple(dict.fromkeys((a.unit, a.role) for a in leaf.assignments))
            rows.append(_Task(leaf.row.get("id") or "", f"附件{index + 1}" * several + cite,
                              group, cells, units))
    return rows


NUMBER = re.compile(r"[（(]?[0-9０-９一二三四五六七八九十百]{1,4}[)）]?[、.．]?")


def citations(table: Table, rows: list[Leaf]) -> list[str]:
    """Each row as a reader finds it in the printed table: the group's 序号 and the row's own
    number when the table prints one (序号一、3), else its line in the group (序号2第3行)."""
    first = table.columns[0].name
    own = table.leaf_columns[0] if table.leaf_columns else first
    cites = []
    for leaf in rows:
        top = next((a for a in leaf.ancestors if a.get(first)), None)
        group = str(top.get(first)) if top is not None else ""
        number = str(leaf.row.get(own) or "")
        if not NUMBER.fullmatch(number):
            number = ""
        if number and group:
            joint = "" if group[-1] in "、.．" else "."
            cites.append(f"{first}{group}{joint}{number}")
        elif number:
            cites.append(f"{own}{number}")
        elif group:
            place = sum(1 for other in rows[:rows.index(leaf)] if top in other.ancestors) + 1
            cites.append(f"{first}{group}第{place}行")
        else:
            cites.append(f"第{leaf.number}行")
    return cites


def _tasks(old: Notice, new: Notice) -> list[Change]:
    before, after = _task_rows(old), _task_rows(new)
    duty = new.units.column if new.units else ""
    changes: list[Change] = []
    unmatched = list(after)
    for task in before:
        match = _match(task, unmatched)
        if match is None:
            changes.append(Change("删除", f"原{task.cite}", task.describe()))
            continue
        unmatched.remove(match)
        changes += _edits(task, match, duty)
        if task.group != match.group:
            changes.append(Change("移动", match.cite, "／".join(task.group),
                                  "／".join(match.group)))
    changes += [Change("新增", task.cite, new=task.describe()) for task in unmatched]
    return changes


def _edits(old: _Task, new: _Task, duty: str) -> list[Change]:
    """One change per edited cell; a new division of work is told with the 责任处室 cell."""
    before, after = dict(old.cells), dict(new.cells)
    note = reassignment(old.units, new.units)
    changes = []
    for name in dict.fromkeys([*after, *before]):
        if before.get(name) != after.get(name) or (note and name == duty):
            changes.append(Change("修改", f"{new.cite} {name}", before.get(name, "（无）"),
                                  after.get(name, "（无）"), note if name == duty else ""))
    if note and duty not in after and duty not in before:
        changes.append(Change("修改", f"{new.cite} {duty}", "", "", note))
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


def reassignment(old: tuple[tuple[str, str], ...], new: tuple[tuple[str, str], ...]) -> str:
    """The change in who does what, in words: 办公室由牵头改为配合；配合由发展中心改为法规处；
    产业处、人事处不再配合；增加法规处配合."""
    roles_before: dict[str, list[str]] = {}
    roles_after: dict[str, list[str]] = {}
    for roles, pairs in ((roles_before, old), (roles_after, new)):
        for unit, role in pairs:
            roles.setdefault(unit, []).append(role)
    parts, gone, came = [], {}, {}
    for unit in dict.fromkeys([*roles_before, *roles_after]):
        was, now = roles_before.get(unit, []), roles_after.get(unit, [])
        if set(was) == set(now):
            continue
        if was and now:
            parts.append(f"{unit}由{'、'.join(was)}改为{'、'.join(now)}")
        for role in was if not now else []:
            gone.setdefault(role, []).append(unit)
        for role in now if not was else []:
            came.setdefault(role, []).append(unit)
    for role in dict.fromkeys([*gone, *came]):
        lost, gained = "、".join(gone.get(role, [])), "、".join(came.get(role, []))
        if lost and gained:
            parts.append(f"{role}由{lost}改为{gained}")
        elif lost:
            parts.append(f"{lost}不再{role}")
        else:
            parts.append(f"增加{gained}{role}")
    return "调整分工：" + "；".join(parts) if parts else ""


def render_text(result: Diff, styled: Callable[..., str] | None = None) -> str:
    """One line per change, the punctuation and width fixes together in one; ``styled(text,
    fg=colour)`` (click.style on a terminal) colours the heads."""
    styles = {"新增": "green", "删除": "red", "修改": "yellow", "移动": "cyan", "修正": "blue"}
    lines = []
    fixes = result.cosmetic
    heads = [(c.kind, c.where, c) for c in result.substantive]
    if fixes:
        heads.append(("修正", f"标点、全半角{len(fixes)}处", None))
    for kind, where, change in heads:
        head = f"[{kind}] {where}"
        if styled is not None:
            head = styled(head, fg=styles[kind])
        lines.append(head + _line_body(change, fixes))
    lines.append("两份通知相同。" if result.identical else f"共 {len(heads)} 处不同。")
    return "\n".join(lines)


def _line_body(change: Change | None, fixes: list[Change]) -> str:
    if change is None:
        return "：" + "、".join(c.where for c in fixes)
    old, new = (text.replace("\n", "；") for text in (change.old, change.new))
    body = {"新增": f"：{new}", "删除": f"：{old}"}.get(change.kind, f"：{old} → {new}")
    return body + (f"（{change.note}）" if change.note else "")
