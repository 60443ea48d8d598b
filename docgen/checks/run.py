"""check_pdf: every registered rule, in the registry's order, on one PDF."""

from __future__ import annotations

from pathlib import Path

import pymupdf

# Imported for their @rule registrations; the registry, not this list, fixes the order.
from docgen.checks import body, closing, fonts, imprint, masthead, page  # noqa: F401
from docgen.checks.context import Context
from docgen.checks.registry import registered
from docgen.checks.report import Report
from docgen.pdf.measure import open_pdf, read_once

# bench/bench_check.py on the 2-core build machine under load: 11.8 ms a page at 1,000 pages
# (the rate falls, not rises, with the size), so 3,000 pages take about 35 s, within a minute.
MAX_PAGES = 3000


def check_pdf(path: Path) -> Report:
    with open_pdf(path, max_pages=MAX_PAGES) as pdf, read_once():
        _refuse_unreadable(pdf)
        ctx = Context(pdf, str(path))
        for check in registered():
            check(ctx)
        return ctx.report


def _refuse_unreadable(pdf: pymupdf.Document) -> None:
    """A cut-off download opens as no pages, or as pages MuPDF had to rebuild with nothing on
    them: say so rather than measure nothing (or fail on page 1)."""
    if pdf.page_count == 0:
        raise ValueError("文件中没有可读的页面（文件不完整或已损坏）")
    if pdf.is_repaired and not any(sheet.get_text("text").strip() or sheet.get_images()
                                   for sheet in pdf):
        raise ValueError("文件不完整或已损坏，修复后读不到任何内容")
