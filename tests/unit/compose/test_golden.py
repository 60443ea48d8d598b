"""The DOCX's canonical XML against a reviewed golden copy."""


from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from support import GOLDEN
from support.docx_xml import canonical

from docgen.compose.notice import Placement, render_notice
from docgen.notice.extends import load_file
from docgen.notice.validate import validate
from docgen.resources import DEFAULT_TEMPLATE, SAMPLE


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
        assert '<w:pStyle w:val="发文机关署名">' in actual
        assert '<w:pStyle w:val="成文日期">' in actual
        assert '<w:pStyle w:val="附件说明">' in actual
    else:
        assert 'w:line="579" w:lineRule="exact"' in actual  # 28.95 pt body rows
        assert 'w:eastAsia="仿宋_GB2312"' in actual
        assert 'w:eastAsia="zh-CN"' in actual  # the East Asian language of the defaults
        for name in ("发文机关署名", "成文日期", "附件说明", "附注"):  # their own styles
            assert f'w:styleId="{name}"' in actual
