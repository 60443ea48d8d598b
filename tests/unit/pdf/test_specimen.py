

"""The specimen seal (样章 SPECIMEN) and reading hostile PDF metadata without raising."""


from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from docgen.pdf.pdfa import read_xmp
from docgen.pdf.seal import (
    SealError,
    specimen_document,
    specimen_png,
    write_specimen,
)
from docgen.standard import figures as L

pytestmark = pytest.mark.libreoffice


def test_specimen_says_specimen_and_nothing_else() -> None:
    with specimen_document(L.SEAL_DIAMETER) as document:
        text = "".join(document[0].get_text().split())
    assert "样章" in text and "SPECIMEN" in text
    assert set(text) <= set("样章·SPECIMEN")  # no organisation's name, ever
    pixmap = pymupdf.Pixmap(specimen_png())
    assert pixmap.alpha and pixmap.width == pixmap.height


def test_specimen_files(tmp_path: Path) -> None:
    write_specimen(tmp_path / "样章.png")
    write_specimen(tmp_path / "样章.svg")
    assert (tmp_path / "样章.png").read_bytes().startswith(b"\x89PNG")
    assert "<svg" in (tmp_path / "样章.svg").read_text(encoding="utf-8")
    with pytest.raises(SealError):
        write_specimen(tmp_path / "样章.jpg")


def test_hostile_metadata_is_read_without_raising() -> None:
    from docgen.pdf.pdfa import _instant

    assert read_xmp('<?xml version="1.0" encoding="x-nope"?><x/>') == {}
    assert read_xmp('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>') == {}
    assert _instant("D:20261399999999") is None
    assert _instant("D:20221020103000+08'00'").isoformat() == "2022-10-20T10:30:00+08:00"
