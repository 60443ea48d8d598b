"""The red-header template: a clerk's edits carry through; rendering is sandboxed and strict;
data is never rendered as a template."""


from __future__ import annotations

import pymupdf
import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from docx.shared import RGBColor
from support.yaml_files import load_yaml, write_yaml

from docgen.cli import main
from docgen.errors import ExitCode
from docgen.pdf.measure import lines
from docgen.pipelines.build import build
from docgen.resources import DEFAULT_TEMPLATE, SAMPLE


def set_style_font(document, name: str, font: str) -> None:
    fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), font)


def test_a_clerks_edited_template_still_renders(tmp_path):
    """Mark text typed in, red changed, body font renamed: all carried into the output."""
    template = Document(DEFAULT_TEMPLATE)
    mark = template.paragraphs[0]
    mark.runs[0].text = "某某省文化和旅游厅办公室文件"
    template.styles["发文机关标志"].font.color.rgb = RGBColor(0xE6, 0x00, 0x12)
    set_style_font(template, "公文正文", "仿宋")
    edited = tmp_path / "edited.docx"
    template.save(edited)

    result = build(SAMPLE, tmp_path / "out", template=edited)
    docx = Document(next(p for p in result.files if p.suffix == ".docx"))
    assert docx.paragraphs[0].text == "某某省文化和旅游厅办公室文件"
    body = next(p for p in docx.paragraphs if p.text.startswith("根据《"))
    fonts = body.runs[0]._r.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    assert {use.requested for use in result.fonts if use.role == "仿宋"} == {"仿宋"}
    with pymupdf.open(next(p for p in result.files if p.suffix == ".pdf")) as pdf:
        mark_row = next(r for r in lines(pdf[0]) if r.text == "某某省文化和旅游厅办公室文件")
        assert mark_row.colors == {0xE60012}


def test_data_is_never_rendered_as_a_template(tmp_path):
    data = load_yaml(SAMPLE)
    data["body"][1] = "特此通知。{{ 7*7 }} & < > \" ' {% if true %}x{% endif %}"
    path = write_yaml(data, tmp_path / "literal.yaml")
    result = build(path, tmp_path / "out", formats=("docx",))
    docx = Document(result.files[0])
    texts = [p.text for p in docx.paragraphs]
    assert "特此通知。{{ 7*7 }} & < > \" ' {% if true %}x{% endif %}" in texts
    assert not any("49" in text for text in texts)


@pytest.mark.parametrize(("placeholder", "message"), [
    ("{{ 不存在的字段 }}", "引用了未知字段"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "不安全的操作"),
    ("{{ 发文字号 ", "占位符写法有误"),
])
def test_template_errors_are_reported_with_their_exit_code(tmp_path, placeholder, message):
    template = Document(DEFAULT_TEMPLATE)
    template.paragraphs[0].runs[0].text = placeholder
    bad = tmp_path / "bad.docx"
    template.save(bad)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(out),
                                       "--template", str(bad)])
    assert result.exit_code == ExitCode.TEMPLATE, result.output
    assert message in result.stderr
    assert not out.exists()


def test_a_template_without_the_body_anchor_is_refused(tmp_path):
    template = Document(DEFAULT_TEMPLATE)
    anchor = template.paragraphs[-1]._p
    anchor.getparent().remove(anchor)
    bad = tmp_path / "no-anchor.docx"
    template.save(bad)
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path / "out"),
                                       "--template", str(bad)])
    assert result.exit_code == ExitCode.TEMPLATE
    assert "正文位置" in result.stderr


def test_not_a_docx_is_refused(tmp_path):
    bad = tmp_path / "fake.docx"
    bad.write_text("not a zip", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path / "out"),
                                       "--template", str(bad)])
    assert result.exit_code == ExitCode.TEMPLATE
    assert "不是有效的 .docx" in result.stderr
