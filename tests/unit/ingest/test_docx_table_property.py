"""The property: any task table docgen prints as a Word table reads back as the grid it
printed — every cell at its place with its vertical span, its text and where it is."""

from __future__ import annotations

import tempfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.tables import printed_grid

from docgen.compose.table import add_task_table
from docgen.compose.template import StyleBook
from docgen.ingest.wordfile import walk
from docgen.ingest.wordxml import TableBlock
from docgen.notice.model import DITTO, Table
from docgen.resources import DEFAULT_TEMPLATE

WORDS = st.text(st.sampled_from("甲乙丙丁公开落实法治、12"), min_size=1, max_size=5)


@st.composite
def tables(draw) -> dict:
    """1–3 levels (or none), groups of 1–3, detail cells with text, empty or 〃."""
    depth = draw(st.integers(0, 3))
    level_names = [[f"第{d + 1}级"] for d in range(depth)]
    seen = [0]

    def leaf() -> dict:
        row = {"要求": draw(WORDS)}
        kind = draw(st.sampled_from(["text", "empty", "ditto"]))
        if kind == "text":
            row["单位"] = draw(WORDS)
        elif kind == "ditto" and seen[0]:
            row["单位"] = DITTO
        seen[0] += 1
        return row

    def level(d: int) -> list[dict]:
        count = draw(st.integers(1, 3))
        if d == depth:
            return [leaf() for _ in range(count)]
        return [{level_names[d][0]: draw(WORDS), "items": level(d + 1)} for _ in range(count)]

    names = [n for lv in level_names for n in lv] + ["要求", "单位"]
    table = {"columns": [{"name": n} for n in names], "rows": level(0)}
    if depth:
        table["levels"] = level_names
    return table


def cells(grid) -> list[tuple]:
    """Each cell's place, spans, text and (below the header) where a clerk finds it."""
    return sorted((c.row, c.col, c.rowspan, c.colspan, c.text, c.where if c.row else "")
                  for c in grid.cells)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables())
def test_a_printed_word_table_reads_back_as_the_grid_docgen_printed(table: dict) -> None:
    document = docx.Document(str(DEFAULT_TEMPLATE))
    add_task_table(document, Table.model_validate(table), StyleBook(document))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.docx"
        document.save(str(path))
        read = [b for b in walk(path) if isinstance(b, TableBlock)]
    assert len(read) == 1
    grid = read[0].grid
    assert grid.header_rows == 1
    assert cells(grid) == cells(printed_grid(table))
