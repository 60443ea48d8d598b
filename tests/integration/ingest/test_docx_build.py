"""The issue's round trip with real builds: the sample built by docgen (LibreOffice placing
the 版记) imports to data that builds again into a DOCX with the same text, paragraph by
paragraph and cell by cell; the sample typed in Word imports to the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import EXAMPLES, TESTS
from support.notice_print import data_of
from support.word_typed import Typing, type_notice
from support.yaml_files import write_yaml

import docgen
from docgen.ingest.wordfile import read_docx
from docgen.resources import SAMPLE


def built_docx(data: Path, output: Path) -> Path:
    result = docgen.build(data, output=output, formats=("docx",))
    return next(path for path in result.files if path.suffix == ".docx")


def document_text(path: Path) -> list[object]:
    """Every paragraph's text and every table's cells, in document order."""
    import docx

    document = docx.Document(str(path))
    out: list[object] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            out.append([[cell.text for cell in row.cells] for row in block.rows])
        elif block.text.strip():
            out.append(block.text)
    return out


NOTICES = [SAMPLE, *sorted(EXAMPLES.glob("*.yaml")),
           *sorted(p for p in (TESTS / "corpus").glob("*.yaml")
                   if not p.name.endswith(".expected.yaml"))]


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.stem)
def test_a_built_notice_imports_and_builds_again_to_the_same_text(path: Path,
                                                                  tmp_path: Path) -> None:
    original = built_docx(path, tmp_path / "first")
    draft = read_docx(original)
    assert (draft.marks, draft.unplaced) == ([], [])
    again = built_docx(write_yaml(draft.data, tmp_path / "imported.yaml"), tmp_path / "again")
    assert document_text(again) == document_text(original)


def test_the_sample_typed_in_word_builds_to_the_samples_text(tmp_path: Path) -> None:
    typed = type_notice(data_of(SAMPLE), tmp_path / "typed.docx", Typing(header="textbox"))
    draft = read_docx(typed)
    data = dict(draft.data)
    assert [m.path for m in draft.marks] == ["signature.sealed"]  # the clerk checks the seal
    again = built_docx(write_yaml(data, tmp_path / "imported.yaml"), tmp_path / "again")
    assert document_text(again) == document_text(built_docx(SAMPLE, tmp_path / "sample"))


def test_docgen_import_of_a_typed_doc_writes_data_that_builds_after_review(
        tmp_path: Path) -> None:
    """The first-use path: last year's .doc imported, the one 【待核】 reviewed, built."""
    from support.word_typed import saved_by_libreoffice

    typed = type_notice(data_of(SAMPLE), tmp_path / "去年的通知.docx", Typing(header="table"))
    doc = saved_by_libreoffice(typed, "doc", tmp_path)
    result = docgen.import_file(doc, output=tmp_path / "导入.yaml")
    assert [m.path for m in result.marks] == ["signature.sealed"]
    assert result.unplaced == []
    text = result.target.read_text(encoding="utf-8")
    assert text.count("【待核】") == 1
    reviewed = result.target.with_name("已核.yaml")
    reviewed.write_text(text.replace("【待核】", "核过："), encoding="utf-8")
    again = built_docx(reviewed, tmp_path / "again")
    assert document_text(again) == document_text(built_docx(SAMPLE, tmp_path / "sample"))


def test_docgen_import_of_the_built_sample_writes_data_that_builds_the_same(
        tmp_path: Path) -> None:
    original = built_docx(SAMPLE, tmp_path / "first")
    result = docgen.import_file(original, output=tmp_path / "imported.yaml")
    assert (result.marks, result.unplaced) == ([], [])
    again = built_docx(result.target, tmp_path / "again")
    assert document_text(again) == document_text(original)
