"""PDFs the import refuses, each with a message that says why, before the pages are parsed
where the reason is in the file's size, page count, object count or encryption."""

from __future__ import annotations

import os
from pathlib import Path

import pymupdf
import pytest
from support.foreign_pdf import write_foreign_notice
from support.ruled_pdf import Box, draw_table, new_page

from docgen.errors import DataError, ExitCode
from docgen.ingest import pdffile
from docgen.ingest.pdffile import read_pdf


def refusal(path: Path) -> str:
    with pytest.raises(DataError) as caught:
        read_pdf(path)
    assert caught.value.exit_code == ExitCode.DATA
    text = caught.value.render()
    assert path.name in text
    return text


def test_an_encrypted_pdf_is_refused(tmp_path):
    notice = write_foreign_notice(tmp_path / "plain.pdf")
    with pymupdf.open(notice) as document:
        document.save(tmp_path / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256,
                      user_pw="secret", owner_pw="owner")

    assert "已加密" in refusal(tmp_path / "locked.pdf")


def test_a_pdf_of_scanned_pages_asks_for_ocr(tmp_path):
    document = pymupdf.open()
    page = document.new_page()
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 280), False)
    pixmap.clear_with(200)
    page.insert_image(page.rect, pixmap=pixmap)
    document.save(tmp_path / "scan.pdf")

    text = refusal(tmp_path / "scan.pdf")
    assert "没有文字层" in text and "OCR" in text


def test_a_pdf_of_5000_pages_is_refused_by_its_page_count(tmp_path):
    document = pymupdf.open()
    for _ in range(5000):
        document.new_page()
    document.save(tmp_path / "huge.pdf", garbage=1)

    assert "共 5000 页" in refusal(tmp_path / "huge.pdf")


@pytest.mark.parametrize("content", [os.urandom(4096), b"%PDF-1.7\n" + os.urandom(4096), b""],
                         ids=["random", "pdf-header-then-garbage", "empty"])
def test_garbage_is_refused(tmp_path, content):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(content)

    text = refusal(path)
    assert "PDF" in text


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    path = write_foreign_notice(tmp_path / "n.pdf")
    monkeypatch.setattr(pdffile, "MAX_BYTES", path.stat().st_size - 1)

    assert "超过导入上限" in refusal(path)


def test_a_file_of_too_many_objects_is_refused(tmp_path, monkeypatch):
    path = write_foreign_notice(tmp_path / "n.pdf")
    monkeypatch.setattr(pdffile, "MAX_OBJECTS", 5)

    assert "个对象" in refusal(path)


def test_a_page_of_too_many_lines_is_refused(tmp_path, monkeypatch):
    document = pymupdf.open()
    page = new_page(document)
    page.insert_text((80, 80), "一段足够长的文字，让文件有文字层。", fontsize=16,
                     fontname="china-s")
    for index in range(60):
        page.draw_line((80, 100 + index * 5), (500, 100 + index * 5), width=0.5)
    document.save(tmp_path / "lines.pdf")
    monkeypatch.setattr(pdffile, "MAX_RULINGS", 50)

    assert "第1页有 60 条线段" in refusal(tmp_path / "lines.pdf")


def test_a_table_drawn_cell_by_cell_counts_as_its_lines(tmp_path, monkeypatch):
    """Borders drawn one cell edge at a time (as word processors do) are joined before the
    limit is applied: a 40 × 8 table is far under it however many segments it has."""
    document = pymupdf.open()
    page = new_page(document)
    page.insert_text((80, 60), "一段足够长的文字，让文件有文字层。", fontsize=16,
                     fontname="china-s")
    boxes = [Box(row, col, (f"{row}",)) for row in range(40) for col in range(8)]
    draw_table(page, boxes, [50.0] * 8, top=80, heights=[17.0] * 40)
    document.save(tmp_path / "dense.pdf")
    monkeypatch.setattr(pdffile, "MAX_RULINGS", 100)  # 1280 segments, 50 lines

    [table] = read_pdf(tmp_path / "dense.pdf", table_only=True).data["attachments"]
    assert len(table["table"]["columns"]) == 8


def test_a_table_of_too_many_cells_is_refused_before_its_cells_are_made(tmp_path, monkeypatch):
    document = pymupdf.open()
    page = new_page(document)
    page.insert_text((80, 60), "一段足够长的文字，让文件有文字层。", fontsize=16,
                     fontname="china-s")
    draw_table(page, [Box(row, col) for row in range(20) for col in range(5)], [60.0] * 5)
    document.save(tmp_path / "cells.pdf")
    monkeypatch.setattr(pdffile, "MAX_SLOTS", 99)

    assert "第1页有 100 个表格格子" in refusal(tmp_path / "cells.pdf")
