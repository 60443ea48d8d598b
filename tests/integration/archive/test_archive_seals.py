"""What ``archive add`` refuses in the signed PDF besides its text and signatures: a seal
that does not match the data (missing, misplaced, one too many, present on an unsealed
notice), the 样章 SPECIMEN unless accepted, and actions such as JavaScript."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner
from support.pki import PASSWORD
from support.yaml_files import load_yaml, write_yaml

from docgen.archive.store import MANIFEST
from docgen.cli import main
from docgen.pdf.seal import placed_seals, seal_png
from docgen.pdf.sign import sign_pdf
from docgen.standard import figures as L

pytestmark = pytest.mark.libreoffice
FOLDER = "晋文旅办发〔2022〕46号/v1"


def add(archive: Path, signed: Path, data: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["archive", "add", str(signed), "--data", str(data),
                                       "--archive", str(archive), *map(str, extra)])
    return result.exit_code, result.output


def signed_copy(source: Path, target: Path, pki, change=None) -> Path:
    """``source`` changed by ``change(document)`` and signed as ``target``."""
    unsigned = target.with_name(f"unsigned-{target.name}")
    with pymupdf.open(source) as document:
        if change is not None:
            change(document)
        document.save(unsigned)
    sign_pdf(unsigned, target, pki.p12, PASSWORD.encode())
    return target


def test_archive_refuses_a_sealed_notice_without_a_seal(issued, pki, tmp_path: Path) -> None:
    unsealed = signed_copy(issued.built, tmp_path / "unsealed.pdf", pki)
    archive = tmp_path / "archive"
    code, output = add(archive, unsealed, issued.data, "--trust", pki.root_pem)
    assert code == 3, output
    assert "sealed 为 true" in output and "没有印章" in output
    assert not archive.exists() or not any(archive.glob("晋*"))


def test_archive_refuses_the_specimen_unless_told(issued, pki, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    code, output = add(archive, issued.specimen_signed, issued.data, "--trust", pki.root_pem)
    assert code == 3, output
    assert "样章" in output and "--specimen" in output
    code, output = add(archive, issued.specimen_signed, issued.data, "--trust", pki.root_pem,
                       "--specimen")
    assert code == 0, output
    manifest = json.loads((archive / FOLDER / MANIFEST).read_text(encoding="utf-8"))
    assert "样章" in manifest["exceptions"]["specimen"]
    listing = CliRunner().invoke(main, ["archive", "list", "--archive", str(archive)]).output
    assert "例外：样章" in listing


def test_archive_refuses_a_misplaced_seal_and_javascript_listing_both(issued, pki,
                                                                     tmp_path: Path) -> None:
    with pymupdf.open(issued.sealed) as document:
        (index, rect), = placed_seals(document)
    image = seal_png(issued.seal_image, rect.width)

    def misplace_and_script(document: pymupdf.Document) -> None:
        moved = pymupdf.Rect(rect.x0 + L.mm(30), rect.y0 + 3 * L.LINE_PITCH,
                             rect.x1 + L.mm(30), rect.y1 + 3 * L.LINE_PITCH)
        document[index].insert_image(moved, stream=image)
        document.xref_set_key(document.pdf_catalog(), "OpenAction",
                              "<</S/JavaScript/JS(app.alert\\(1\\))>>")

    signed = signed_copy(issued.built, tmp_path / "odd.pdf", pki, misplace_and_script)
    archive = tmp_path / "archive"
    code, output = add(archive, signed, issued.data, "--trust", pki.root_pem)
    assert code == 3, output
    assert "SIG-03" in output and "SIG-04" in output and "JavaScript" in output
    assert "OpenAction" in output and "PAGE-04" in output and "共 6 个问题" in output
    assert not archive.exists() or not any(archive.glob("晋*"))


def test_archive_refuses_two_seals_for_one_organ(issued, pki, tmp_path: Path) -> None:
    with pymupdf.open(issued.sealed) as document:
        (index, rect), = placed_seals(document)
    image = seal_png(issued.seal_image, rect.width)

    def stack(document: pymupdf.Document) -> None:
        document[index].insert_image(pymupdf.Rect(rect.x0 + 2, rect.y0, rect.x1 + 2, rect.y1),
                                     stream=image)

    signed = signed_copy(issued.sealed, tmp_path / "twice.pdf", pki, stack)
    code, output = add(tmp_path / "archive", signed, issued.data, "--trust", pki.root_pem)
    assert code == 3 and "2 枚印章" in output, output


def test_archive_refuses_a_seal_on_a_notice_issued_without_one(issued, pki,
                                                               tmp_path: Path) -> None:
    data = load_yaml(issued.data)
    data["signature"]["sealed"] = False
    unsealed_data = write_yaml(data, tmp_path / "unsealed.yaml")
    code, output = add(tmp_path / "archive", issued.signed, unsealed_data,
                       "--trust", pki.root_pem)
    assert code == 3, output
    assert "sealed 为 false" in output and "1 枚印章" in output
