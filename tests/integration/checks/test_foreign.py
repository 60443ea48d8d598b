"""docgen check on notices another office typed (tests/support/foreign_pdf.py: written with
PyMuPDF, not by docgen's layout): the title found by size and place, the 署名 and 成文日期
measured sealed and unsealed, annotation labels that do not overlap."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner
from support.foreign_pdf import ForeignNotice, write_foreign_notice

from docgen.checks import FAIL, PASS, Finding, Report, annotate, check_pdf
from docgen.cli import main

LABEL_SIZE = 7.0  # docgen.checks.annotate's label size


def findings(report: Report, rule: str) -> list[Finding]:
    return [finding for finding in report.findings if finding.rule == rule]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("foreign")


def test_check_finds_the_title_below_the_number_on_a_foreign_notice(folder):
    """The red rule is broken by a ★ (or missing): the 发文字号 (16 pt) comes first below the
    标志, but the title is the 22 pt block under it."""
    for rule in ("star", "none"):
        pdf = write_foreign_notice(folder / f"title-{rule}.pdf", ForeignNotice(red_rule=rule))
        title = findings(check_pdf(pdf), "BODY-01")
        assert [f.status for f in title] == [PASS], (rule, title)
        assert "22.0" in title[0].measured


def test_check_fails_a_flush_right_date_on_an_unsealed_notice(folder):
    pdf = write_foreign_notice(folder / "flush.pdf", ForeignNotice(date_flush_right=True))
    result = CliRunner().invoke(main, ["check", "--json", str(pdf)])
    report = json.loads(result.output)
    sig = [f for f in report["findings"] if f["rule"] in ("SIG-07", "SIG-08")]
    failed = [f for f in sig if f["status"] == FAIL]
    assert failed and all(f["clause"] == "7.3.5.2" for f in failed), sig
    assert "顶格居右" in failed[0]["measured"]


def test_check_passes_an_unsealed_signature_placed_per_7352(folder):
    pdf = write_foreign_notice(folder / "unsealed.pdf", ForeignNotice())
    sig = [f for f in check_pdf(pdf).findings if f.rule.startswith("SIG")]
    assert {f.rule for f in sig} == {"SIG-07"}
    assert all(f.status == PASS for f in sig), [f.line() for f in sig]


def test_check_measures_a_sealed_signature_per_7351(folder):
    good = write_foreign_notice(folder / "sealed.pdf", ForeignNotice(sealed=True))
    report = check_pdf(good)
    sig = {f.rule: f.status for f in report.findings if f.rule.startswith("SIG")}
    assert sig == {"SIG-01": PASS, "SIG-02": PASS, "SIG-03": PASS, "SIG-04": PASS,
                   "SIG-05": PASS}, [f.line() for f in report.findings]


def test_check_fails_a_flush_right_date_on_a_sealed_notice(folder):
    pdf = write_foreign_notice(folder / "sealed-flush.pdf",
                               ForeignNotice(sealed=True, date_flush_right=True))
    date = findings(check_pdf(pdf), "SIG-01")
    assert [f.status for f in date] == [FAIL], date
    assert "顶格居右" in date[0].measured


def test_check_accepts_a_notice_laid_out_for_a_seal_yet_to_come(folder):
    """docgen build lays out a sealed notice (7.3.5.1) before docgen seal presses the seal:
    without the seal it is measured as 7.3.5.1 and says so."""
    pdf = write_foreign_notice(folder / "sealed-layout.pdf", ForeignNotice(sealed=True))
    with pymupdf.open(pdf) as document:
        for page in document:
            for image in page.get_images():
                page.delete_image(image[0])
        document.save(folder / "seal-removed.pdf")
    sig = [f for f in check_pdf(folder / "seal-removed.pdf").findings
           if f.rule.startswith("SIG")]
    assert [(f.rule, f.status) for f in sig] == [("SIG-01", PASS), ("SIG-02", PASS)], sig
    assert "未盖章" in sig[0].measured


def label_rects(pdf: Path) -> dict[int, list[pymupdf.Rect]]:
    """The annotation labels drawn on each page: the text spans in the label size."""
    found = {}
    with pymupdf.open(pdf) as document:
        for page in document:
            found[page.number] = [
                pymupdf.Rect(span["bbox"]) for block in page.get_text("dict")["blocks"]
                for line in block.get("lines", []) for span in line["spans"]
                if abs(span["size"] - LABEL_SIZE) < 0.01]
    return found


def test_annotate_labels_do_not_overlap(folder):
    pdf = write_foreign_notice(folder / "labels.pdf", ForeignNotice(date_flush_right=True))
    report = check_pdf(pdf)
    crowd = (79.4, 300.0, 300.0, 320.0)  # several failures on one element, and one near it
    report.findings += [Finding(f"TEST-{i}", FAIL, "0", f"第 {i} 项", "", 1, crowd)
                        for i in range(6)]
    report.findings.append(Finding("TEST-X", FAIL, "0", "旁边", "", 1,
                                   (90.0, 318.0, 200.0, 330.0)))
    out = folder / "labels-annotated.pdf"
    annotate(report, pdf, out)
    labels = label_rects(out)
    assert len(labels[0]) >= 7
    for page, rects in labels.items():
        for a, b in itertools.combinations(rects, 2):
            assert not a.intersects(b), (page, a, b)
