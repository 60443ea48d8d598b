"""docgen 构建耗时基准 / Build-time benchmark for docgen.

Times, in one run on this machine:

1. DOCX rendering alone: ``render_notice(notice, DEFAULT_TEMPLATE, Placement())`` plus
   ``document.save`` to a temporary file, for the sample notice and for copies whose task
   table has its top-level rows replicated 3×, 10× and 30× (built in memory from the sample's
   plain data and validated; nothing is written to ``data/``).
2. PDF conversion alone: one ``Converter`` converting each size's DOCX. Every
   ``Converter.convert`` call starts one fresh soffice process; "cold" is the first call on a
   new Converter (fresh LibreOffice profile and font cache), "warm" the later calls on the
   same Converter. An empty DOCX gives the per-call floor (process start and stop).
3. The whole ``pipeline.build(sample, out_dir)`` (one render and one conversion per pass,
   2–3 passes to place the 版记), for comparison.

Run ``.venv/bin/python bench/bench_build.py`` (or ``make bench``); ``--quick`` for
one repetition of 1× and 10× only. Results go to stdout and ``bench/results/latest.json``.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx

from docgen.compose.notice import Placement, render_notice
from docgen.compose.table import flatten
from docgen.compose.template import StyleBook
from docgen.libreoffice.convert import Converter, find_soffice
from docgen.libreoffice.fonts import write_fontconfig
from docgen.notice.extends import load_file
from docgen.notice.model import Notice
from docgen.notice.source import Source
from docgen.notice.validate import validate
from docgen.pdf.measure import open_pdf
from docgen.pipelines.build import build
from docgen.resources import DEFAULT_TEMPLATE, SAMPLE

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.json"
FULL_SIZES = (1, 3, 10, 30)
QUICK_SIZES = (1, 10)
DEFAULT_REPEAT = 3
DEFAULT_TIMEOUT = 900.0  # per conversion; the 30× table is a long document


# ── the enlarged notices ───────────────────────────────────────────────────────────────────
def task_table(data: dict[str, Any]) -> dict[str, Any]:
    """The first attachment's table in the plain data (the sample's 任务分工分解表)."""
    for attachment in data.get("attachments") or ():
        if isinstance(attachment, dict) and isinstance(attachment.get("table"), dict):
            return attachment["table"]
    raise SystemExit("bench: the data has no attachment with a table to enlarge")


def enlarge(source: Source, factor: int) -> Source:
    """The sample with its table's top-level rows replicated ``factor`` times.

    Top-level cells that number the groups (digit strings in every row, e.g. 序号) are
    renumbered 1, 2, 3 … so the long table reads like a real one; row ids, if any, get a
    per-copy suffix so they stay unique.
    """
    data = copy.deepcopy(source.data)
    table = task_table(data)
    rows = table["rows"]
    counters = [key for key in rows[0]
                if key not in ("id", "items")
                and all(isinstance(row.get(key), str) and row[key].isdigit() for row in rows)]
    enlarged = []
    for copy_index in range(factor):
        for row in rows:
            clone = copy.deepcopy(row)
            for key in counters:
                clone[key] = str(len(enlarged) + 1)
            if copy_index:
                _suffix_ids(clone, f"-{copy_index + 1}")
            enlarged.append(clone)
    table["rows"] = enlarged
    name = source.file if factor == 1 else f"{source.file} (rows ×{factor})"
    return Source(name, data, dict(source.marks))


def _suffix_ids(row: dict[str, Any], suffix: str) -> None:
    if isinstance(row.get("id"), str):
        row["id"] += suffix
    for child in row.get("items") or ():
        if isinstance(child, dict):
            _suffix_ids(child, suffix)


# ── measurements ───────────────────────────────────────────────────────────────────────────
@dataclass
class Timing:
    """Samples of one measurement, in seconds."""

    samples: list[float] = field(default_factory=list)
    contended: list[bool] = field(default_factory=list)  # another soffice/pytest was running

    def add(self, seconds: float, contended: bool) -> None:
        self.samples.append(seconds)
        self.contended.append(contended)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def min(self) -> float:
        return min(self.samples)

    def as_json(self) -> dict[str, Any]:
        if not self.samples:
            return {"samples_s": []}
        return {"samples_s": [round(s, 4) for s in self.samples],
                "median_s": round(self.median, 4), "min_s": round(self.min, 4),
                "contended": sum(self.contended)}


@dataclass
class Size:
    factor: int
    notice: Notice
    top_rows: int
    detail_rows: int
    docx: Path
    pdf: Path | None = None
    pages: int | None = None
    docx_bytes: int | None = None
    pdf_bytes: int | None = None
    warnings: int = 0
    render: Timing = field(default_factory=Timing)  # render_notice + save
    render_only: Timing = field(default_factory=Timing)  # render_notice
    save: Timing = field(default_factory=Timing)  # document.save
    convert: Timing = field(default_factory=Timing)  # warm conversions


def rivals() -> set[int]:
    """Other processes competing for the CPUs: any soffice or pytest not this process.

    The package is developed and tested on this machine while the benchmark runs; a timing
    taken while one of these was running is marked contended. Our own soffice children only
    live inside a timed convert(), so they are not seen before or after one.
    """
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            head = b" ".join((entry / "cmdline").read_bytes().split(b"\0")[:3])
        except OSError:
            continue
        if b"soffice" in head or b"pytest" in head:
            found.add(int(entry.name))
    return found


def stopwatch(action: Callable[[], Any]) -> tuple[float, Any, bool]:
    """Seconds taken, the action's value, and whether a rival ran at its start or end."""
    before = rivals()
    start = time.perf_counter()
    value = action()
    seconds = time.perf_counter() - start
    return seconds, value, bool(before or rivals())


