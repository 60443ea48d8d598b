

"""Fonts by role: the fontconfig file docgen gives LibreOffice, where licensed fonts are
looked for, and a licensed font in fonts/ winning over the free substitute."""


from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from docgen.libreoffice.fonts import font_dir, fontconfig_text, resolve, write_fontconfig


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
