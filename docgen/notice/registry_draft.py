"""A first ``units:`` block written from the data itself: every name the responsibility
columns use, sorted, the collective terms (各…, 有关…, …等) apart with empty member lists for
the clerk to fill. Read without a registry, so it is a draft to check, and says so."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from docgen.notice.model import header_role
from docgen.notice.responsibility import STATEMENT_BREAKS, STRUCTURED_ROLES, plain_form

# Where the name ends and the words about the role begin: 发展中心负责做好政策解读.
ROLE_WORDS = re.compile("牵头|配合|负责|协助|协办|主办|参与|落实|按照?职责|根据职责|依据职责"
                        "|各自职责|分别|共同|为责任单位|为牵头单位|为配合单位|做好|把关|报送"
                        "|梳理|审核|督办|统筹|承办")
UNIT_END = "处科室心局厅委办所站队院馆组部会府门位构司团行"
COLLECTIVE = re.compile(r"^各|各.*(?:部门|单位|处室|机构|政府)$|有关|相关|其他|其它|等$")
SAFE = re.compile(r"[\w（）()·\-]+")


@dataclass
class RegistryDraft:
    columns: dict[str, str]  # header → lead / support / parse
    members: list[str]
    groups: list[str]

    def yaml(self, source_name: str) -> str:
        heads = "、".join(self.columns) or "（未找到）"
        lines = [
            f"# 以下 units 一段由 docgen units 从 {source_name} 的责任列（{heads}）整理而成，",
            "# 可直接粘贴到数据文件中。粘贴前请核对：同一单位的不同写法只留一个 name，",
            "# 其余写入 aliases；groups 中每个统称（各…、有关…、…等）填写它所包括的单位。",
            "units:",
            "  columns:",
            *[f"    {_quoted(name)}: {how}" for name, how in self.columns.items()],
            "  members:",
            *[f"    - {{name: {_quoted(name)}}}" for name in self.members],
        ]
        if self.groups:
            lines += ["  groups:", *[f"    {_quoted(term)}: []  # 填写所包括的单位"
                                     for term in self.groups]]
        return "\n".join(lines) + "\n"


def draft_registry(data: dict[str, Any]) -> RegistryDraft:
    """The names in every table's responsibility columns (stated in units.columns, else
    recognised from the headers)."""
    stated = (data.get("units") or {}).get("columns") if isinstance(data.get("units"),
                                                                     dict) else None
    columns: dict[str, str] = {}
    names: set[str] = set()
    for attachment in data.get("attachments") or []:
        table = attachment.get("table") if isinstance(attachment, dict) else None
        if not isinstance(table, dict):
            continue
        headers = [c.get("name") for c in table.get("columns") or [] if isinstance(c, dict)]
        here = {h: r for h, r in (stated or {}).items() if h in headers} if stated else {
            h: r for h in headers if isinstance(h, str) and (r := header_role(h))}
        columns.update(here)
        for row in _rows(table.get("rows")):
            for header in here:
                names.update(_names(row.get(header)))
    collective = sorted(n for n in names if COLLECTIVE.search(n))
    return RegistryDraft(columns, sorted(names - set(collective)), collective)


def _rows(rows: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            found.append(row)
            found += _rows(row.get("items"))
    return found


def _names(cell: Any) -> list[str]:
    if isinstance(cell, dict):  # {lead: [...], support: [...]}
        return [n for key in STRUCTURED_ROLES for n in cell.get(key) or []
                if isinstance(n, str)]
    if not isinstance(cell, str) or cell == "〃":
        return []
    found = []
    for statement in filter(None, STATEMENT_BREAKS.split(plain_form(cell))):
        role = ROLE_WORDS.search(statement, 1)
        head = statement[: role.start()] if role else statement
        found += [name for piece in re.split("[、]", head) for name in _split_pairs(piece)]
    # What is left of a phrase (并及时公布) is no unit: a name ends as units do, or is a term.
    return [name for name in found if name and (name[-1] in UNIT_END or name.endswith("等"))]


def _split_pairs(piece: str) -> list[str]:
    """办公室及发展中心 is two units, 市住房和城乡建设局 one: a joiner splits only after a
    unit's ending; 市住建局等各有关部门 is the unit and the collective term."""
    parts = re.split(rf"(?<=[{UNIT_END}])[及和与]", piece)
    split: list[str] = []
    for part in parts:
        before, joiner, after = part.partition("等")
        split += [before, after] if joiner and after else [part]
    return [part.strip() for part in split]


def _quoted(name: str) -> str:
    return name if SAFE.fullmatch(name) else json.dumps(name, ensure_ascii=False)
