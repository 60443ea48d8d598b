"""Start-up and end-to-end speed of the command line, against baselines in the same run.

* ``docgen --help`` and ``docgen lint`` (the sample) against ``python -c pass``: what importing
  docgen costs before any work (targets: help within 0.35 s, lint within 0.6 s).
* ``docgen extract`` (the sample, DOCX and PDF) end to end against one
  ``soffice --headless --convert-to pdf`` started from the shell for each document the extract
  produces (target: at least 4× faster), two ways: with one profile kept between the calls, as
  a clerk's own LibreOffice has (warm after the first start), and with a fresh profile for
  each call, as a script that keeps its runs apart does.

Every command is a fresh process, run in turn; medians of ``--repeat`` runs.
Run ``.venv/bin/python bench/bench_startup.py`` (part of ``make bench``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
RESULTS = Path(__file__).resolve().parent / "results"


def seconds(command: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def median_of(repeat: int, command: list[str], cwd: Path | None = None) -> float:
    return statistics.median(seconds(command, cwd) for _ in range(repeat))


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise SystemExit("LibreOffice is missing: run `make setup` first")
    return found


def by_hand(documents: list[Path], out: Path, profile_of) -> float:
    started = time.perf_counter()
    for index, document in enumerate(documents):
        subprocess.run([soffice(), f"-env:UserInstallation={profile_of(index).as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(out),
                        str(document)], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    assert len(list(out.glob("*.pdf"))) == len(documents)
    return time.perf_counter() - started


def extract_against_soffice(repeat: int, folder: Path) -> dict:
    docgen = str(BIN / "docgen")
    runs = [seconds([docgen, "extract", "-o", str(folder / f"extract-{index}")])
            for index in range(repeat)]
    documents = sorted((folder / "extract-0").glob("*.docx"))
    kept = [by_hand(documents, folder / f"kept-{index}", lambda _: folder / "profile")
            for index in range(repeat)]
    fresh = [by_hand(documents, folder / f"fresh-{index}",
                     lambda n, index=index: folder / f"profile-{index}-{n}")
             for index in range(repeat)]
    extract = statistics.median(runs)
    row = {"documents": len(documents), "docgen extract s": round(extract, 2)}
    for name, times in (("profile kept", kept), ("fresh profile", fresh)):
        baseline = statistics.median(times)
        row[name] = {"seconds": round(baseline, 2), "speed-up": round(baseline / extract, 2)}
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-extract", action="store_true", help="start-up only")
    args = parser.parse_args()
    docgen = str(BIN / "docgen")
    base = median_of(args.repeat, [sys.executable, "-c", "pass"])
    rows = {"python -c pass": base}
    rows["docgen --help"] = median_of(args.repeat, [docgen, "--help"])
    rows["docgen lint (sample)"] = median_of(args.repeat, [docgen, "lint"])
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print(f"{'command':<24}{'median s':>10}{'× python -c pass':>20}")
    for name, value in rows.items():
        print(f"{name:<24}{value:>10.3f}{value / base:>20.1f}")
    report: dict = {"startup": {name: round(value, 3) for name, value in rows.items()}}
    if not args.no_extract:
        with tempfile.TemporaryDirectory(prefix="docgen-bench-") as scratch:
            extract = extract_against_soffice(max(1, args.repeat // 2 + 1), Path(scratch))
        report["extract"] = extract
        print(f"docgen extract: {extract['documents']} documents in "
              f"{extract['docgen extract s']} s")
        for name in ("profile kept", "fresh profile"):
            print(f"  one soffice per document, {name}: {extract[name]['seconds']} s "
                  f"→ docgen {extract[name]['speed-up']}× faster")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "startup.json").write_text(json.dumps(report, ensure_ascii=False, indent=2),
                                          encoding="utf-8")


if __name__ == "__main__":
    main()
