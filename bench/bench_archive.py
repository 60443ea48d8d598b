"""Issuing and archiving, timed side by side with baselines in one run.

1. build --pdfa, seal and sign of the sample, against a plain build (what PDF/A, the seal and
   the signature add to issuing a notice);
2. archive add, against the build it contains (the checks and the atomic copy on top);
3. archive verify of N entries, against hashing the same files with sha256sum (what
   re-validating every signature adds to re-hashing).

A throwaway CA is made for the run (tests/pki.py). Run
``.venv/bin/python bench/bench_archive.py [--entries N]``; results also go to
bench/results/archive.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pki import PASSWORD, make_pki  # noqa: E402

from docgen.archive.accession import AddRequest, add  # noqa: E402
from docgen.archive.audit import verify  # noqa: E402
from docgen.pdf.seal import seal_pdf  # noqa: E402
from docgen.pdf.sign import sign_pdf  # noqa: E402
from docgen.pipelines.build import build  # noqa: E402
from docgen.resources import SAMPLE  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=5, help="entries to verify")
    args = parser.parse_args()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as scratch:
        work = Path(scratch)
        pki = make_pki(work / "pki")
        figures["build"], _ = timed(lambda: build(SAMPLE, work / "plain", ("pdf",)))
        figures["build_pdfa"], built = timed(lambda: build(SAMPLE, work / "a", ("pdf",),
                                                           pdfa=True))
        pdf = built.files[0]
        figures["seal"], _ = timed(lambda: seal_pdf(pdf, work / "sealed.pdf"))
        figures["sign"], _ = timed(lambda: sign_pdf(work / "sealed.pdf", work / "signed.pdf",
                                                    pki.p12, PASSWORD.encode(), "发布", True))
        archive = work / "archive"
        request = AddRequest(work / "signed.pdf", SAMPLE, trust=(pki.root_pem,), specimen=True)
        figures["add"], _ = timed(lambda: add(archive, request))
        for _ in range(args.entries - 1):  # more versions of the same notice
            add(archive, AddRequest(work / "signed.pdf", SAMPLE, trust=(pki.root_pem,),
                                    specimen=True, supersede="基准测试"))
        figures["verify"], report = timed(lambda: verify(archive))
        assert not report.problems, report.problems
        files = [str(p) for p in archive.rglob("*") if p.is_file() and p.parent != archive]
        figures["sha256sum"], _ = timed(lambda: subprocess.run(
            ["sha256sum", *files], check=True, capture_output=True))
    issue = figures["build_pdfa"] + figures["seal"] + figures["sign"]
    rows = [
        ("build (plain PDF)", figures["build"], "1.00×"),
        ("build --pdfa", figures["build_pdfa"], f"{figures['build_pdfa'] / figures['build']:.2f}×"),
        ("seal", figures["seal"], f"{figures['seal'] / figures['build']:.2f}×"),
        ("sign", figures["sign"], f"{figures['sign'] / figures['build']:.2f}×"),
        ("build --pdfa + seal + sign", issue, f"{issue / figures['build']:.2f}×"),
        ("archive add (incl. its build)", figures["add"],
         f"{figures['add'] / figures['build_pdfa']:.2f}× build --pdfa"),
        (f"archive verify, {args.entries} entries", figures["verify"],
         f"{figures['verify'] / figures['sha256sum']:.1f}× sha256sum"),
        (f"sha256sum of the same {len(files)} files", figures["sha256sum"], "1.00×"),
    ]
    for name, seconds, ratio in rows:
        print(f"{name:<40} {seconds:8.3f} s  {ratio}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "archive.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
