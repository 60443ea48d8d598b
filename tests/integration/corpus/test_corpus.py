"""The corpus of real task-division notices (tests/corpus/): each one builds, passes
`docgen check` with no FAIL, gives every unit the rows its hand-written expected table says,
and leaves a page-1 PNG for a reviewer. Notices under tests/corpus/pending/ are not run."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
import yaml

from docgen import api
from docgen.notice import tasks
from docgen.notice.extends import load_file
from docgen.notice.validate import validate

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
NOTICES = sorted(path for path in CORPUS.glob("*.yaml")
                 if not path.name.endswith(".expected.yaml")
                 and path.with_suffix(".expected.yaml").exists())


def _expected(data: Path) -> dict[str, set[tuple[str, str]]]:
    raw = yaml.safe_load(data.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    return {unit: {(str(reference), role) for reference, role in rows or []}
            for unit, rows in raw.items()}


def _extracted(data: Path) -> dict[str, set[tuple[str, str]]]:
    notice = validate(load_file(data))
    found: dict[str, set[tuple[str, str]]] = {}
    for extract in tasks.plan(notice):
        rows = found.setdefault(extract.unit, set())
        rows.update((leaf.reference, assignment.role)
                    for leaf, mine in extract.leaves for assignment in mine)
    return found


def test_the_corpus_is_there():
    assert NOTICES, "tests/corpus/ 中没有带 .expected.yaml 的通知"


@pytest.mark.parametrize("data", NOTICES, ids=[path.stem for path in NOTICES])
def test_corpus_notice(data: Path, tmp_path: Path) -> None:
    result = api.build(data, output=tmp_path / "out")
    pdf = next(path for path in result.files if path.suffix == ".pdf")

    with pymupdf.open(pdf) as document:
        png = tmp_path / f"{data.stem}-p1.png"
        document[0].get_pixmap(dpi=50).save(png)
    print(f"\n{data.stem}: page 1 → {png}")

    report = api.check(pdf)
    failing = [finding.line() for finding in report.findings if finding.status == "FAIL"]
    assert not failing, f"{data.name}: docgen check FAIL\n" + "\n".join(failing)

    expected, extracted = _expected(data), _extracted(data)
    wrong = {unit: {"expected": sorted(rows), "extracted": sorted(extracted.get(unit, set()))}
             for unit, rows in expected.items() if extracted.get(unit, set()) != rows}
    extra = {unit: sorted(rows) for unit, rows in extracted.items()
             if rows and unit not in expected}
    assert not wrong and not extra, f"{data.name}: extract differs: {wrong} {extra}"
