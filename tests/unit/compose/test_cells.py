"""Every spreadsheet cell and CSV field docgen writes is text, never a formula."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from docgen.compose.cells import csv_field, write_cell
from docgen.pipelines.extract import _write_csv

HOSTILE = ["=1+1", "+1", "-2", "@SUM(A1:A2)", "\t=1", "\r=1", '=HYPERLINK("x")']


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_start_becomes_text_in_a_csv_field(value):
    assert csv_field(value) == "'" + value


@pytest.mark.parametrize("value", ["办公室", "1.2", "已完成 = 是", "", "2022-12-31"])
def test_ordinary_text_is_left_alone(value):
    assert csv_field(value) == value


def test_the_summary_csv_goes_through_the_guard(tmp_path):
    path = tmp_path / "汇总.csv"
    _write_csv(path, ("单位", "涉及的行"), [("=cmd|' /C calc'!A0", "-1"), ("办公室", "1.1")])
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[1] == ["'=cmd|' /C calc'!A0", "'-1"]
    assert rows[2] == ["办公室", "1.1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_an_xlsx_cell_keeps_the_text_exactly_and_as_a_string(value):
    book = Workbook()
    write_cell(book.active, 1, 1, value)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    cell = load_workbook(buffer).active["A1"]
    assert cell.value == value
    assert cell.data_type == "s"
    assert cell.quotePrefix
