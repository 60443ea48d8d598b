"""Batch conversion: docgen's pool of running LibreOffice workers against one
``soffice --convert-to pdf`` process per file, side by side in one run.

Two sets: the seed's (the notice, one task list per unit and the 汇总) and a synthetic set of
40 documents (the same documents repeated under other names). For each: wall time, the ratio,
and the peak resident memory of all LibreOffice processes together, sampled every 50 ms.

Run ``.venv/bin/python bench/bench_pool.py`` (``make bench-pool``); ``--workers`` overrides the
pool size (default: one per core).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from docgen.compose.extract import render_extract
from docgen.compose.notice import Placement, render_notice
from docgen.libreoffice.convert import Converter
from docgen.libreoffice.fonts import write_fontconfig
from docgen.libreoffice.pool import Pool
from docgen.notice import tasks as extract
from docgen.notice.extends import load_file
from docgen.notice.validate import validate
from docgen.pipelines.publish import unique_stems
from docgen.resources import DEFAULT_TEMPLATE, SAMPLE

RESULTS = Path(__file__).resolve().parent / "results"


def seed_documents(folder: Path) -> list[Path]:
    """The notice, one extract per unit and the 汇总, as DOCX files."""
    notice = validate(load_file(SAMPLE))
    paths = [folder / "notice.docx"]
    render_notice(notice, DEFAULT_TEMPLATE, Placement()).save(paths[0])
    extracts = extract.plan(notice)
    tables = dict(extract.task_tables(notice))
    for item, stem in zip(extracts, unique_stems([e.unit for e in extracts]), strict=True):
        table = extract.extract_table(tables[item.attachment], item)
        title = extract.extract_title(notice, item.unit)
        path = folder / f"{stem}.docx"
        render_extract(notice, table, title, DEFAULT_TEMPLATE).save(path)
        paths.append(path)
    summary = folder / "汇总.docx"
    render_extract(notice, extract.summary_table(extracts),
                           extract.extract_title(notice, "汇总"), DEFAULT_TEMPLATE).save(summary)
    return [*paths, summary]


def synthetic_documents(seed: list[Path], folder: Path, count: int) -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"doc{index:02d}.docx"
        shutil.copyfile(seed[index % len(seed)], path)
        paths.append(path)
    return paths


class MemoryWatch:
    """Peak total RSS of the LibreOffice processes this benchmark started."""

    def __init__(self) -> None:
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, _soffice_rss_kib())
            time.sleep(0.05)


def _soffice_rss_kib() -> int:
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            if b"soffice" not in command or b"docgen-" not in command:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def one_process_per_file(documents: list[Path], out: Path, fontconfig: Path) -> float:
    started = time.perf_counter()
    with Converter(fontconfig) as converter:
        for document in documents:
            converter.convert(document, out)
    return time.perf_counter() - started


def pooled(documents: list[Path], out: Path, fontconfig: Path, workers: int) -> float:
    started = time.perf_counter()
    with Pool(fontconfig, workers=workers) as pool:
        if not pool.persistent:
            raise SystemExit("python3-uno is missing: run `make setup` first")
        pool.convert_all(documents, out)
    return time.perf_counter() - started


def measure(name: str, documents: list[Path], workers: int, folder: Path) -> dict:
    fontconfig = write_fontconfig(folder, {})
    results = {}
    for label, run in (("one soffice per file", lambda out: one_process_per_file(
            documents, out, fontconfig)), ("pool", lambda out: pooled(
                documents, out, fontconfig, workers))):
        out = folder / label.replace(" ", "-")
        out.mkdir()
        with MemoryWatch() as memory:
            seconds = run(out)
        assert len(list(out.glob("*.pdf"))) == len(documents)
        results[label] = {"seconds": round(seconds, 2), "peak_mib": round(memory.peak_kib / 1024)}
    ratio = results["one soffice per file"]["seconds"] / results["pool"]["seconds"]
    return {"set": name, "documents": len(documents), "workers": workers, **results,
            "speed-up": round(ratio, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--synthetic", type=int, default=40)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as scratch:
        folder = Path(scratch)
        (folder / "seed").mkdir()
        (folder / "synthetic").mkdir()
        seed = seed_documents(folder / "seed")
        synthetic = synthetic_documents(seed, folder / "synthetic", args.synthetic)
        for name, documents in (("seed", seed), (f"synthetic {args.synthetic}", synthetic)):
            work = folder / ("run-" + name.replace(" ", "-"))
            work.mkdir()
            rows.append(measure(name, documents, args.workers, work))
    print(f"{'set':<14}{'docs':>5}  {'one soffice per file':>22}  {'pool':>16}  speed-up")
    for row in rows:
        single, pool = row["one soffice per file"], row["pool"]
        print(f"{row['set']:<14}{row['documents']:>5}  {single['seconds']:>9.2f} s "
              f"{single['peak_mib']:>6} MiB  {pool['seconds']:>6.2f} s {pool['peak_mib']:>5} MiB"
              f"  {row['speed-up']:>6.2f}×")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pool.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2),
                                       encoding="utf-8")


if __name__ == "__main__":
    main()
