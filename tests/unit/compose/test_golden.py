"""The DOCX's canonical XML against a reviewed golden copy."""


from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from support import GOLDEN

from docgen.compose.notice import Placement, render_notice
from docgen.compose.template import REQUIRED_STYLES
from docgen.notice.extends import load_file
from docgen.notice.validate import validate
from docgen.resources import DEFAULT_TEMPLATE, SAMPLE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def canonical(xml: bytes) -> str:
    """rsids dropped, attributes sorted (C14N), one element per line: stable across runs.

    Of the styles part only docgen's own styles and the defaults are kept: the rest is
    python-docx's stock table and list styles, which docgen never uses.
    """
    root = etree.fromstring(xml)
    if root.tag == f"{W}styles":
        for style in root.findall(f"{W}style") + root.findall(f"{W}latentStyles"):
            name = style.find(f"{W}name")
            if name is None or name.get(f"{W}val") not in REQUIRED_STYLES:
                root.remove(style)
    for element in root.iter():
        for key in list(element.attrib):
            if "rsid" in key:
                del element.attrib[key]
    text = etree.tostring(root, method="c14n").decode("utf-8")
    return re.sub(r"><", ">\n<", text) + "\n"


def render_fixed(tmp_path: Path) -> Path:
    notice = validate(load_file(SAMPLE))
    placement = Placement(imprint_spacer=100.0, imprint_new_page=True)
    path = tmp_path / "sample.docx"
    render_notice(notice, DEFAULT_TEMPLATE, placement).save(path)
    return path


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_docx_parts_match_the_golden_copy(tmp_path, part):
    with zipfile.ZipFile(render_fixed(tmp_path)) as archive:
        actual = canonical(archive.read(part))
    golden = GOLDEN / (part.replace("/", "_") + ".txt")
    if os.environ.get("DOCGEN_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8"), (
        f"{part} changed: review the difference, then DOCGEN_UPDATE_GOLDEN=1 pytest")
    # Semantic anchors, so that regenerating the golden copy cannot hide a wrong value.
    if part == "word/document.xml":
        assert "晋文旅办发〔2022〕46号" in actual
        assert 'w:color="FF0000"' in actual  # the red rule
        assert "2022年5月20日" in actual and "2022年5月20日印发" in actual
        assert 'w:orient="landscape"' in actual
    else:
        assert 'w:line="579" w:lineRule="exact"' in actual  # 28.95 pt body rows
        assert 'w:eastAsia="仿宋_GB2312"' in actual
