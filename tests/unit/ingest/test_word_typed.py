"""Notices typed the way offices type them (Normal style, fonts and colours by hand) import
to data that prints the same notice as the data they were typed from."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import EXAMPLES
from support.notice_print import data_of, printed
from support.word_typed import Typing, type_notice

from docgen.ingest.wordfile import read_docx
from docgen.resources import SAMPLE

TYPINGS = {
    "red-text": Typing(),
    "text-box": Typing(header="textbox"),
    "header-table": Typing(header="table", imprint="table"),
    "first-line-indent": Typing(indent="first_line", title_breaks=False),
    "split-table": Typing(split_after_rows=10),
    "split-inside-a-group": Typing(split_after_rows=4),
    "enter-and-spaces": Typing(title_paragraphs=True, padded=True),
}
NOTICES = [SAMPLE, *sorted(EXAMPLES.glob("*.yaml"))]


@pytest.mark.parametrize("typing", TYPINGS.values(), ids=TYPINGS.keys())
@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.stem)
def test_a_typed_notice_imports_to_data_that_prints_the_same(path: Path, typing: Typing,
                                                             tmp_path: Path) -> None:
    source = data_of(path)
    draft = read_docx(type_notice(source, tmp_path / "typed.docx", typing))
    assert draft.unplaced == []
    # Only the seal is a guess in a typed notice: nothing in Word says whether one goes there.
    assert [(m.path, m.kind) for m in draft.marks] == [("signature.sealed", "待核")]
    assert printed(draft.data, tmp_path, "imported") == printed(source, tmp_path, "source")


def test_the_typed_sample_keeps_the_tables_groups(tmp_path: Path) -> None:
    source = data_of(SAMPLE)
    data = read_docx(type_notice(source, tmp_path / "typed.docx", Typing(header="textbox"))).data
    table = data["attachments"][0]["table"]
    expected = source["attachments"][0]["table"]
    assert table["levels"] == expected["levels"]
    assert table["rows"] == expected["rows"]
    assert data["issuer"] == source["issuer"]
    assert data["title"] == source["title"]


def test_groups_typed_as_blank_cells_are_joined_and_marked_for_review(tmp_path: Path) -> None:
    source = data_of(SAMPLE)
    draft = read_docx(type_notice(source, tmp_path / "typed.docx", Typing(merged=False)))
    table = draft.data["attachments"][0]["table"]
    assert table["levels"] == source["attachments"][0]["table"]["levels"]
    # Each requirement under the same group and subgroup (a blank 责任处室 below a filled one
    # is the reader's to decide: empty or 〃).
    assert task_paths(table["rows"]) == task_paths(source["attachments"][0]["table"]["rows"])
    assert any(m.path.startswith("attachments[0].table") and m.kind == "待核"
               for m in draft.marks)
    assert draft.unplaced == []


def task_paths(rows: list[dict], above: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for row in rows:
        own = tuple(str(v) for k, v in row.items() if k != "items" and k != "责任处室")
        if row.get("items"):
            paths += task_paths(row["items"], above + own)
        else:
            paths.append(above + own)
    return paths