def render_once(size: Size) -> Any:
    before = rivals()
    start = time.perf_counter()
    document = render_notice(size.notice, DEFAULT_TEMPLATE, Placement())
    rendered = time.perf_counter()
    document.save(size.docx)
    saved = time.perf_counter()
    contended = bool(before or rivals())
    size.render.add(saved - start, contended)
    size.render_only.add(rendered - start, contended)
    size.save.add(saved - rendered, contended)
    size.warnings = len(document.warnings)
    return document


def count_pages(pdf: Path) -> int:
    with open_pdf(pdf) as document:
        return document.page_count


def rounds(repeat: int, sizes: list[Size]) -> Iterable[Size]:
    """Round-robin order, so slow drift in machine load hits every size alike."""
    for _ in range(repeat):
        yield from sizes


def progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


# ── the run ────────────────────────────────────────────────────────────────────────────────
def run(data_path: Path, factors: list[int], repeat: int, timeout: float,
        with_build: bool) -> dict[str, Any]:
    source = load_file(data_path)
    load_before = os.getloadavg()
    results: dict[str, Any] = {"meta": environment(data_path, factors, repeat, timeout)}
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as scratch:
        work = Path(scratch)
        (work / "pdf").mkdir()
        sizes = []
        for factor in factors:
            notice = validate(enlarge(source, factor))
            table = next(a.table for a in notice.attachments if a.table is not None)
            sizes.append(Size(factor, notice, len(table.rows), len(flatten(table)),
                              work / f"notice-x{factor}.docx"))

        # 1. rendering. One untimed render first: the process's first render pays one-off
        # costs (lazy imports, lxml and regex set-up) that a build pays once, not per size.
        progress("render warm-up")
        warmup_s, document, _ = stopwatch(
            lambda: render_notice(sizes[0].notice, DEFAULT_TEMPLATE, Placement()))
        for size in rounds(repeat, sizes):
            progress(f"render {size.factor}×")
            render_once(size)
        for size in sizes:
            size.docx_bytes = size.docx.stat().st_size

        # 2. conversion, with the fonts the pipeline would give LibreOffice.
        fontconfig = write_fontconfig(work, StyleBook(document).role_fonts())
        blank = work / "empty.docx"
        docx.Document().save(blank)
        cold, floor = Timing(), Timing()
        soffice_calls = 0
        with Converter(fontconfig, timeout) as converter:
            progress("convert 1× (cold: fresh profile)")
            cold.add(*_timed(lambda: converter.convert(sizes[0].docx, work / "pdf")))
            soffice_calls += 1
            for size in rounds(repeat, sizes):
                progress(f"convert {size.factor}×")
                seconds, pdf, contended = stopwatch(
                    lambda size=size: converter.convert(size.docx, work / "pdf"))
                size.convert.add(seconds, contended)
                size.pdf = pdf
                soffice_calls += 1
            for _ in range(repeat):
                progress("convert empty DOCX (floor)")
                floor.add(*_timed(lambda: converter.convert(blank, work / "pdf")))
                soffice_calls += 1
        cold_dir = work / "cold"
        cold_dir.mkdir()
        for index in range(1, repeat):  # more cold samples, one fresh Converter each
            with Converter(fontconfig, timeout) as fresh:
                progress(f"convert 1× (cold, fresh Converter {index + 1}/{repeat})")
                cold.add(*_timed(lambda fresh=fresh: fresh.convert(sizes[0].docx, cold_dir)))
                soffice_calls += 1
        for size in sizes:
            assert size.pdf is not None
            size.pages = count_pages(size.pdf)
            size.pdf_bytes = size.pdf.stat().st_size

        # 3. the whole pipeline, sample only.
        build_result = run_build(data_path, work, repeat, timeout) if with_build else None

    results["sizes"] = [size_json(size, sizes[0], floor) for size in sizes]
    results["render_warmup_s"] = round(warmup_s, 4)
    results["convert_cold"] = {**cold.as_json(), "note":
                               "first convert() on a new Converter (fresh LibreOffice profile)"}
    results["convert_floor"] = {**floor.as_json(), "note": "empty DOCX, warm: process floor"}
    results["soffice_processes"] = soffice_calls
    if build_result is not None and "error" not in build_result:
        build_result["parts"] = build_parts(build_result, results["sizes"][0],
                                            results["convert_cold"])
    results["build"] = build_result
    load_after = os.getloadavg()
    results["meta"]["loadavg_start"] = [round(x, 2) for x in load_before]
    results["meta"]["loadavg_end"] = [round(x, 2) for x in load_after]
    return results


