"""docgen 工作台耗时基准 / The desk's latency, measured through HTTP as the browser sees it.

Side by side, in one run on this machine, on a copy of the sample:

- baseline: ``docgen build`` of the sample (a cold LibreOffice started and stopped for the
  one build, as from the command line);
- first open: the desk started, the editor page fetched and the first preview's pages
  ready (LibreOffice started for the desk);
- edit to preview: one field changed through the desk's API (the browser's save) until the
  new pages are ready — the warm path a clerk waits for after each edit; the median of N
  edits, each to a different 文号.

Run ``.venv/bin/python bench/bench_desk.py [--edits N]``; prints the figures and the ratios.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=7)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from docgen import api
    from docgen.desk.app import create_app
    from docgen.desk.guard import CSRF_HEADER
    from docgen.desk.server import close
    from docgen.resources import SAMPLE

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "desk"
        folder.mkdir()
        shutil.copy(SAMPLE, folder / SAMPLE.name)
        name = SAMPLE.name

        started = time.perf_counter()
        api.build(folder / name, output=Path(temporary) / "out")
        baseline = time.perf_counter() - started

        started = time.perf_counter()
        app = create_app(folder, port=8000)
        try:
            desk = TestClient(app, base_url="http://127.0.0.1:8000")
            page = desk.get(f"/notice/{name}").text
            secret = page.split('name="docgen-csrf" content="', 1)[1].split('"', 1)[0]
            preview = desk.get(f"/api/notice/{name}/preview").json()
            assert preview["pages"] and not preview["error"], preview
            first_open = time.perf_counter() - started

            latencies = []
            for number in range(args.edits):
                version = desk.get(f"/api/notice/{name}").json()["version"]
                started = time.perf_counter()
                saved = desk.post(f"/api/notice/{name}/edit", headers={CSRF_HEADER: secret},
                                  json={"version": version, "edits": [
                                      {"op": "set", "path": ["doc_number"],
                                       "value": f"晋文旅办发〔2022〕{100 + number}号"}]})
                assert saved.status_code == 200, saved.text
                preview = desk.get(f"/api/notice/{name}/preview").json()
                assert preview["version"] == saved.json()["version"] and preview["pages"]
                latencies.append(time.perf_counter() - started)
        finally:
            close(app)

    edit = statistics.median(latencies)
    print(f"baseline  docgen build (cold LibreOffice)   {baseline:6.2f} s")
    print(f"desk      first open to first preview      {first_open:6.2f} s"
          f"   ×{first_open / baseline:.2f} of baseline")
    print(f"desk      edit to new preview (median {len(latencies)}) {edit:6.2f} s"
          f"   ×{edit / baseline:.2f} of baseline"
          f"   (min {min(latencies):.2f}, max {max(latencies):.2f})")


if __name__ == "__main__":
    main()
