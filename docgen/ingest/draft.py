"""The notice a reader recognised, before it is written out as YAML.

``data`` has docgen's schema (docgen/notice/model.py: issuer, doc_number, title, body,
attachments, signature, imprint …); a field the reader could not find holds 【待定】, a guess
is listed in ``marks`` as 【待核】 with the reason, and text that fits no field is kept in
``unplaced`` with where it was, so that nothing of the source is lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Mark:
    path: str  # key path in the data, e.g. "doc_number", "attachments[0].table.rows[3]"
    kind: Literal["待定", "待核"]  # 待定: missing, to be filled; 待核: a guess, to be checked
    reason: str  # in Chinese, shown to the clerk next to the line


@dataclass(frozen=True)
class Unplaced:
    where: str  # "第12段", "表2第5行", "第3页"
    text: str


@dataclass
class Draft:
    data: dict
    source: str  # the imported file's name, for the header comment
    marks: list[Mark] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # findings for lint (e.g. a loose 文号)
