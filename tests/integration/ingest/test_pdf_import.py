"""PDFs made by LibreOffice read back into data: docgen's own output of the sample, the
examples and corpus notices with 2- and 3-level tables prints the same again (every paragraph
and table cell, the merges included); a notice typed in Word the way offices type it and
saved as PDF by LibreOffice gives its fields."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import EXAMPLES, ROOT
from support.notice_print import data_of, printed
from support.tables import printed_grid
from support.word_typed import Typing, type_notice

from docgen import api
from docgen.ingest.blocks import TableBlock
from docgen.ingest.pdffile import _read_page, open_untrusted, read_pdf, reading_order
from docgen.libreoffice.convert import Converter
from docgen.resources import SAMPLE

CORPUS = ROOT / "tests" / "corpus"
NOTICES = {
    "sample": SAMPLE,
    "three-level": EXAMPLES / "three-level-unsealed.yaml",
    "upward": EXAMPLES / "upward-signers.yaml",
    "corpus-2-levels": CORPUS / "chizhou-xfj-zwgk.yaml",
    "corpus-3-levels": CORPUS / "gz-jtj-2022-zwgk.yaml",
    "corpus-3-levels-landscape": CORPUS / "xian-2022-fgf.yaml",
    "corpus-sealed-organ": CORPUS / "lishan-2023-zhongdian.yaml",
}


@pytest.mark.parametrize("name", NOTICES)
def test_docgens_pdf_imports_to_data_that_prints_the_same(name, build_cache, tmp_path):
    source = NOTICES[name]
    pdf = build_cache(name, source).pdf_path

    draft = read_pdf(pdf)

    assert draft.unplaced == []
    assert [mark for mark in draft.marks if mark.kind == "待定"] == []
    assert printed(draft.data, tmp_path, "imported") == printed(data_of(source), tmp_path)
    assert _columns(draft.data) == _columns(data_of(source))


def _columns(data: dict) -> list[list[tuple[str, str]]]:
    """Each table's columns as (name, alignment): how a column sits is read from the page."""
    return [[(column["name"], column.get("align", "left"))
             for column in attachment["table"]["columns"]]
            for attachment in data["attachments"] if "table" in attachment]


def test_the_samples_table_is_the_grid_docgen_printed(sample):
    with open_untrusted(sample.pdf_path) as document:
        pages = [_read_page(page) for page in document]
    [table] = [item for item in reading_order(pages, "sample.pdf")
               if isinstance(item, TableBlock)]
    expected = printed_grid(data_of(SAMPLE)["attachments"][0]["table"])

    def spans(grid):
        return sorted((c.row, c.col, c.rowspan, c.colspan, c.text) for c in grid.cells)

    assert spans(table.grid) == spans(expected)
    assert table.landscape and table.font_size == 12
    assert len({cell.where.split("（")[1] for cell in table.grid.cells}) == 3  # three pages


def test_the_samples_groups_come_back_as_levels(sample):
    table = read_pdf(sample.pdf_path).data["attachments"][0]["table"]
    source = data_of(SAMPLE)["attachments"][0]["table"]

    assert table["levels"] == source["levels"]
    assert [column["name"] for column in table["columns"]] == \
        [column["name"] for column in source["columns"]]
    assert [row["重点任务"] for row in table["rows"]] == [row["重点任务"] for row in source["rows"]]
    assert [len(row["items"]) for row in table["rows"]] == \
        [len(row["items"]) for row in source["rows"]]


def test_docgen_import_writes_the_samples_pdf_as_a_data_file_that_prints_the_same(sample,
                                                                                   tmp_path):
    result = api.import_file(sample.pdf_path, output=tmp_path / "imported.yaml")

    assert result.marks == [] and result.unplaced == []
    assert printed(data_of(result.target), tmp_path, "imported") == \
        printed(data_of(SAMPLE), tmp_path)


def test_table_only_takes_each_table_with_its_title(three_level):
    draft = read_pdf(three_level.pdf_path, table_only=True)
    source = data_of(EXAMPLES / "three-level-unsealed.yaml")

    assert list(draft.data) == ["attachments"]
    assert [a["title"] for a in draft.data["attachments"]] == \
        [a["title"] for a in source["attachments"] if "table" in a]
    assert draft.marks == []


@pytest.fixture(scope="module")
def converter():
    with Converter() as converter:
        yield converter


def _no_spaces(text: str) -> str:
    # LibreOffice draws a space between a Chinese and a Latin character as a gap without a
    # space character; the text layer cannot tell it from its own CJK/Latin spacing
    return re.sub(r"\s", "", text)


TYPINGS = {
    "spaces-and-soft-breaks": Typing(),
    "first-line-indent": Typing(indent="first_line", title_breaks=False),
    "padded-closing-title-paragraphs": Typing(padded=True, title_paragraphs=True),
    "table-typed-twice": Typing(split_after_rows=6),
}


def _unspaced(print_out: list) -> list[str]:
    return [_no_spaces(str(entry)) for entry in print_out]


@pytest.mark.parametrize("typing", TYPINGS)
@pytest.mark.parametrize("source", [SAMPLE, EXAMPLES / "three-level-unsealed.yaml",
                                    EXAMPLES / "upward-signers.yaml"],
                         ids=["sample", "three-level", "upward"])
def test_a_word_typed_notice_saved_as_pdf_imports_to_data_that_prints_the_same(
        source: Path, typing: str, converter, tmp_path):
    """Rows Word lets break at a page come back whole; the second table typed under the first
    is one table with it."""
    data = data_of(source)
    docx = type_notice(data, tmp_path / f"{source.stem}.docx", TYPINGS[typing])
    pdf = converter.convert(docx, tmp_path)

    draft = read_pdf(pdf)

    got = draft.data
    assert draft.unplaced == []
    for key in ("doc_number", "title", "recipients"):
        assert got[key] == data[key], key
    assert got["issuer"] == data["issuer"]
    assert got["signers"] == (data.get("signers") or [])
    assert _ymd(got["signature"]["date"]) == _ymd(data["signature"]["date"])
    assert _unspaced(printed(got, tmp_path, "imported")) == _unspaced(printed(data, tmp_path))


def _ymd(date: str) -> tuple[int, ...]:
    return tuple(int(part) for part in date.split("-"))