def _timed(action: Callable[[], Any]) -> tuple[float, bool]:
    seconds, _value, contended = stopwatch(action)
    return seconds, contended


def run_build(data_path: Path, work: Path, repeat: int, timeout: float) -> dict[str, Any]:
    timing = Timing()
    passes, pages = [], []
    try:
        for index in range(repeat):
            progress(f"pipeline.build {index + 1}/{repeat}")
            out_dir = work / f"build{index}"
            seconds, result, contended = stopwatch(
                lambda out_dir=out_dir: build(data_path, out_dir, timeout=timeout))
            timing.add(seconds, contended)
            passes.append(result.passes)
            pages.append(result.pages)
    except Exception as exc:  # the package is under concurrent edit: report, don't hide
        return {**timing.as_json(), "error": f"{type(exc).__name__}: {exc}"}
    return {**timing.as_json(), "passes": passes, "pages": pages}


def size_json(size: Size, base: Size, floor: Timing) -> dict[str, Any]:
    def stats(timing: Timing, base_timing: Timing) -> dict[str, Any]:
        extra_rows = size.detail_rows - base.detail_rows
        return {
            **timing.as_json(),
            "ratio_to_sample": round(timing.median / base_timing.median, 3),
            "ms_per_detail_row": round(timing.median / size.detail_rows * 1000, 2),
            "marginal_ms_per_added_row": (
                round((timing.median - base_timing.median) / extra_rows * 1000, 2)
                if extra_rows else None),
        }

    return {
        "factor": size.factor,
        "top_level_rows": size.top_rows,
        "detail_rows": size.detail_rows,
        "pages": size.pages,
        "docx_bytes": size.docx_bytes,
        "pdf_bytes": size.pdf_bytes,
        "table_warnings": size.warnings,
        "render": {**stats(size.render, base.render),
                   "render_notice": size.render_only.as_json(), "save": size.save.as_json()},
        "convert": {**stats(size.convert, base.convert),
                    "above_floor_median_s": round(size.convert.median - floor.median, 4)},
    }


