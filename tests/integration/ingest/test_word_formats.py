"""Older formats through LibreOffice: a typed notice saved as .doc, .rtf or .odt imports
the same as the .docx it was saved from; a WPS sheet (.et) becomes a .xlsx; a file that is
not what its name says is refused in Chinese with the conversion exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.notice_print import data_of, printed
from support.word_typed import Typing, saved_by_libreoffice, type_notice

from docgen.errors import ConversionError, ExitCode
from docgen.ingest.convert import OLE2, to_docx, to_xlsx
from docgen.ingest.wordfile import read_docx
from docgen.resources import SAMPLE


@pytest.mark.parametrize("suffix", ["doc", "rtf", "odt"])
def test_a_typed_notice_saved_in_an_older_format_imports_the_same(suffix: str,
                                                                  tmp_path: Path) -> None:
    source = data_of(SAMPLE)
    typed = type_notice(source, tmp_path / "typed.docx", Typing(header="table"))
    older = saved_by_libreoffice(typed, suffix, tmp_path)
    draft = read_docx(to_docx(older, tmp_path / "work"))
    assert draft.unplaced == []
    assert printed(draft.data, tmp_path, "imported") == printed(source, tmp_path, "source")
    table = draft.data["attachments"][0]["table"]
    assert table["rows"] == source["attachments"][0]["table"]["rows"]


def test_a_wps_file_in_the_word_compatible_form_imports_through_libreoffice(
        tmp_path: Path) -> None:
    source = data_of(SAMPLE)
    typed = type_notice(source, tmp_path / "typed.docx", Typing(header="textbox"))
    wps = saved_by_libreoffice(typed, "doc", tmp_path).rename(tmp_path / "通知.wps")
    draft = read_docx(to_docx(wps, tmp_path / "work"))
    assert printed(draft.data, tmp_path, "imported") == printed(source, tmp_path, "source")


def test_a_wps_sheet_becomes_a_workbook_with_its_merged_cells(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "重点任务", "具体要求"])
    sheet.append(["1", "以公开促落实", "公布政策"])
    sheet.append([None, None, "做好解读"])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    book.save(tmp_path / "table.xlsx")
    et = saved_by_libreoffice(tmp_path / "table.xlsx", "xls", tmp_path).rename(
        tmp_path / "分工表.et")
    converted = openpyxl.load_workbook(to_xlsx(et, tmp_path / "work"))
    merged = sorted(str(r) for r in converted.active.merged_cells.ranges)
    assert merged == ["A2:A3", "B2:B3"]
    assert converted.active["C3"].value == "做好解读"


def test_a_file_that_is_not_what_its_name_says_is_refused_before_libreoffice(
        tmp_path: Path) -> None:
    fake = tmp_path / "通知.doc"
    fake.write_text("这不是 Word 文档", encoding="utf-8")
    with pytest.raises(ConversionError) as caught:
        to_docx(fake, tmp_path / "work")
    assert caught.value.exit_code == ExitCode.CONVERSION
    assert "不是Word 97-2003 文档" in caught.value.message


def test_a_damaged_file_libreoffice_cannot_read_is_a_conversion_error(tmp_path: Path) -> None:
    damaged = tmp_path / "损坏.doc"
    damaged.write_bytes(OLE2 + b"\x00" * 4096)
    with pytest.raises(ConversionError) as caught:
        to_docx(damaged, tmp_path / "work")
    assert "LibreOffice 无法读取 损坏.doc" in caught.value.message
