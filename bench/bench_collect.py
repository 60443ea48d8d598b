"""The collect loop without LibreOffice: writing every unit's fill-in workbook, reading the
filled workbooks back, and compiling them against the notice, on the sample.

Each stage runs ``--repeat`` times (default 5); the report gives the median and the fastest
run in milliseconds. Run ``.venv/bin/python bench/bench_collect.py [--repeat 10]``; results
also go to bench/results/collect.json. The machine's load moves these figures: compare
stages within one run, not runs on different days.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.compose.workbook import FIRST_ROW, HEADER_ROW, SHEET, fill_in_workbook  # noqa: E402
from docgen.notice import tasks  # noqa: E402
from docgen.notice.collection import compile_returns  # noqa: E402
from docgen.notice.extends import load_file  # noqa: E402
from docgen.notice.validate import validate  # noqa: E402
from docgen.pipelines.returns import read_returns  # noqa: E402
from docgen.resources import SAMPLE  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def write_workbooks(notice, folder: Path) -> list[Path]:
    tables = dict(tasks.task_tables(notice))
    paths = []
    for item in (i for i in tasks.plan(notice) if i.leaves):
        book = fill_in_workbook(notice, tables[item.attachment], item,
                                tasks.extract_title(notice, item.unit))
        paths.append(folder / f"{item.unit}.xlsx")
        book.save(paths[-1])
    return paths


def fill(paths: list[Path]) -> None:
    from openpyxl import load_workbook

    for path in paths:
        book = load_workbook(path)
        sheet = book[SHEET]
        names = [cell.value for cell in sheet[HEADER_ROW]]
        for row in range(FIRST_ROW, sheet.max_row + 1):
            sheet.cell(row, names.index("落实情况") + 1).value = "已按要求落实。"
            sheet.cell(row, names.index("进展") + 1).value = "推进中"
        book.save(path)


def timed(action, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append((time.perf_counter() - start) * 1000)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    notice = validate(load_file(SAMPLE))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        write = timed(lambda: write_workbooks(notice, work), repeat)
        paths = write_workbooks(notice, work)
        fill(paths)
        read = timed(lambda: read_returns(paths, notice), repeat)
        files, _ = read_returns(paths, notice)
        rows = sum(len(f.rows) for f in files)
        compiled = timed(lambda: compile_returns(notice, files, dt.date(2022, 12, 31)), repeat)
    report = {name: {"median_ms": round(statistics.median(runs), 1),
                     "min_ms": round(min(runs), 1)}
              for name, runs in (("write workbooks", write), ("read back", read),
                                 ("compile", compiled))}
    print(f"{len(paths)} workbooks, {rows} rows, {repeat} runs each")
    for name, figures in report.items():
        print(f"  {name:16} median {figures['median_ms']:8.1f} ms   min "
              f"{figures['min_ms']:8.1f} ms")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "collect.json").write_text(json.dumps(
        {"workbooks": len(paths), "rows": rows, "repeat": repeat, **report}, indent=1),
        encoding="utf-8")


if __name__ == "__main__":
    main()