def environment(data_path: Path, factors: list[int], repeat: int,
                timeout: float) -> dict[str, Any]:
    def command(*args: str) -> str:
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=120,
                                  check=False, cwd=ROOT)
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return done.stdout.rstrip()

    soffice = find_soffice()
    changed = command("git", "status", "--porcelain", "--", "docgen", "templates")
    return {
        "when": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "data": _relative(data_path),
        "factors": factors,
        "repeat": repeat,
        "timeout_s": timeout,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "soffice": shutil.which(soffice) or soffice,
        "libreoffice": command(soffice, "--version").strip(),
        "git_commit": command("git", "rev-parse", "--short", "HEAD").strip(),
        "git_uncommitted": changed.splitlines(),
    }


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# ── the report ─────────────────────────────────────────────────────────────────────────────
def report(results: dict[str, Any]) -> str:
    meta = results["meta"]
    sizes = results["sizes"]
    base = sizes[0]
    dirty = f", {len(meta['git_uncommitted'])} uncommitted change(s) in docgen/templates" \
        if meta["git_uncommitted"] else ""
    out = [
        f"docgen build benchmark — {meta['when']}",
        f"  {meta['cpus']} CPUs · Python {meta['python']} · {meta['libreoffice'] or 'soffice'}",
        f"  commit {meta['git_commit'] or '?'}{dirty}",
        f"  data {meta['data']} ({base['top_level_rows']} top-level rows, "
        f"{base['detail_rows']} detail rows) · repeat {meta['repeat']} · "
        f"times are median / min in seconds",
        f"  load average 1/5/15 min: {_load(meta['loadavg_start'])} at start, "
        f"{_load(meta['loadavg_end'])} at end",
        "  timings that began or ended while another soffice or pytest process ran: "
        + _contention(results),
        "",
        "1. DOCX render: render_notice(notice, DEFAULT_TEMPLATE, Placement()) + document.save",
        "   (after one warm-up render_notice of the sample, not counted: "
        f"{results['render_warmup_s']:.3f} s)",
    ]
    head = (f"   {'size':>5} {'top rows':>8} {'detail rows':>11} {'median':>8} {'min':>8} "
            f"{'(render':>8} {'+ save)':>8} {'× sample':>9} {'ms/row':>7} {'ms/added row':>12}")
    out += [head, "   " + "─" * (len(head) - 3)]
    for size in sizes:
        r = size["render"]
        out.append(
            f"   {size['factor']:>4}× {size['top_level_rows']:>8} {size['detail_rows']:>11} "
            f"{r['median_s']:>8.3f} {r['min_s']:>8.3f} {r['render_notice']['median_s']:>8.3f} "
            f"{r['save']['median_s']:>8.3f} {r['ratio_to_sample']:>8.2f}× "
            f"{r['ms_per_detail_row']:>7.2f} {_marginal(r):>12}")
    cold, floor = results["convert_cold"], results["convert_floor"]
    out += [
        "",
        "2. PDF conversion: one Converter instance; each convert() spawns one soffice process",
        f"   cold (first convert() on a fresh Converter, 1× DOCX): {_pair(cold)} "
        f"(n={len(cold['samples_s'])})",
        f"   floor (empty DOCX, warm): {_pair(floor)} — soffice start-up and shut-down per call",
        "   warm conversions (same Converter, after the cold one):",
    ]
    head = (f"   {'size':>5} {'detail rows':>11} {'pages':>6} {'DOCX KiB':>9} {'median':>8} "
            f"{'min':>8} {'− floor':>8} {'× sample':>9} {'ms/row':>7} {'ms/added row':>12}")
    out += [head, "   " + "─" * (len(head) - 3)]
    for size in sizes:
        c = size["convert"]
        out.append(
            f"   {size['factor']:>4}× {size['detail_rows']:>11} {size['pages']:>6} "
            f"{size['docx_bytes'] / 1024:>9.1f} {c['median_s']:>8.3f} {c['min_s']:>8.3f} "
            f"{c['above_floor_median_s']:>8.3f} {c['ratio_to_sample']:>8.2f}× "
            f"{c['ms_per_detail_row']:>7.1f} {_marginal(c):>12}")
    out.append(f"   soffice processes started in this run: {results['soffice_processes']}"
               + ("" if results["build"] is None else " (plus those inside pipeline.build)"))
    out += ["", "3. Whole pipeline.build(sample, out_dir) (render + convert per pass, "
                "metadata, fonts report)"]
    out += _build_lines(results["build"], base, cold)
    out += ["", "Growth against the sample (1×) in this run:"]
    for size in sizes[1:]:
        out.append(
            f"   {size['factor']}× rows ({size['detail_rows']} detail rows, {size['pages']} "
            f"pages): render {size['render']['ratio_to_sample']:.1f}× the sample's time, "
            f"convert {size['convert']['ratio_to_sample']:.1f}×")
    warned = [s for s in sizes if s["table_warnings"]]
    if warned:
        out.append("   table warnings: " + ", ".join(
            f"{s['factor']}×: {s['table_warnings']}" for s in warned))
    return "\n".join(out)


def _build_lines(build_result: dict[str, Any] | None, base: dict[str, Any],
                 cold: dict[str, Any]) -> list[str]:
    if build_result is None:
        return ["   skipped (--no-build)"]
    if "error" in build_result:
        return [f"   FAILED: {build_result['error']}"]
    passes = build_result["passes"]
    parts = build_result["parts"]
    count = parts["passes"]
    return [
        f"   {_pair(build_result)} (n={len(passes)}); passes per build (each one render and "
        f"one soffice conversion): {', '.join(map(str, passes))}; "
        f"final pages: {', '.join(map(str, build_result['pages']))}",
        f"   from 1. and 2.: {count:g} × render {base['render']['median_s']:.3f} + 1 cold "
        f"conversion {cold['median_s']:.3f} + {count - 1:g} warm × "
        f"{base['convert']['median_s']:.3f} = {parts['estimate_s']:.3f} s",
        f"   build median − that = {parts['residual_s']:+.3f} s; by minimums "
        f"{build_result['min_s']:.3f} − {parts['estimate_min_s']:.3f} = "
        f"{parts['residual_min_s']:+.3f} s: loading and validating, measuring each PDF, "
        "metadata, the font report and publishing"
        + (" (negative: this run's noise is larger than that overhead)"
           if min(parts["residual_s"], parts["residual_min_s"]) < 0 else ""),
        f"   build = {build_result['median_s'] / base['render']['median_s']:.1f}× the sample's "
        f"render, {build_result['median_s'] / base['convert']['median_s']:.1f}× its warm "
        "conversion",
    ]


