"""The archive's tests work on the sample issued with an organisation's seal: the specimen
(样章 SPECIMEN) the session's ``issued`` carries is refused unless ``--specimen``."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.pki import PASSWORD
from support.seal import write_test_seal

from docgen.pdf.seal import seal_pdf
from docgen.pdf.sign import sign_pdf


class IssuedWithSeal:
    """Built as PDF/A-2b, sealed with a plain red seal image, signed (visible)."""

    def __init__(self, issued, folder: Path, pki) -> None:
        self.data, self.built = issued.data, issued.built
        self.specimen_signed = issued.signed  # the same notice, sealed with the specimen
        self.seal_image = write_test_seal(folder / "seal.svg")
        self.sealed, self.signed = folder / "sealed.pdf", folder / "signed.pdf"
        seal_pdf(self.built, self.sealed, self.seal_image)
        sign_pdf(self.sealed, self.signed, pki.p12, PASSWORD.encode(), "发布", visible=True)


@pytest.fixture(scope="module")
def issued(issued, pki, tmp_path_factory: pytest.TempPathFactory) -> IssuedWithSeal:
    return IssuedWithSeal(issued, tmp_path_factory.mktemp("issued-real-seal"), pki)
