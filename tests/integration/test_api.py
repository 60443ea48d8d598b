"""docgen used as a library: the functions of docgen.api, keyword-only options, results and
errors as objects; no click anywhere."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
from pathlib import Path

import pytest

import docgen
from docgen.errors import ExitCode

COMMANDS = ("build", "extract", "check", "lint", "diff", "next_year", "seal", "sign",
            "archive_add", "archive_verify", "archive_list", "show", "annotate",
            "write_specimen", "import_file")


def test_every_command_is_a_function_of_the_package() -> None:
    # Importing a subpackage sets it as an attribute of docgen: none may shadow a function.
    for module in pkgutil.walk_packages(docgen.__path__, "docgen."):
        importlib.import_module(module.name)
    for name in COMMANDS:
        assert getattr(docgen, name) is getattr(docgen.api, name)
        assert name in docgen.__all__


def test_options_are_keyword_only() -> None:
    for name in COMMANDS:
        parameters = inspect.signature(getattr(docgen, name)).parameters.values()
        positional = [p.name for p in parameters if p.kind is not p.KEYWORD_ONLY]
        assert len(positional) <= 3, (name, positional)  # inputs only: data, pdf, old/new …
        assert all(p.default is p.empty or p.kind is p.KEYWORD_ONLY or p.name in
                   ("data", "archive") for p in parameters), name


def test_lint_and_show_the_sample() -> None:
    report = docgen.lint()
    assert report.path == docgen.SAMPLE
    assert report.errors == 0
    assert report.warnings == len(report.findings) > 0
    assert "doc_number: 晋文旅办发〔2022〕46号" in docgen.show()


def test_lint_fix_reports_what_it_changed(tmp_path: Path) -> None:
    data = shutil.copy(docgen.SAMPLE, tmp_path / "通知.yaml")
    report = docgen.lint(data, fix=True)
    assert report.fixed and all("LINT-01" in f.render() for f in report.fixed)
    assert docgen.lint(data).warnings < len(docgen.lint().findings)


def test_next_year_names_its_file_and_diff_sees_the_change(tmp_path: Path) -> None:
    this_year = Path(shutil.copy(docgen.SAMPLE, tmp_path / "分工2022.yaml"))
    result = docgen.next_year(this_year, 2023)
    assert result.target == tmp_path / "分工2023.yaml" and result.target.is_file()
    assert result.review and all(point.line > 0 for point in result.review)
    assert docgen.next_year(this_year, 2024, output=tmp_path / "x.yaml").target.name == "x.yaml"
    plain = Path(shutil.copy(docgen.SAMPLE, tmp_path / "分工.yaml"))
    assert docgen.next_year(plain, 2023).target.name == "分工-2023.yaml"
    same = docgen.diff(this_year, this_year)
    assert same.identical and same.table is None and same.render() == "两份通知相同。"


def test_errors_are_exceptions_that_know_their_exit_code(tmp_path: Path) -> None:
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_text("不是 PDF", encoding="utf-8")
    with pytest.raises(docgen.DocgenError) as unreadable:
        docgen.check(not_pdf)
    assert unreadable.value.exit_code == ExitCode.DATA
    assert "无法读取 PDF" in unreadable.value.message
    with pytest.raises(docgen.UsageError) as same:
        docgen.sign(not_pdf, p12=tmp_path / "k.p12", output=not_pdf)
    assert same.value.exit_code == ExitCode.USAGE
    with pytest.raises(docgen.UsageError, match="--reason"):
        docgen.archive_add(not_pdf, data=docgen.SAMPLE, archive=tmp_path / "a",
                           accept_modified=True)
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [\n", encoding="utf-8")
    with pytest.raises(docgen.DataError) as data_error:
        docgen.lint(bad)
    assert data_error.value.problems[0].file.endswith("bad.yaml")
    assert not (tmp_path / "a").exists()


@pytest.mark.libreoffice
def test_extract_chosen_units(tmp_path: Path) -> None:
    result = docgen.extract(units=["办公室"], output=tmp_path / "units", formats=("docx",))
    assert sorted(path.name for path in result.files) == ["办公室.docx", "汇总.csv", "汇总.docx"]
    assert [row[0] for row in result.summary] == ["办公室"]


@pytest.mark.libreoffice
def test_build_check_seal_sign_and_archive(tmp_path: Path, pki) -> None:
    from support.pki import PASSWORD

    built = docgen.build(output=tmp_path / "out", formats=("pdf",), pdfa=True)
    (pdf,) = built.files
    assert pdf == tmp_path / "out" / "jinwenlv-ban-2022-46.pdf" and built.pages == 6
    report = docgen.check(pdf)
    assert not report.failed, report.summary()
    pages = docgen.annotate(report, pdf, tmp_path / "annotated.png")
    assert len(pages) == built.pages and all(page.is_file() for page in pages)
    sealed = docgen.seal(pdf)
    assert sealed.specimen and sealed.target.name == "jinwenlv-ban-2022-46-盖章.pdf"
    signed = docgen.sign(sealed.target, p12=pki.p12, password=PASSWORD.encode(), reason="发布")
    assert signed.signature.signer == "测试签发人" and signed.pdfa_lost == []
    archive = tmp_path / "archive"
    added = docgen.archive_add(signed.target, data=docgen.SAMPLE, archive=archive,
                               trust=[pki.root_pem], specimen=True)  # sealed with the 样章
    assert added.entry.doc_number == "晋文旅办发〔2022〕46号"
    assert docgen.archive_verify(archive).problems == []
    assert [entry.version for entry in docgen.archive_list(archive, year=2022)] == [1]