def build_parts(build_result: dict[str, Any], base: dict[str, Any],
                cold: dict[str, Any]) -> dict[str, Any]:
    """The build's median as the sum of parts timed separately, and what is left over."""
    count = statistics.median(build_result["passes"])

    def estimate(stat: str) -> float:
        return (count * base["render"][stat] + cold[stat]
                + (count - 1) * base["convert"][stat])

    return {"passes": count,
            "estimate_s": round(estimate("median_s"), 4),
            "residual_s": round(build_result["median_s"] - estimate("median_s"), 4),
            "estimate_min_s": round(estimate("min_s"), 4),
            "residual_min_s": round(build_result["min_s"] - estimate("min_s"), 4)}


def _contention(results: dict[str, Any]) -> str:
    def count(timings: list[dict[str, Any]]) -> str:
        busy = sum(t.get("contended", 0) for t in timings)
        return f"{busy}/{sum(len(t['samples_s']) for t in timings)}"

    sizes = results["sizes"]
    parts = [f"render {count([s['render'] for s in sizes])}",
             "convert " + count([*(s["convert"] for s in sizes), results["convert_cold"],
                                 results["convert_floor"]])]
    if results["build"] is not None:
        parts.append(f"build {count([results['build']])}")
    return ", ".join(parts)


def _pair(timing: dict[str, Any]) -> str:
    return f"{timing['median_s']:.3f} / {timing['min_s']:.3f} s"


def _marginal(stats: dict[str, Any]) -> str:
    value = stats["marginal_ms_per_added_row"]
    return "–" if value is None else f"{value:.2f}"


def _load(values: list[float]) -> str:
    return "/".join(f"{v:.2f}" for v in values)


# ── the command line ───────────────────────────────────────────────────────────────────────
def parse_sizes(text: str) -> list[int]:
    try:
        factors = sorted({int(part) for part in text.split(",") if part.strip()} | {1})
    except ValueError:
        raise argparse.ArgumentTypeError("sizes are whole numbers, e.g. 1,3,10,30") from None
    if factors[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be 1 or more")
    return factors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time docgen's DOCX rendering, PDF conversion and whole build.")
    parser.add_argument("--repeat", type=int, default=None,
                        help=f"repetitions of each timing (default {DEFAULT_REPEAT}; 1 with "
                             "--quick)")
    parser.add_argument("--quick", action="store_true",
                        help="repeat 1, sizes 1× and 10× only")
    parser.add_argument("--sizes", type=parse_sizes, default=None,
                        help="table sizes as multiples of the sample's top-level rows, "
                             "comma-separated (default 1,3,10,30; 1 is always included)")
    parser.add_argument("--data", type=Path, default=SAMPLE,
                        help="data file to use as the 1× baseline (default: the sample)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"per-conversion time limit in seconds (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--no-build", action="store_true",
                        help="skip the whole-pipeline timing")
    parser.add_argument("--json", type=Path, default=RESULTS,
                        help=f"where to write the JSON results (default {_relative(RESULTS)})")
    args = parser.parse_args(argv)
    repeat = args.repeat if args.repeat is not None else (1 if args.quick else DEFAULT_REPEAT)
    if repeat < 1:
        parser.error("--repeat must be 1 or more")
    factors = args.sizes or list(QUICK_SIZES if args.quick else FULL_SIZES)

    print(f"docgen bench: sizes {', '.join(f'{f}×' for f in factors)}, repeat {repeat} "
          "(progress on stderr)", file=sys.stderr, flush=True)
    results = run(args.data, factors, repeat, args.timeout, not args.no_build)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n",
                         encoding="utf-8")
    print(report(results))
    print(f"\nJSON: {_relative(args.json)}")
    build_result = results["build"]
    return 1 if build_result is not None and "error" in build_result else 0


if __name__ == "__main__":
    sys.exit(main())
