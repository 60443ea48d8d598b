"""docgen check time per page on generated notices of 10, 100 and 1,000 pages.

The notices are written by tests/support/foreign_pdf.py (full 22-row body pages, no
LibreOffice); pages past the first ten are copies of body pages. Reports seconds per page for
each size and the ratio of each size's time per page to the smallest's: a ratio near 1 means
the check is linear in the page count. Run ``.venv/bin/python bench/bench_check.py
[--sizes 10,100,1000]``; the page limit of docgen.checks.run.MAX_PAGES is set from it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.foreign_pdf import ForeignNotice, write_foreign_notice  # noqa: E402

from docgen.checks import check_pdf  # noqa: E402
from docgen.checks.run import MAX_PAGES  # noqa: E402


def long_notice(folder: Path, pages: int) -> Path:
    """A notice of ``pages`` pages: ten written, the body pages copied to make up the rest
    (writing each page with its own font is slow to generate, not to check)."""
    seed = write_foreign_notice(folder / "seed.pdf", ForeignNotice(pages=10))
    target = folder / f"{pages}.pdf"
    with pymupdf.open(seed) as source, pymupdf.open() as document:
        document.insert_pdf(source, to_page=min(pages, source.page_count) - 2)
        while document.page_count < pages - 1:
            count = min(8, pages - 1 - document.page_count)
            document.insert_pdf(source, from_page=1, to_page=count)
        document.insert_pdf(source, from_page=source.page_count - 1)
        document.save(target, garbage=1)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,1000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    per_page: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-check-") as scratch:
        for pages in sizes:
            pdf = long_notice(Path(scratch), pages)
            start = time.perf_counter()
            report = check_pdf(pdf)
            seconds = time.perf_counter() - start
            per_page[pages] = seconds / report.pages
            rate = per_page[pages]
            print(f"{report.pages:>5} pages: {seconds:7.2f} s, {rate * 1000:6.1f} ms/page, "
                  f"{rate / per_page[sizes[0]]:.2f}× the {sizes[0]}-page rate")
    largest = per_page[sizes[-1]]
    print(f"limit {MAX_PAGES} pages ≈ {MAX_PAGES * largest:.0f} s at the {sizes[-1]}-page rate")


if __name__ == "__main__":
    main()
