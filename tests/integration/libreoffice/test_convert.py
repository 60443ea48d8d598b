"""The LibreOffice wrapper against a broken, silent or hung converter, and its own reading
of overflowing punctuation."""


from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from docgen.errors import ConversionError
from docgen.libreoffice.convert import Converter, libreoffice_copy
from docgen.resources import SAMPLE

# A hang that outlasts any timeout a test sets, so the timeout is certain to fire however busy
# the machine is; finite only so that a converter that stopped killing fails, not hangs.
HANG = 600.0


def fake_soffice(folder: Path, body: str) -> str:
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


@pytest.fixture
def docx(tmp_path) -> Path:
    from docgen.compose.notice import Placement, render_notice
    from docgen.notice.extends import load_file
    from docgen.notice.validate import validate
    from docgen.resources import DEFAULT_TEMPLATE
    path = tmp_path / "n.docx"
    render_notice(validate(load_file(SAMPLE)), DEFAULT_TEMPLATE, Placement()).save(path)
    return path


def test_missing_libreoffice_is_a_conversion_error(tmp_path, docx):
    with Converter(soffice=str(tmp_path / "no-such-soffice")) as converter, \
            pytest.raises(ConversionError, match="无法启动 LibreOffice"):
        converter.convert(docx, tmp_path)


def test_exit_zero_without_output_is_a_failure(tmp_path, docx):
    with Converter(soffice=fake_soffice(tmp_path, "exit 0")) as converter, \
            pytest.raises(ConversionError, match="没有生成"):
        converter.convert(docx, tmp_path)


def test_nonzero_exit_reports_what_libreoffice_said(tmp_path, docx):
    script = fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")
    with Converter(soffice=script) as converter, \
            pytest.raises(ConversionError, match="could not be loaded"):
        converter.convert(docx, tmp_path)


def test_a_hung_conversion_is_killed_with_its_children(tmp_path, docx):
    marker = tmp_path / "child.pid"
    script = fake_soffice(tmp_path, f"sleep {HANG:.0f} & echo $! > {marker}; wait")
    started = time.monotonic()
    with Converter(soffice=script, timeout=5, startup_timeout=0) as converter, \
            pytest.raises(ConversionError, match="超过"):
        converter.convert(docx, tmp_path)
    # Waiting for the child would have taken the whole hang: the converter killed it instead.
    assert time.monotonic() - started < HANG
    child = int(marker.read_text())
    assert not _running_after_exit(child), "the converter's child process outlived the timeout"


def _running_after_exit(pid: int, within: float = 60.0) -> bool:
    """Still running once a killed process has had ``within`` seconds to finish exiting."""
    deadline = time.monotonic() + within
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return _running(pid)


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for a parent that never reaps it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in "ZX"


def test_libreoffice_gets_its_own_reading_of_overflow_punctuation(tmp_path, docx):
    import zipfile
    copy = libreoffice_copy(docx, tmp_path / "lo.docx")
    with zipfile.ZipFile(docx) as original, zipfile.ZipFile(copy) as converted:
        assert b'<w:overflowPunct w:val="0"/>' in original.read("word/document.xml")
        assert b'<w:overflowPunct w:val="0"/>' not in converted.read("word/document.xml")
        assert b'<w:overflowPunct w:val="1"/>' in converted.read("word/document.xml")
