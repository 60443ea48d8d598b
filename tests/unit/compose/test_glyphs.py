"""Characters the role's font lacks are located in the data, not printed as boxes."""

from __future__ import annotations

from support.sample_text import SAMPLE_TEXT, sample_line

from docgen.compose.glyphs import glyph_problems
from docgen.libreoffice.fonts import FontUse, parse_charset
from docgen.notice.source import load_bytes
from docgen.notice.validate import validate

CJK_ONLY = parse_charset("20-d7ff e000-ffff")  # the whole BMP, nothing beyond
KAI_WITH_EXT_B = parse_charset("20-d7ff e000-ffff 20000-2a6df")


def covers_like_the_free_fonts(role: str, character: str) -> bool:
    charset = KAI_WITH_EXT_B if role == "楷体" else CJK_ONLY
    return FontUse(role, role, role, "", charset).covers(character)


def problems_for(text: str):
    source = load_bytes(text.encode("utf-8"), "notice.yaml")
    return glyph_problems(source, validate(source), covers_like_the_free_fonts)


def with_body(*items: str) -> str:
    """The sample with its body replaced by ``items``."""
    lines = SAMPLE_TEXT.split("\n")
    start = lines.index(sample_line("body:").rstrip("\n")) + 1
    end = start
    while lines[end].startswith("  - "):
        end += 1
    return "\n".join(lines[:start] + [f"  - {item}" for item in items] + lines[end:])


def test_an_emoji_and_an_extension_b_character_are_located_errors():
    problems = problems_for(with_body("测试𠀀字和😀表情。"))
    found = {(p.message.split("”")[0][-1], p.path) for p in problems}
    assert found == {("𠀀", "body[0]"), ("😀", "body[0]")}
    first = next(p for p in problems if "𠀀" in p.message)
    assert "U+20000" in first.message and "仿宋" in first.message
    line = with_body("测试𠀀字和😀表情。").split("\n").index("  - 测试𠀀字和😀表情。") + 1
    assert (first.file, first.line, first.column) == ("notice.yaml", line, 7)


def test_a_character_the_heading_face_has_is_not_reported():
    assert problems_for(with_body("（一）标题𠀀", "正文。")) == []  # 楷体 has it


def test_the_same_character_in_the_body_face_is():
    problems = problems_for(with_body("（一）标题：正文𠀀。", "正文。"))
    assert [p.path for p in problems] == ["body[0]"] and "仿宋" in problems[0].message


def test_parse_charset_reads_fontconfig_ranges():
    charset = parse_charset("20-7e a0 4e00-9fa5")
    use = FontUse("仿宋", "仿宋", "x", "", charset)
    assert use.covers("A") and use.covers("\xa0") and use.covers("中")
    assert not use.covers("😀") and not use.covers("\xa1")
    assert FontUse("仿宋", "仿宋", "x", "").covers("😀")  # unknown coverage: not an error
