"""Fonts by role: the names the DOCX asks for, the free fonts that serve them on Linux, and a
report of which real font served each role.

The DOCX names the fonts an office uses (仿宋_GB2312, 方正小标宋简体 …; the template's styles
decide). For the PDF, LibreOffice runs with a fontconfig file (made from the ``fonts.conf``
template in this package) that maps those names to installed free fonts. A licensed font
dropped into the font folder is found first, because the free fonts are only *accepted* after
the requested family, never preferred over it. The font folder is ``$DOCGEN_FONT_DIR`` if set,
else ``fonts/`` in the current directory: the project folder docgen is run from (the
repository's own ``fonts/`` when run from its root, as ``make demo`` does).
"""

from __future__ import annotations

import bisect
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape

# Role → the free font that stands in for it, and the names offices commonly give that role.
SUBSTITUTES: dict[str, tuple[str, tuple[str, ...]]] = {
    "小标宋": ("Noto Serif CJK SC SemiBold",
              ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "小标宋", "华文中宋",
               "STZhongsong")),
    "仿宋": ("Noto Serif CJK SC Light",
            ("仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "方正仿宋_GBK",
             "方正仿宋简体", "STFangsong", "华文仿宋")),
    "楷体": ("AR PL UKai CN",
            ("楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312", "方正楷体_GBK", "方正楷体简体",
             "STKaiti", "华文楷体")),
    "黑体": ("Noto Sans CJK SC", ("黑体", "SimHei", "方正黑体_GBK", "方正黑体简体", "STHeiti")),
    "宋体": ("Noto Serif CJK SC", ("宋体", "SimSun", "NSimSun", "方正书宋_GBK", "STSong")),
}
SECOND_CHOICE = {"楷体": "LXGW WenKai"}

FONT_DIR_VARIABLE = "DOCGEN_FONT_DIR"
# Seconds fc-match may take. Bounded only against a wedged fc-match: a first run with a stale
# cache scans every installed font (hundreds of MB), which a cold disk or busy machine slows.
FC_MATCH_TIMEOUT = 120


def font_dir() -> Path:
    """Where licensed fonts are looked for: ``$DOCGEN_FONT_DIR``, else ``./fonts``."""
    configured = os.environ.get(FONT_DIR_VARIABLE)
    return Path(configured) if configured else Path.cwd() / "fonts"


def fontconfig_template() -> Template:
    """The packaged skeleton of the fontconfig file, with ``$font_dir`` and ``$aliases``."""
    source = resources.files("docgen.libreoffice") / "fonts.conf"
    return Template(source.read_text(encoding="utf-8"))


def alias_lines(extra_names: dict[str, str] | None = None) -> list[str]:
    """One alias per name a role goes by: the name first, its free substitutes accepted."""
    lines = []
    for role, (free_font, names) in SUBSTITUTES.items():
        wanted = set(names)
        if extra_names and role in extra_names:
            wanted.add(extra_names[role])
        accepted = [free_font, *([SECOND_CHOICE[role]] if role in SECOND_CHOICE else [])]
        for name in sorted(wanted):
            lines.append(f'  <alias binding="same"><family>{escape(name)}</family><accept>'
                         + "".join(f"<family>{escape(f)}</family>" for f in accepted)
                         + "</accept></alias>")
    return lines


def fontconfig_text(extra_names: dict[str, str] | None = None) -> str:
    """A fontconfig file: the system's configuration, the licensed fonts, our aliases."""
    return fontconfig_template().substitute(
        font_dir=escape(str(font_dir())), aliases="\n".join(alias_lines(extra_names)))


def write_fontconfig(folder: Path, role_names: dict[str, str]) -> Path:
    path = folder / "fonts.conf"
    path.write_text(fontconfig_text(role_names), encoding="utf-8")
    return path


@dataclass(frozen=True)
class FontUse:
    role: str
    requested: str  # the name the DOCX asks for
    served_by: str  # the family fontconfig gives LibreOffice
    file: str
    # The code points the font has glyphs for, as fontconfig's cached charset reports them
    # (sorted, inclusive ranges); empty when fontconfig could not be asked.
    charset: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)

    def covers(self, character: str) -> bool:
        """Whether the font has a glyph for ``character`` (True when unknown)."""
        if not self.charset:
            return True
        point = ord(character)
        index = bisect.bisect_right(self.charset, (point, sys.maxsize)) - 1
        return index >= 0 and self.charset[index][0] <= point <= self.charset[index][1]

    @property
    def substituted(self) -> bool:
        return self.requested.casefold() not in self.served_by.casefold()

    @property
    def face(self) -> str:
        """The most specific of fontconfig's family names (“Noto Serif CJK SC Light”)."""
        return self.served_by.split(",")[-1]

    def describe(self) -> str:
        note = "（替代字体 substitute）" if self.substituted else ""
        return f"{self.role}：“{self.requested}” → {self.face}{note}"


def resolve(role_names: dict[str, str], fontconfig_file: Path) -> list[FontUse]:
    """Ask fontconfig which installed font serves each role's requested name."""
    fc_match = shutil.which("fc-match")
    uses = []
    for role, name in role_names.items():
        served, file, charset = "（未知：缺少 fc-match）", "", ()
        if fc_match:
            env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file)}
            result = subprocess.run(
                [fc_match, "-f", "%{family}|%{file}|%{charset}", f"{name}:lang=zh-cn"],
                capture_output=True, text=True, env=env, timeout=FC_MATCH_TIMEOUT, check=False,
            )
            served, _, rest = result.stdout.partition("|")
            file, _, ranges = rest.partition("|")
            charset = parse_charset(ranges)
        uses.append(FontUse(role, name, served, file, charset))
    return uses


def parse_charset(text: str) -> tuple[tuple[int, int], ...]:
    """fontconfig's ``%{charset}`` (``20-7e a0 …``, hexadecimal) as sorted ranges."""
    ranges = []
    for item in text.split():
        low, _, high = item.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            return ()  # not a charset after all: coverage unknown
    return tuple(sorted(ranges))
