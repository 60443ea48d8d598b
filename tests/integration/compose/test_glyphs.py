"""A character the fonts lack stops the build with its place in the data (not a box)."""

from __future__ import annotations

from click.testing import CliRunner
from support.yaml_files import load_yaml, write_yaml

from docgen.cli import main
from docgen.errors import ExitCode
from docgen.resources import SAMPLE


def test_characters_the_fonts_lack_are_a_located_error(tmp_path):
    data = load_yaml(SAMPLE)
    data["body"] = ["测试𠀀字和😀表情。", "特此通知。"]
    path = write_yaml(data, tmp_path / "glyphs.yaml")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    assert result.exit_code == ExitCode.DATA, result.output
    assert "glyphs.yaml:" in result.stderr and "body[0]" in result.stderr
    assert "“𠀀”（U+20000）" in result.stderr and "“😀”（U+1F600）" in result.stderr
    assert not out.exists() or not any(out.iterdir())
