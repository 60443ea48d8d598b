"""docgen's own DOCX read back: every example and corpus notice imports to data that prints
the same notice, with nothing marked and nothing left unplaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import EXAMPLES, TESTS
from support.notice_print import compose, data_of, printed

from docgen.ingest.wordfile import read_docx
from docgen.resources import SAMPLE

NOTICES = [SAMPLE, *sorted(EXAMPLES.glob("*.yaml")),
           *sorted(p for p in (TESTS / "corpus").glob("*.yaml")
                   if not p.name.endswith(".expected.yaml"))]


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.stem)
def test_docgens_own_docx_imports_to_data_that_prints_the_same(path: Path,
                                                               tmp_path: Path) -> None:
    source = data_of(path)
    draft = read_docx(compose(source, tmp_path / "built.docx"))
    assert draft.unplaced == []
    assert draft.marks == []
    assert printed(draft.data, tmp_path, "imported") == printed(source, tmp_path, "source")


def test_the_sample_imports_field_by_field_with_the_tables_groups(tmp_path: Path) -> None:
    source = data_of(SAMPLE)
    data = read_docx(compose(source, tmp_path / "sample.docx")).data
    assert data["issuer"] == source["issuer"]
    assert data["doc_number"] == "晋文旅办发〔2022〕46号"
    assert data["title"] == source["title"]  # docgen's own breaks, not the author's
    assert data["recipients"] == source["recipients"]
    assert data["body"] == source["body"]
    assert data["signature"] == {"date": "2022-05-20", "sealed": "true"}
    assert data["imprint"] == {"printer": "山西省文化和旅游厅办公室", "print_date": "2022-05-20"}
    table, expected = data["attachments"][0]["table"], source["attachments"][0]["table"]
    assert table["levels"] == expected["levels"]
    assert table["rows"] == expected["rows"]
    assert [c["name"] for c in table["columns"]] == [c["name"] for c in expected["columns"]]
    assert table["orientation"] == "landscape"
    assert table["font_size"] == 12


def test_signers_a_note_and_an_unsealed_signature_come_back(tmp_path: Path) -> None:
    upward = read_docx(compose(data_of(EXAMPLES / "upward-signers.yaml"),
                               tmp_path / "up.docx")).data
    assert upward["signers"] == ["张某某", "李某某", "王某某"]
    assert upward["doc_number"] == "某文旅发〔2024〕15号"
    three = data_of(EXAMPLES / "three-level-unsealed.yaml")
    imported = read_docx(compose(three, tmp_path / "three.docx")).data
    assert imported["signature"]["sealed"] == "false"
    for key in ("copy_number", "secrecy", "urgency", "note"):
        assert imported.get(key) == three.get(key), key
    assert imported["imprint"]["cc"] == three["imprint"]["cc"]


def test_a_run_in_heading_set_apart_by_hand_comes_back_and_an_automatic_one_does_not(
        tmp_path: Path) -> None:
    source = data_of(SAMPLE)
    source["body"] = [{"heading": "（一）培训", "text": "时间：2023年3月15日上午。"},
                      "（二）培训地点：省文旅厅三楼会议室。",
                      {"text": "一、这一段不是标题", "level": 0}]
    data = read_docx(compose(source, tmp_path / "headings.docx")).data
    assert data["body"] == source["body"]


def test_a_drafts_placeholders_come_back_as_placeholders(tmp_path: Path) -> None:
    source = data_of(SAMPLE)
    source["doc_number"] = "晋文旅办发〔2023〕【待定】号"
    source["signature"]["date"] = "【待定】"
    source["imprint"]["print_date"] = "【待定】"
    draft = read_docx(compose(source, tmp_path / "draft.docx"))
    assert draft.data["doc_number"] == "晋文旅办发〔2023〕【待定】号"
    assert draft.data["signature"]["date"] == "【待定】"
    assert draft.data["imprint"] == {"printer": "山西省文化和旅游厅办公室",
                                     "print_date": "【待定】"}
    assert {(m.path, m.kind) for m in draft.marks} == {
        ("doc_number", "待定"), ("signature.date", "待定"), ("imprint.print_date", "待定")}
    assert draft.unplaced == []
