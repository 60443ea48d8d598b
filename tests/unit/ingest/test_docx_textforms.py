"""Dates, 发文字号 and the 版头 tokens in the ways clerks type them."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.ingest.textforms import find_date, find_doc_number, parse_date


@pytest.mark.parametrize(("text", "expected"), [
    ("2022年5月20日", dt.date(2022, 5, 20)),
    ("　　2022 年 5 月 20 日", dt.date(2022, 5, 20)),
    ("２０２２年５月２０日", dt.date(2022, 5, 20)),
    ("二〇二二年五月二十日", dt.date(2022, 5, 20)),
    ("二○二三年十二月三十一日", dt.date(2023, 12, 31)),
    ("二〇二四年十月十日", dt.date(2024, 10, 10)),
    ("二〇二〇年二月二十九日", dt.date(2020, 2, 29)),
])
def test_dates_in_arabic_full_width_and_chinese_numerals(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2022年2月30日", "二〇二二年五月", "2022-05-20 印发",
                                  "五月二十日"])
def test_what_is_not_a_whole_real_date_is_none(text: str) -> None:
    assert parse_date(text) is None


def test_a_date_is_found_inside_a_line_with_where_it_stands() -> None:
    date, start, end = find_date("山西省文化和旅游厅办公室　　2022年5月20日印发")
    assert date == dt.date(2022, 5, 20)
    assert "山西省文化和旅游厅办公室　　2022年5月20日印发"[start:end] == "2022年5月20日"


@pytest.mark.parametrize(("text", "typed", "standard"), [
    ("晋文旅办发〔2022〕46号", "晋文旅办发〔2022〕46号", "晋文旅办发〔2022〕46号"),
    ("晋文旅办发[2023]第05号", "晋文旅办发[2023]第05号", "晋文旅办发〔2023〕5号"),
    ("晋文旅办发(2023)5号", "晋文旅办发(2023)5号", "晋文旅办发〔2023〕5号"),
    ("某政办发（２０２３）１２号", "某政办发（２０２３）１２号", "某政办发〔2023〕12号"),
    ("某文旅发〔2024〕15号\u3000\u3000签发人：张某某", "某文旅发〔2024〕15号",
     "某文旅发〔2024〕15号"),
])
def test_doc_numbers_are_found_as_typed_with_their_standard_form(
        text: str, typed: str, standard: str) -> None:
    found = find_doc_number(text)
    assert found is not None
    assert (found.typed, found.standard) == (typed, standard)
    assert found.loose == (typed != standard)
