"""Loading, validating and linting a big notice: time per MB at 1, 5, 10, 20 and 50 MB.

The notices are generated from the sample (its task table's rows repeated, 序号 renumbered,
every text kept distinct so no rule takes a shortcut), written to a temporary folder and run
through ``load_file`` + ``assess`` (the verdict lint and build share). The report gives the
seconds per MB of each size and its ratio to the smallest size's: a ratio near 1 means the
time grows linearly with the file. Run ``.venv/bin/python bench/bench_yaml.py [--sizes 1,5]``;
results also go to bench/results/yaml.json.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.notice import extends  # noqa: E402
from docgen.notice.extends import load_file  # noqa: E402
from docgen.notice.verdict import assess  # noqa: E402
from docgen.resources import SAMPLE  # noqa: E402

RESULTS = ROOT / "bench" / "results"
ROWS_START = "      rows:"
ROWS_END = "\n# ── 单位名录"


def notice_text(size: int) -> str:
    """The sample with its task table's top-level rows repeated until the text has ``size``
    bytes (UTF-8), give or take a few per cent."""
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index("\n", text.index(ROWS_START)) + 1
    head, rest = text[:start], text[start:]
    rows, tail = rest.split(ROWS_END, 1)
    rows = rows.rstrip("\n") + "\n"
    chunks = [head]
    total = len(text.encode("utf-8"))
    number = 0
    row_bytes = len(rows.encode("utf-8"))
    while total < size:
        number += 1
        copy = re.sub(r"(?m)^        - 序号: \d+", lambda m, n=number: _numbered(m, n), rows)
        chunks.append(re.sub(r"(具体要求|重点任务|工作内容): ", rf"\1: 第{number}批：", copy))
        total += row_bytes + 20 * copy.count("具体要求")
    chunks.append(ROWS_END + tail)
    return "".join(chunks)


def _numbered(match: re.Match[str], batch: int) -> str:
    return match.group().rsplit(" ", 1)[0] + f" {batch}{match.group()[-1]}"


def measure(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    verdict = assess(load_file(path))
    return time.perf_counter() - start, len(verdict.findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,5,10,20,50", help="sizes in MB, comma-separated")
    args = parser.parse_args()
    sizes = [float(size) for size in args.sizes.split(",")]
    extends.MAX_DATA_BYTES = 10**9  # measure beyond the limit docgen sets for real use
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-yaml-") as scratch:
        for megabytes in sizes:
            path = Path(scratch) / f"notice-{megabytes:g}MB.yaml"
            path.write_text(notice_text(int(megabytes * 1_000_000)), encoding="utf-8")
            actual = path.stat().st_size / 1_000_000
            seconds, findings = measure(path)
            rows.append({"size_mb": round(actual, 2), "seconds": round(seconds, 2),
                         "seconds_per_mb": round(seconds / actual, 3), "findings": findings})
            path.unlink()
    base = rows[0]["seconds_per_mb"]
    print(f"{'MB':>6} {'s':>8} {'s/MB':>7} {'× first':>8} {'findings':>9}")
    for row in rows:
        row["ratio"] = round(row["seconds_per_mb"] / base, 2)
        print(f"{row['size_mb']:>6} {row['seconds']:>8} {row['seconds_per_mb']:>7} "
              f"{row['ratio']:>8} {row['findings']:>9}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "yaml.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1),
                                       encoding="utf-8")


if __name__ == "__main__":
    main()
