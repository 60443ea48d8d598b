"""What ties a row of a unit's workbook to the notice: the cells it shows (its reference,
the table's columns with a group's cells repeated, the unit's role) and a hidden key of the
row's stable id and a hash of those cells."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from docgen.notice.model import Table
from docgen.notice.tasks import ROLE_COLUMN, Leaf, role_text

REFERENCE_HEADER = "行号"


@dataclass(frozen=True)
class RowKey:
    """The hidden key of a workbook row: stable id and a hash of the row's task text."""

    attachment: int
    row_id: str
    digest: str

    def text(self) -> str:
        return f"{self.attachment}:{self.row_id}#{self.digest}"

    @classmethod
    def parse(cls, text: object) -> RowKey | None:
        if not isinstance(text, str) or ":" not in text or "#" not in text:
            return None
        head, _, digest = text.strip().rpartition("#")
        attachment, _, row_id = head.partition(":")
        if not attachment.isdigit() or not row_id:
            return None
        return cls(int(attachment), row_id, digest)


def row_id(leaf: Leaf) -> str:
    """The row's ``id`` when the data gives one (stable across years), else its reference."""
    given = leaf.row.get("id")
    return str(given) if given else leaf.reference


def task_cells(table: Table, leaf: Leaf) -> list[str]:
    """The row's values in the table's columns, a group's cells taken from its group."""
    values = []
    for name in table.column_names:
        value = next((cells.get(name) for cells in (leaf.row, *reversed(leaf.ancestors))
                      if cells.get(name) not in (None, "")), "")
        values.append(str(value or ""))
    return values


def task_headers(table: Table) -> list[str]:
    return [REFERENCE_HEADER, *table.column_names, ROLE_COLUMN]


def task_row(table: Table, leaf: Leaf, mine: list) -> list[str]:
    """What a unit's workbook shows of the row, in :func:`task_headers` order."""
    return [leaf.reference, *task_cells(table, leaf), role_text(mine)]


def digest(texts: list[str]) -> str:
    return hashlib.sha256("\x1f".join(texts).encode("utf-8")).hexdigest()[:16]
