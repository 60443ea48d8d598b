"""PDF/A-2b export, the seal per GB/T 9704 7.3.5.1 and PAdES signing, on real conversions."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner
from support.pki import PASSWORD
from support.seal import ROW, assert_seal_per_7351, seal_geometry

from docgen.cli import main
from docgen.pdf.measure import lines
from docgen.pdf.pdfa import pdfa_problems, read_xmp
from docgen.pdf.seal import (
    SealError,
    placed_seals,
    seal_pdf,
    specimen_png,
    write_specimen,
)
from docgen.pdf.sign import SignError, check_signatures, sign_pdf
from docgen.resources import SAMPLE
from docgen.standard import figures as L

pytestmark = pytest.mark.libreoffice



def test_pdfa_build_identifies_itself_and_keeps_metadata_in_step(issued) -> None:
    assert pdfa_problems(issued.built) == []
    with pymupdf.open(issued.built) as document:
        xmp = read_xmp(document.get_xml_metadata())
        info = document.metadata
    assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "B")
    assert xmp["dc:title"] == info["title"] == (
        "山西省文化和旅游厅办公室关于印发2022年政务公开重点工作任务分工的通知")
    assert xmp["dc:description"] == info["subject"] == "晋文旅办发〔2022〕46号"


def test_plain_build_is_not_pdfa(sample) -> None:
    assert any("PDF/A 标识" in problem for problem in pdfa_problems(sample.pdf_path))


def test_every_later_step_keeps_pdfa(issued) -> None:
    for path in (issued.sealed, issued.signed):
        assert pdfa_problems(path) == [], path.name


def test_seal_sits_where_7_3_5_1_puts_it(issued) -> None:
    assert_seal_per_7351(issued.sealed)
    assert abs(seal_geometry(issued.sealed)["diameter"] - 42) < 0.1


def test_seal_is_red_and_upright_over_the_text(issued) -> None:
    with pymupdf.open(issued.sealed) as document:
        (index, rect), = placed_seals(document)
        covered = [row.text for row in lines(document[index]) if rect.intersects(
            pymupdf.Rect(row.x0, row.em_top, row.x1, row.em_bottom))]
    assert "山西省文化和旅游厅办公室" in covered and "2022年5月20日" in covered


def test_svg_seal_and_other_diameter(issued, tmp_path: Path) -> None:
    svg = tmp_path / "seal.svg"
    write_specimen(svg, L.mm(38))
    target = tmp_path / "sealed.pdf"
    seal_pdf(issued.built, target, svg, L.mm(38))
    assert_seal_per_7351(target)
    assert abs(seal_geometry(target)["diameter"] - 38) < 0.2
    assert pdfa_problems(target) == []


def test_seal_refuses_what_it_cannot_place(issued, three_level, tmp_path: Path) -> None:
    # The three-level example is laid out without a seal (7.3.5.2): 署名 one row below.
    with pytest.raises(SealError, match="署名离正文太近"):
        seal_pdf(three_level.pdf_path, tmp_path / "x.pdf")
    with pytest.raises(SealError, match="已经签名"):
        seal_pdf(issued.signed, tmp_path / "x.pdf")
    opaque = tmp_path / "opaque.png"
    pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 20, 20), False).save(opaque)
    with pytest.raises(SealError, match="透明"):
        seal_pdf(issued.built, tmp_path / "x.pdf", opaque)
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"GIF89a not a png")
    with pytest.raises(SealError, match="不是 PNG"):
        seal_pdf(issued.built, tmp_path / "x.pdf", fake)
    assert not (tmp_path / "x.pdf").exists()


def test_seal_finds_its_place_on_another_shape(tmp_path: Path, upward) -> None:
    """The 上行文 example is sealed: its 署名 block is found and sealed too."""
    target = tmp_path / "upward-sealed.pdf"
    seal_pdf(upward.pdf_path, target)
    assert_seal_per_7351(target)


def test_signature_is_sound_trusted_and_covers_the_file(issued, pki) -> None:
    report = check_signatures(issued.signed, [pki.root_pem])
    assert report.problems == [] and report.untrusted == []
    (check,) = report.signatures
    assert check.sound and check.trusted and check.covers_file
    assert check.signer == "测试签发人"


def test_another_root_does_not_trust_the_signer(issued, pki) -> None:
    report = check_signatures(issued.signed, [pki.other_root_pem])
    assert report.problems == []
    assert report.untrusted and "测试签发人" in report.untrusted[0]


def test_visible_signature_lies_over_the_seal(issued) -> None:
    with pymupdf.open(issued.signed) as document:
        (index, seal), = placed_seals(document)
        widgets = [(page.number, widget.field_type, tuple(widget.rect))
                   for page in document for widget in page.widgets()]
    assert len(widgets) == 1
    number, kind, rect = widgets[0]
    assert (number, kind) == (index, pymupdf.PDF_WIDGET_TYPE_SIGNATURE)
    assert all(abs(a - b) < 0.5 for a, b in zip(rect, seal, strict=True))


def test_wrong_password_is_a_clear_error(issued, pki, tmp_path: Path) -> None:
    with pytest.raises(SignError, match="口令不对"):
        sign_pdf(issued.sealed, tmp_path / "x.pdf", pki.p12, b"wrong")
    assert not (tmp_path / "x.pdf").exists()


def test_the_sample_through_every_step_of_the_cli(tmp_path: Path, pki) -> None:
    """build --pdfa → seal (specimen) → sign → archive add → archive verify, all exit 0."""
    runner = CliRunner()
    out = tmp_path / "out"

    def step(*args: object) -> str:
        result = runner.invoke(main, [str(arg) for arg in args])
        assert result.exit_code == 0, result.output
        return result.output

    assert "PDF/A-2b" in step("build", "--pdfa", "--format", "pdf", "-o", out)
    pdf = out / "jinwenlv-ban-2022-46.pdf"
    sealed = step("seal", pdf)
    assert "样章" in sealed and "一行之内" in sealed
    signed = step("sign", out / "jinwenlv-ban-2022-46-盖章.pdf", "--p12", pki.p12,
                  "--password-file", pki.password_file, "--reason", "发布", "--visible")
    assert "测试签发人" in signed and "警告" not in signed
    result = out / "jinwenlv-ban-2022-46-盖章-签名.pdf"
    archive = tmp_path / "archive"
    refused = runner.invoke(main, ["archive", "add", str(result), "--data", str(SAMPLE),
                                   "--archive", str(archive), "--trust", str(pki.root_pem)])
    assert refused.exit_code == 3 and "样章" in refused.output  # the specimen needs the flag
    added = step("archive", "add", result, "--data", SAMPLE, "--archive", archive,
                 "--trust", pki.root_pem, "--specimen")
    assert "已归档 晋文旅办发〔2022〕46号 第 1 版" in added
    assert "全部完好" in step("archive", "verify", "--archive", archive)
    archived = archive / "晋文旅办发〔2022〕46号" / "v1" / "签发件.pdf"
    assert_seal_per_7351(archived)
    assert pdfa_problems(archived) == []
    same = runner.invoke(main, ["sign", str(result), "--p12", str(pki.p12), "-o", str(result)])
    assert same.exit_code == 2


def test_password_file_with_the_password(issued, pki, tmp_path: Path) -> None:
    target = tmp_path / "again.pdf"
    check = sign_pdf(issued.sealed, target, pki.p12, PASSWORD.encode(), reason="测试")
    assert check.sound and check.covers_file


def test_check_measures_the_seal(issued, tmp_path: Path) -> None:
    from docgen.checks import check_pdf

    report = check_pdf(issued.signed)
    statuses = {f.rule: f.status for f in report.findings if f.rule.startswith("SIG-")}
    # SIG-01/02: the 7.3.5.1 positions of 署名 and 成文日期; SIG-03/04/05: the seal over them.
    assert statuses == {"SIG-01": "PASS", "SIG-02": "PASS", "SIG-03": "PASS", "SIG-04": "PASS",
                        "SIG-05": "PASS"}
    assert not report.failed, report.summary()
    # The same seal pushed 3 rows down and 30 mm right: centred nowhere, far from the body.
    with pymupdf.open(issued.sealed) as document:
        (index, rect), = placed_seals(document)
    moved = tmp_path / "moved.pdf"
    with pymupdf.open(issued.built) as document:
        shifted = pymupdf.Rect(rect.x0 + L.mm(30), rect.y0 + 3 * ROW,
                               rect.x1 + L.mm(30), rect.y1 + 3 * ROW)
        document[index].insert_image(shifted, stream=specimen_png())
        document.save(moved)
    failed = {f.rule for f in check_pdf(moved).findings if f.status == "FAIL"}
    assert {"SIG-03", "SIG-04"} <= failed


def test_oversized_images_are_refused_before_decoding(issued, tmp_path: Path) -> None:
    import struct
    import zlib

    bomb = tmp_path / "bomb.png"  # claims 60000 × 60000 RGBA in a few bytes
    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + header
    bomb.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk
                     + struct.pack(">I", zlib.crc32(chunk)))
    with pytest.raises(SealError, match="60000×60000"):
        seal_pdf(issued.built, tmp_path / "x.pdf", bomb)
    huge_svg = tmp_path / "huge.svg"  # declares 10 m across: drawn at the seal's size anyway
    huge_svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10000mm" '
                        'height="10000mm" viewBox="0 0 100 100"><circle cx="50" cy="50" r="45" '
                        'fill="none" stroke="#e60000" stroke-width="4"/></svg>', encoding="utf-8")
    target = tmp_path / "svg.pdf"
    seal_pdf(issued.built, target, huge_svg)
    with pymupdf.open(target) as document:
        (index, rect), = placed_seals(document)
        (info,) = [i for i in document[index].get_image_info() if pymupdf.Rect(i["bbox"]) == rect]
    assert info["width"] <= 1000 and abs(L.to_mm(rect.width) - 42) < 0.1


def test_text_stays_legible_under_the_seal(issued) -> None:
    """Multiply blending: where the seal's red ink meets the date's black text, black wins."""
    with pymupdf.open(issued.sealed) as document:
        spot_page, rect = placed_seals(document)[0]
        page = document[spot_page]
        date = next(row for row in lines(page) if row.text.replace(" ", "") == "2022年5月20日")
        clip = pymupdf.Rect(date.x0, date.em_top, date.x1, date.em_bottom) & rect
        sealed = page.get_pixmap(dpi=150, clip=clip, alpha=False).samples
    with pymupdf.open(issued.built) as document:
        plain = document[spot_page].get_pixmap(dpi=150, clip=clip, alpha=False).samples

    def dark(samples: bytes) -> int:
        return sum(1 for i in range(0, len(samples), 3) if max(samples[i:i + 3]) < 90)

    assert dark(sealed) >= 0.9 * dark(plain) > 0
