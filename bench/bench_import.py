"""Importing a 分工表: seconds for the sample's 25-row table as an .xlsx with merged cells
(the limits check, openpyxl, table_from_grid and the commented YAML, as ``docgen import``
runs them), for 1,000 and 10,000 rows, and for refusing a sheet of 10⁶ rows and a zip bomb.

The workbooks are made from the sample's table (printed as docgen prints it, each vertical
merge a merged range) in a temporary folder. Each size is imported ``--repeat`` times; the
median and the minimum are reported. Run ``.venv/bin/python bench/bench_import.py``; results
also go to bench/results/import.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from support.hostile_xlsx import sheet, with_sheet  # noqa: E402

import docgen  # noqa: E402
from docgen.compose.table import flatten  # noqa: E402
from docgen.errors import DocgenError  # noqa: E402
from docgen.notice.extends import load_file  # noqa: E402
from docgen.notice.model import Table  # noqa: E402
from docgen.resources import SAMPLE  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def sample_workbook(path: Path, copies: int) -> int:
    """The sample's table, its top-level groups repeated ``copies`` times; detail rows."""
    from openpyxl import Workbook

    data = load_file(SAMPLE).data["attachments"][0]["table"]
    rows = [dict(row, 序号=str(n * len(data["rows"]) + i + 1))
            for n in range(copies) for i, row in enumerate(data["rows"])]
    table = Table.model_validate({**data, "rows": rows})
    lines = flatten(table)
    book = Workbook()
    ws = book.active
    ws.append(table.column_names)
    for line in lines:
        ws.append([cell.text or None for cell in line])
    for col in range(len(table.columns)):
        start = None
        for index, line in enumerate([*lines, None]):
            merge = line[col].merge if line is not None else None
            if merge != "continue" and start is not None and index - start > 1:
                ws.merge_cells(start_row=start + 2, start_column=col + 1,
                               end_row=index + 1, end_column=col + 1)
            if merge != "continue":
                start = index
    book.save(path)
    return len(lines)


def timed(action, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    report = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for copies in (1, 40, 400):
            source = work / f"分工表-{copies}.xlsx"
            rows = sample_workbook(source, copies)
            target = work / f"分工表-{copies}.yaml"
            times = timed(lambda s=source, t=target: docgen.import_file(s, output=t, force=True),
                          args.repeat if copies < 400 else 1)
            report[f"{rows} rows"] = times
        hostile = {
            "10^6 rows refused": with_sheet(work, sheet("".join(
                f'<row r="{i}"/>' for i in range(1, 1_000_001)), dimension="A1"),
                name="million.xlsx"),
            "zip bomb refused": with_sheet(work, sheet(""), name="bomb.xlsx",
                                           parts={"xl/media/b.bin": bytes(100 * 2 ** 20)}),
        }
        for name, path in hostile.items():
            def refuse(p=path) -> None:
                try:
                    docgen.import_file(p, force=True)
                except DocgenError:
                    return
                raise AssertionError(f"{p.name} was not refused")
            report[name] = timed(refuse, args.repeat)
    for name, times in report.items():
        print(f"{name:>20}: median {statistics.median(times):.3f} s, min {min(times):.3f} s")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "import.json").write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
