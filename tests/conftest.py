"""Shared fixtures: real builds through LibreOffice, cached per test session."""

from __future__ import annotations

import copy
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from support import EXAMPLES
from support.yaml_files import load_yaml, write_yaml

from docgen.pipelines.build import BuildResult, build
from docgen.resources import SAMPLE


def _require_libreoffice() -> None:
    """Under CI a missing LibreOffice is a failure; on a developer's machine, a skip."""
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    message = "LibreOffice (soffice) is not installed: run `make test`, which installs it"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class Built:
    """A finished build and its PDF, opened once."""

    def __init__(self, result: BuildResult) -> None:
        self.result = result
        self.pdf_path = next(p for p in result.files if p.suffix == ".pdf")
        self.docx_path = next(p for p in result.files if p.suffix == ".docx")
        self.pdf = pymupdf.open(self.pdf_path)


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, Path], Built]:
    cache: dict[str, Built] = {}

    def get(name: str, data: Path) -> Built:
        if name not in cache:
            _require_libreoffice()
            out = tmp_path_factory.mktemp(name)
            cache[name] = Built(build(data, out))
        return cache[name]

    return get


@pytest.fixture(scope="session")
def sample(build_cache) -> Built:
    return build_cache("sample", SAMPLE)


@pytest.fixture(scope="session")
def three_level(build_cache) -> Built:
    return build_cache("three-level", EXAMPLES / "three-level-unsealed.yaml")


@pytest.fixture(scope="session")
def upward(build_cache) -> Built:
    return build_cache("upward", EXAMPLES / "upward-signers.yaml")


@pytest.fixture(scope="session")
def long_table(build_cache, tmp_path_factory) -> Built:
    """The sample with 300 detail rows: 60 groups of its five first-group requirements."""
    data = load_yaml(SAMPLE)
    table = data["attachments"][0]["table"]
    first = table["rows"][0]
    rows = []
    for index in range(60):
        group = copy.deepcopy(first)
        group["序号"] = str(index + 1)
        group["items"] = group["items"][:2]  # 3 + 2 requirements = 5 detail rows per group
        rows.append(group)
    table["rows"] = rows
    path = write_yaml(data, tmp_path_factory.mktemp("data") / "long-table.yaml")
    return build_cache("long-table", path)


@pytest.fixture(scope="session")
def blank_page(build_cache, tmp_path_factory) -> Built:
    """The sample with its first two task groups: the table ends on an even page (7.5)."""
    data = load_yaml(SAMPLE)
    table = data["attachments"][0]["table"]
    table["rows"] = table["rows"][:2]
    path = write_yaml(data, tmp_path_factory.mktemp("data") / "blank-page.yaml")
    return build_cache("blank-page", path)


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory):
    from support.pki import make_pki

    return make_pki(tmp_path_factory.mktemp("pki"))


class Issued:
    """The sample as issued: built as PDF/A-2b, sealed with the specimen, signed (visible)."""

    def __init__(self, folder: Path, pki) -> None:
        from support.pki import PASSWORD

        from docgen.pdf.seal import seal_pdf
        from docgen.pdf.sign import sign_pdf

        _require_libreoffice()
        result = build(SAMPLE, folder, pdfa=True)
        self.data = SAMPLE
        self.built = next(p for p in result.files if p.suffix == ".pdf")
        self.sealed = folder / "sealed.pdf"
        self.signed = folder / "signed.pdf"
        seal_pdf(self.built, self.sealed)
        sign_pdf(self.sealed, self.signed, pki.p12, PASSWORD.encode(), "发布", visible=True)


@pytest.fixture(scope="session")
def issued(tmp_path_factory: pytest.TempPathFactory, pki) -> Issued:
    return Issued(tmp_path_factory.mktemp("issued"), pki)
