"""docgen check bounded: unreadable input and unwritable pictures explained in Chinese with
their exit codes, a page limit, and each page's text read once however many rules ask."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner
from support.foreign_pdf import ForeignNotice, write_foreign_notice

from docgen.checks import check_pdf
from docgen.checks.run import MAX_PAGES
from docgen.cli import main


@pytest.fixture(scope="module")
def notice(tmp_path_factory) -> Path:
    return write_foreign_notice(tmp_path_factory.mktemp("bounds") / "notice.pdf")


def test_check_explains_a_truncated_pdf(tmp_path, notice):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    result = CliRunner().invoke(main, ["check", str(cut)])
    assert result.exit_code == 3, result.output
    assert "无法读取 PDF" in result.stderr and "不完整或已损坏" in result.stderr
    assert "Traceback" not in result.output
    emptied = tmp_path / "emptied.pdf"  # pages left, their content cut away
    emptied.write_bytes(notice.read_bytes()[:1000])
    result = CliRunner().invoke(main, ["check", str(emptied)])
    assert result.exit_code == 3, result.output
    assert "不完整或已损坏" in result.stderr


def test_check_annotate_draws_a_huge_page_within_bounds(tmp_path):
    huge = tmp_path / "huge.pdf"
    with pymupdf.open() as document:
        page = document.new_page(width=14400, height=14400)
        page.insert_text((100, 300), "通知", fontsize=200, fontname="china-s")
        document.save(huge)
    png = tmp_path / "huge.png"
    result = CliRunner().invoke(main, ["check", str(huge), "--annotate", str(png)])
    assert result.exit_code == 1, result.output  # findings, not a crash
    picture = pymupdf.Pixmap(str(tmp_path / "huge-1.png"))
    assert picture.width * picture.height <= 16_000_000


def test_check_annotate_that_cannot_be_written_exits_6(tmp_path, notice):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(notice), "--annotate",
                                       str(blocker / "out.png")])
    assert result.exit_code == 6, result.output
    assert "无法写" in result.stderr  # the annotation, or the folder it would go in


def test_check_refuses_more_pages_than_its_limit(tmp_path, notice, monkeypatch):
    monkeypatch.setattr("docgen.checks.run.MAX_PAGES", 1)
    result = CliRunner().invoke(main, ["check", str(notice)])
    assert result.exit_code == 3, result.output
    assert "超过上限 1 页" in result.stderr
    assert 1000 <= MAX_PAGES <= 10000


def test_check_reads_each_page_once(tmp_path, monkeypatch):
    """Per-page work does not grow with the page count: every rule (and the seal finder)
    shares one text extraction per page."""
    reads: list[int] = []
    original = pymupdf.Page.get_text

    def counting(page: pymupdf.Page, option: str = "text", **kwargs):
        if option == "rawdict":
            reads.append(page.number)
        return original(page, option, **kwargs)

    monkeypatch.setattr(pymupdf.Page, "get_text", counting)
    for pages in (3, 9):
        pdf = write_foreign_notice(tmp_path / f"{pages}.pdf", ForeignNotice(pages=pages))
        reads.clear()
        check_pdf(pdf)
        with pymupdf.open(pdf) as document:
            assert len(reads) == document.page_count, (pages, sorted(reads))
