"""docgen check: docgen's own PDFs pass; deliberately broken PDFs, one defect each, fail on
the right assertion; --annotate draws on the page; build --check runs it."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner

from docgen.checks import FAIL, check_pdf
from docgen.cli import main
from docgen.libreoffice.convert import Converter
from docgen.libreoffice.fonts import write_fontconfig
from docgen.resources import SAMPLE

# name → (part pattern, regex, replacement, the assertion that must fail)
DEFECTS = {
    "wrong-margins": (r"word/document\.xml", r'w:left="1587"', 'w:left="1134"', "PAGE-03"),
    "line-30pt": (r"word/(document|styles)\.xml", r'w:line="579"', 'w:line="600"', "GRID-03"),
    "hyphen-page-numbers": (r"word/(footer|header)\d*\.xml", r"(— )|( —)",
                            lambda m: "- " if m.group(1) else " -", "PNO-01"),
    "centred-page-numbers": (r"word/footer\d*\.xml", r'<w:jc w:val="(right|left)"/>',
                             '<w:jc w:val="center"/>', "PNO-04"),
    "black-mark": (r"word/styles\.xml", r'(w:styleId="发文机关标志".*?)w:color w:val="FF0000"',
                   r'\1w:color w:val="000000"', "HEAD-04"),
    "short-red-rule": (r"word/styles\.xml",
                       r'(w:styleId="发文字号".*?)<w:ind w:left="0" w:right="0"',
                       r'\1<w:ind w:left="1134" w:right="1134"', "HEAD-11"),
    "floating-imprint": (r"word/document\.xml", r'w:line="([3-9]\d{3}|\d{5})" w:lineRule',
                         'w:line="14" w:lineRule', "IMP-02"),
    "missing-page-numbers": (r"word/(footer|header)\d*\.xml",
                             r"(<w:fldSimple[^>]*>.*?</w:fldSimple>)|(— )|( —)", "", "PNO-01"),
    "title-16pt": (r"word/document\.xml", r'<w:sz w:val="44"/>', '<w:sz w:val="32"/>',
                   "BODY-01"),
    # 7.3.1 词意完整: 政务公 / 开
    "title-split-word": (r"word/document\.xml", r"政务公开(</w:t>.*?<w:t>)重点",
                         r"政务公\1开重点", "BODY-03"),
    # 7.3.1 长短适宜: the document type alone on the title's last line
    "title-stub-line": (r"word/document\.xml", r"政务公开(</w:t>.*?<w:t>)重点工作任务分工的通知",
                        r"政务公开工作任务的\1通知", "BODY-03"),
}
# what the finding of a title defect must name
TITLE_DEFECTS = {"title-split-word": "“政务公开”被拆在两行", "title-stub-line": "只有“通知”"}


def break_docx(source: Path, target: Path, defect: tuple) -> Path:
    parts, pattern, replacement, _ = defect
    changed = 0
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if re.fullmatch(parts, item.filename):
                text, count = re.subn(pattern, replacement, data.decode("utf-8"), flags=re.S)
                data, changed = text.encode("utf-8"), changed + count
            copy.writestr(item, data)
    assert changed, f"the defect {target.stem} changed nothing"
    return target


@pytest.fixture(scope="session")
def broken(sample, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("broken")
    pdfs = {}
    with Converter(write_fontconfig(folder, {})) as converter:
        for name, defect in DEFECTS.items():
            docx = break_docx(sample.docx_path, folder / f"{name}.docx", defect)
            pdfs[name] = converter.convert(docx, folder)
    return pdfs


def test_docgen_output_passes(sample, three_level, upward, long_table, blank_page):
    for built in (sample, three_level, upward, long_table, blank_page):
        report = check_pdf(built.pdf_path)
        failures = [f.line() for f in report.findings if f.status == FAIL]
        assert not failures, failures
        assert report.count("PASS") > 20


def test_check_cli_on_the_sample(sample):
    result = CliRunner().invoke(main, ["check", str(sample.pdf_path)])
    assert result.exit_code == 0, result.output
    assert "0 项不符合" in result.output
    assert re.search(r"PASS HEAD-05 .*实测 标志上边缘 7\d\.\d+ mm", result.output)
    assert "字体 仿宋：" in result.output and "替代字体" in result.output


@pytest.mark.parametrize("name", list(DEFECTS))
def test_each_defect_fails_its_assertion(broken, name):
    rule = DEFECTS[name][-1]
    result = CliRunner().invoke(main, ["check", "--json", str(broken[name])])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    failed = {f["rule"] for f in report["findings"] if f["status"] == FAIL}
    assert rule in failed, f"{name}: expected {rule} among {failed}"
    if name not in ("wrong-margins", "line-30pt"):  # their defect moves everything else too
        assert failed <= {rule, "PNO-04", "PNO-05"}, f"{name}: unexpected failures {failed}"
    if name in TITLE_DEFECTS:
        measured = [f["measured"] for f in report["findings"] if f["rule"] == rule]
        assert any(TITLE_DEFECTS[name] in text for text in measured), measured


def test_annotate_draws_failures_on_the_page(broken, tmp_path):
    out = tmp_path / "annotated.pdf"
    result = CliRunner().invoke(main, ["check", str(broken["short-red-rule"]),
                                       "--annotate", str(out)])
    assert result.exit_code == 1
    with pymupdf.open(out) as pdf:
        red_boxes = [d for d in pdf[0].get_drawings()
                     if d.get("color") and d["color"][0] > 0.8 and d["color"][1] < 0.1
                     and d.get("width", 0) >= 1.4]
        assert red_boxes, "the failure is not drawn"
        assert "HEAD-11" in pdf[0].get_text()
    png = tmp_path / "pages.png"
    CliRunner().invoke(main, ["check", str(broken["short-red-rule"]), "--annotate", str(png)])
    assert (tmp_path / "pages-1.png").stat().st_size > 1000


def test_build_check_runs_the_check(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path), "--check"])
    assert result.exit_code == 0, result.output
    assert "0 项不符合" in result.output


def test_a_file_that_is_not_a_pdf_is_refused(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(fake)])
    assert result.exit_code == 3
    assert "无法读取 PDF" in result.stderr
