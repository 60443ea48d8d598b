"""Importing the sample's own PDF: seconds per ``read_pdf`` call, in-process.

The sample (25 detail rows over three landscape pages) is built once with docgen (LibreOffice,
not timed); then ``docgen.ingest.pdffile.read_pdf`` reads it ``--repeat`` times after one
untimed warm-up (PyMuPDF's import and font loading) and the median, minimum and maximum are
printed, with the time split into opening and measuring, page extraction (text and rulings)
and recognition. ``--pdf FILE`` times another PDF instead. The machine is shared: compare
figures from one run, not across runs. Results also go to bench/results/import_pdf.json.

Run ``.venv/bin/python bench/bench_import_pdf.py [--repeat 7] [--pdf FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen import api  # noqa: E402
from docgen.ingest import pdffile  # noqa: E402
from docgen.ingest.recognise_lines import recognise  # noqa: E402
from docgen.resources import SAMPLE  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def sample_pdf(folder: Path) -> Path:
    result = api.build(SAMPLE, output=folder, formats=("pdf",))
    return next(path for path in result.files if path.suffix == ".pdf")


def timed_stages(pdf: Path) -> dict[str, float]:
    """One import, its stages timed apart (the same calls read_pdf makes)."""
    start = time.perf_counter()
    with pdffile.open_untrusted(pdf) as document:
        opened = time.perf_counter()
        pages = [pdffile._read_page(page) for page in document]
        items = pdffile.reading_order(pages, pdf.name)
        author = document.metadata.get("author") or ""
    extracted = time.perf_counter()
    recognise(items, source=pdf.name, author=author)
    done = time.perf_counter()
    return {"open": opened - start, "pages": extracted - opened,
            "recognise": done - extracted, "total": done - start}


def whole(pdf: Path) -> float:
    start = time.perf_counter()
    pdffile.read_pdf(pdf)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pdf", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pdf = args.pdf or sample_pdf(Path(folder))
        whole(pdf)  # warm-up: imports, fonts
        totals = [whole(pdf) for _ in range(args.repeat)]
        stages = [timed_stages(pdf) for _ in range(args.repeat)]
    report = {
        "pdf": pdf.name, "repeat": args.repeat, "load": os.getloadavg(),
        "read_pdf_seconds": {"median": statistics.median(totals), "min": min(totals),
                             "max": max(totals)},
        "stages_median_seconds": {key: statistics.median(s[key] for s in stages)
                                  for key in stages[0]},
    }
    seconds = report["read_pdf_seconds"]
    print(f"read_pdf({pdf.name}), {args.repeat} runs, load {report['load'][0]:.2f}: "
          f"median {seconds['median']:.3f} s (min {seconds['min']:.3f}, "
          f"max {seconds['max']:.3f})")
    for key, value in report["stages_median_seconds"].items():
        print(f"  {key:10} {value:.3f} s")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "import_pdf.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
