"""Sealing twice: a sealed PDF is refused, ``again`` seals the next organ of a joint document
(联合行文), and the specimen is recognised wherever it was placed. PDFs drawn here, no
LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from docgen.pdf.seal import SealError, organ_names, seal_pdf, seals_on, write_specimen
from docgen.standard import figures as L

ROW = L.LINE_PITCH
FIRST, SECOND = "山西省文化和旅游厅", "山西省文物局"


def notice_pdf(target: Path, organs: tuple[str, ...]) -> Path:
    """A body line, then the 署名 row (the organs side by side) three rows below, and the
    成文日期 under the last organ: the layout of a sealed (joint) notice."""
    size = L.SIZE_3HAO
    document = pymupdf.open()
    page = document.new_page(width=L.PAGE_WIDTH, height=L.PAGE_HEIGHT)
    body = L.MARGIN_TOP + 2 * ROW
    page.insert_text((L.MARGIN_LEFT + 2 * size, body), "特此通知。", fontname="china-s",
                     fontsize=size)
    right = L.MARGIN_LEFT + L.TYPE_AREA_WIDTH - 4 * size
    date = "2022年5月20日"
    date_width = pymupdf.get_text_length(date, fontname="china-s", fontsize=size)
    date_x = right - date_width
    x = date_x + date_width / 2 - len(organs[-1]) * size / 2  # the last one on the date
    for index in range(len(organs) - 1, -1, -1):  # the others to its left, 3 characters apart
        page.insert_text((x, body + 4 * ROW), organs[index], fontname="china-s", fontsize=size)
        x -= (len(organs[index - 1]) + 3) * size
    page.insert_text((date_x, body + 5 * ROW), date, fontname="china-s", fontsize=size)
    document.save(target)
    return target


def test_seal_refuses_a_pdf_that_already_carries_a_seal(tmp_path: Path) -> None:
    plain = notice_pdf(tmp_path / "plain.pdf", (FIRST,))
    seal_pdf(plain, tmp_path / "sealed.pdf")
    with pytest.raises(SealError, match="已经盖有印章") as raised:
        seal_pdf(tmp_path / "sealed.pdf", tmp_path / "twice.pdf")
    assert "--again" in raised.value.hint
    assert not (tmp_path / "twice.pdf").exists()


def test_seal_again_refuses_to_stack_on_a_single_organ(tmp_path: Path) -> None:
    plain = notice_pdf(tmp_path / "plain.pdf", (FIRST,))
    seal_pdf(plain, tmp_path / "sealed.pdf")
    with pytest.raises(SealError, match="只有一个发文机关署名"):
        seal_pdf(tmp_path / "sealed.pdf", tmp_path / "twice.pdf", again=True)
    assert not (tmp_path / "twice.pdf").exists()


def test_seal_again_seals_the_next_organ_of_a_joint_document(tmp_path: Path) -> None:
    joint = notice_pdf(tmp_path / "joint.pdf", (FIRST, SECOND))
    seal_pdf(joint, tmp_path / "one.pdf")
    seal_pdf(tmp_path / "one.pdf", tmp_path / "two.pdf", again=True)
    with pymupdf.open(tmp_path / "two.pdf") as document:
        seals = sorted((seal.rect for seal in seals_on(document)), key=lambda rect: rect.x0)
        row = next(line for line in _lines(document) if FIRST in line.text)
    names = organ_names(row)
    assert len(seals) == 2 and len(names) == 2
    for (x0, x1), rect in zip(names, seals, strict=True):  # each seal centred on its 署名
        assert abs((x0 + x1) / 2 - (rect.x0 + rect.x1) / 2) < L.mm(2)
    assert seals[0].x1 < seals[1].x0  # they do not touch (7.3.5.1)
    assert abs(seals[0].y0 - seals[1].y0) < 0.5  # level with each other
    with pytest.raises(SealError, match="都已盖有印章"):
        seal_pdf(tmp_path / "two.pdf", tmp_path / "three.pdf", again=True)


def _lines(document: pymupdf.Document):
    from docgen.pdf.measure import lines

    return lines(document[0])


@pytest.mark.parametrize("kind", ["drawn", "png", "svg"])
def test_the_specimen_is_recognised_in_the_pdf(tmp_path: Path, kind: str) -> None:
    plain = notice_pdf(tmp_path / "plain.pdf", (FIRST,))
    image = None
    if kind != "drawn":
        image = tmp_path / f"样章.{kind}"
        write_specimen(image)
    seal_pdf(plain, tmp_path / "sealed.pdf", image)
    with pymupdf.open(tmp_path / "sealed.pdf") as document:
        (seal,) = seals_on(document)
    assert seal.specimen


def test_a_real_seal_image_is_not_taken_for_the_specimen(tmp_path: Path) -> None:
    real = tmp_path / "real.svg"  # a plain red ring, as an organisation's seal file would be
    real.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="42mm" height="42mm" '
                    'viewBox="0 0 100 100"><circle cx="50" cy="50" r="46" fill="none" '
                    'stroke="#e60000" stroke-width="5"/><circle cx="50" cy="50" r="12" '
                    'fill="#e60000"/></svg>', encoding="utf-8")
    plain = notice_pdf(tmp_path / "plain.pdf", (FIRST,))
    seal_pdf(plain, tmp_path / "sealed.pdf", real)
    with pymupdf.open(tmp_path / "sealed.pdf") as document:
        (seal,) = seals_on(document)
    assert not seal.specimen


def test_seal_command_on_a_sealed_pdf_says_so_and_changes_nothing(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from docgen.cli import main

    plain = notice_pdf(tmp_path / "plain.pdf", (FIRST,))
    runner = CliRunner()
    assert runner.invoke(main, ["seal", str(plain)]).exit_code == 0
    sealed = tmp_path / "plain-盖章.pdf"
    result = runner.invoke(main, ["seal", str(sealed), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 3 and "已经盖有印章" in result.output and "--again" in result.output
    assert not (tmp_path / "x.pdf").exists()
    result = runner.invoke(main, ["seal", str(sealed), "--again", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 3 and "只有一个发文机关署名" in result.output
