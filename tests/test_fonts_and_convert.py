"""Fonts by role (a licensed font in fonts/ wins over the free substitute) and the
LibreOffice wrapper's handling of a broken, silent or hung converter."""

from __future__ import annotations

import stat
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from docgen.errors import ConversionError
from docgen.libreoffice.convert import Converter, libreoffice_copy
from docgen.libreoffice.fonts import font_dir, fontconfig_text, resolve, write_fontconfig
from docgen.resources import SAMPLE

# A hang that outlasts any timeout a test sets, so the timeout is certain to fire however busy
# the machine is; finite only so that a converter that stopped killing fails, not hangs.
HANG = 600.0


def free_kai() -> Path:
    """The installed LXGW WenKai Regular, found through fontconfig."""
    found = subprocess.run(["fc-match", "-f", "%{file}", "LXGW WenKai:style=Regular"],
                           capture_output=True, text=True, check=False).stdout
    if "WenKai" not in found:
        pytest.fail("LXGW WenKai is not installed: `make test` installs fonts-lxgw-wenkai")
    return Path(found)


def licensed_font(folder: Path, family: str) -> Path:
    """A small font whose family name is ``family``: a renamed subset of a free Kai font."""
    options = subset.Options()
    font = TTFont(free_kai())
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="楷体测试通知")
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = "KaiTiGB2312-Test"
    path = folder / "kaiti-test.ttf"
    font.save(path)
    return path


def test_fontconfig_accepts_substitutes_after_the_requested_name():
    text = fontconfig_text({"仿宋": "某局专用仿宋"})
    assert "<family>仿宋_GB2312</family><accept>" in text
    assert "<family>某局专用仿宋</family><accept>" in text
    assert "<prefer>" not in text  # a preferred substitute would beat an installed font


def test_fontconfig_escapes_the_font_folder_and_names(tmp_path, monkeypatch):
    folder = tmp_path / "a&b<c>"
    monkeypatch.setenv("DOCGEN_FONT_DIR", str(folder))
    config = ET.fromstring(fontconfig_text({"仿宋": "R&D <仿宋>"}))
    assert config.findtext("dir") == str(folder)
    assert "R&D <仿宋>" in [alias.findtext("family") for alias in config.iter("alias")]


def test_licensed_fonts_are_looked_for_in_the_project_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DOCGEN_FONT_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert font_dir() == tmp_path / "fonts"
    monkeypatch.setenv("DOCGEN_FONT_DIR", str(tmp_path / "elsewhere"))
    assert font_dir() == tmp_path / "elsewhere"


def test_a_font_dropped_into_fonts_dir_takes_precedence(tmp_path, monkeypatch):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setenv("DOCGEN_FONT_DIR", str(fonts))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    roles = {"楷体": "楷体_GB2312"}
    before = resolve(roles, write_fontconfig(tmp_path, roles))[0]
    assert before.substituted
    licensed_font(fonts, "楷体_GB2312")
    after = resolve(roles, write_fontconfig(tmp_path, roles))[0]
    assert "楷体_GB2312" in after.served_by
    assert not after.substituted
    assert after.file.startswith(str(fonts))


def fake_soffice(folder: Path, body: str) -> str:
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


@pytest.fixture
def docx(tmp_path) -> Path:
    from docgen.compose.notice import Placement, render_notice
    from docgen.notice.source import load_file
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
