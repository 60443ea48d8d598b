"""The 修订对照表 in words: what changed marked word by word, punctuation and width fixes in
one row, a title naming the notice and both 发文字号."""

from __future__ import annotations

import difflib

from docgen.notice.diff import Change, Diff
from docgen.notice.model import Notice, Table
from docgen.standard.typeset import text_units
from docgen.standard.words import segment

WHOLE = 0.5  # texts less alike than this (share of words kept) are marked as a whole
KINDS_NOTE = {"修改": "修改", "新增": "新增", "删除": "删除", "移动": "调整位置"}
COLUMNS = (("序号", 6, "center"), ("位置", 26, "left"), ("原内容", 62, "left"),
           ("修改后内容", 62, "left"), ("说明", 32, "left"))


def mark_words(old: str, new: str) -> tuple[str, str]:
    """The two texts with the words that changed between them bracketed 【…】:
    晋文旅办发〔2022〕46号 → 晋文旅办发〔【2022】〕【46】号."""
    before, after = segment(old), segment(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    if matcher.ratio() < WHOLE:  # words swapped or rewritten: scattered marks read worse
        return f"【{old}】" if old else old, f"【{new}】" if new else new
    marked_old, marked_new = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            marked_old += before[i1:i2]
            marked_new += after[j1:j2]
            continue
        if i2 > i1:
            marked_old.append(f"【{''.join(before[i1:i2])}】")
        if j2 > j1:
            marked_new.append(f"【{''.join(after[j1:j2])}】")
    return "".join(marked_old), "".join(marked_new)


def revision_rows(result: Diff) -> list[dict[str, str]]:
    """修订对照表 rows: 位置 | 原内容 | 修改后内容 | 说明; changed words bracketed, one row
    for all punctuation and width fixes."""
    rows = []
    for change in result.substantive:
        old, new = (mark_words(change.old, change.new) if change.kind == "修改"
                    else (change.old, change.new))
        rows.append({"位置": change.where, "原内容": old or "—", "修改后内容": new or "—",
                     "说明": change.note or KINDS_NOTE[change.kind]})
    if result.cosmetic:
        rows.append(_fixes_row(result.cosmetic))
    return rows


def _fixes_row(fixes: list[Change]) -> dict[str, str]:
    """One row for every 标点、全半角 fix: where each kind of fix was made, and what it became."""
    places: dict[tuple[str, str], dict[str, list[str]]] = {}
    for change in fixes:
        cite, _, column = change.where.rpartition(" ")
        for pair in _fragments(change.old, change.new):
            where = places.setdefault(pair, {}).setdefault(column, [])
            if cite not in where:
                where.append(cite)
    before, after = [], []
    for (old, new), columns in places.items():
        found = "；".join(f"{column}（{'、'.join(cites)}）" if any(cites) else column
                         for column, cites in columns.items())
        before.append(f"{found}中的{_name(old)}" if old else found)
        after.append(f"改为{_name(new)}" if old and new else
                     f"删去{_name(old)}" if old else f"补上{_name(new)}")
    return {"位置": fixes[0].where if len(fixes) == 1 else "多处",
            "原内容": "\n".join(before), "修改后内容": "\n".join(after),
            "说明": f"标点、全半角修正{len(fixes)}处"}


def _fragments(old: str, new: str) -> list[tuple[str, str]]:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [(old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"]


def _name(fragment: str) -> str:
    return "空格" if fragment.isspace() else f"“{fragment}”"


def revision_table(result: Diff) -> Table:
    return Table.model_validate({
        "orientation": "landscape", "font_size": 12,
        "columns": [{"name": name, "width": width, "align": align,
                     "auto_number": "true" if name == "序号" else "false"}
                    for name, width, align in COLUMNS],
        "rows": revision_rows(result) or [{"位置": "—", "原内容": "两份通知相同",
                                          "修改后内容": "—", "说明": "—"}],
    })


def revision_title(result: Diff, notice: Notice, max_units: float = 28.0) -> tuple[str, str]:
    """《关于印发…的通知》修订对照表 (the issuer's name left out, a line break before 修订对照表
    when it does not fit ``max_units`` em) and the line under it naming both 发文字号."""
    name = notice.title.replace("\n", "")
    for issuer in (notice.issuer.name, notice.signing_organ):
        if issuer and name.startswith(issuer) and name[len(issuer):].startswith("关于"):
            name = name[len(issuer):]
    title = f"《{name}》修订对照表"
    if text_units(title) > max_units:
        title = f"《{name}》\n修订对照表"
    old, new = result.numbers
    subtitle = f"（{new}修订前后对照）" if old == new else f"（原{old}　修订后{new}）"
    return title, subtitle
