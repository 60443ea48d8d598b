"""What the notice says: every text of the seed, the table's exact merges, fonts on every run,
and the DOCX's canonical XML against a reviewed golden copy."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from docgen.compose.notice import Placement, render_notice
from docgen.compose.template import REQUIRED_STYLES
from docgen.notice.source import load_file
from docgen.notice.validate import validate
from docgen.resources import DEFAULT_TEMPLATE, SAMPLE

HERE = Path(__file__).resolve().parent
SEED = HERE / "data" / "seed.txt"
GOLDEN = HERE / "golden"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PAGE_NUMBER = re.compile(r"—\d+—")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_tokens() -> list[str]:
    tokens = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        for cell in line.split("\t"):
            tokens.extend(cell.split())
    return [token for token in tokens if token]


def test_every_text_of_the_seed_is_in_the_pdf(sample):
    text = PAGE_NUMBER.sub("", squash("".join(page.get_text() for page in sample.pdf)))
    missing = [token for token in seed_tokens() if token not in text]
    assert not missing, f"missing from the PDF: {missing}"


def test_every_text_of_the_seed_is_in_the_docx(sample):
    document = Document(sample.docx_path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    text = squash("".join(parts))
    missing = [token for token in seed_tokens() if token not in text]
    assert not missing, f"missing from the DOCX: {missing}"


# The seed's table, row by row: R = a merge starts, C = continues the cell above, . = alone.
# Columns: 序号 重点任务 工作内容 具体要求 责任处室.
SEED_MERGES = """
RRR.. CCC.. CCC.. CCR.. CCC.. CC... CC... CC...
RR... CC... CC... CC... CC...
RRR.R CCC.C CCC.C CCR.. CCC..
RR... CC... CC... CC... CC...
RRR.. CCC..
""".split()  # noqa: SIM905 - one table group per line reads better than a list


def merge_codes(table_element) -> list[str]:
    codes = []
    for row in table_element.findall(f"{W}tr")[1:]:  # after the header row
        code = ""
        for cell in row.findall(f"{W}tc"):
            merge = cell.find(f"{W}tcPr/{W}vMerge")
            if merge is None:
                code += "."
            else:
                code += "R" if merge.get(f"{W}val") == "restart" else "C"
        codes.append(code)
    return codes


def test_table_merges_follow_the_seed(sample):
    document = Document(sample.docx_path)
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "重点任务", "工作内容", "具体要求",
                                                     "责任处室"]
    assert merge_codes(table._tbl) == SEED_MERGES
    header = table.rows[0]._tr
    assert header.find(f"{W}trPr/{W}tblHeader") is not None  # repeated on every page
    for row in table._tbl.findall(f"{W}tr"):
        assert row.find(f"{W}trPr/{W}cantSplit") is not None  # never split across pages
    widths = [int(col.get(f"{W}w")) for col in table._tbl.find(f"{W}tblGrid")]
    assert sum(widths) == round(225 / 25.4 * 72 * 20)  # landscape 版心 width, in twips
    rows = table._tbl.findall(f"{W}tr")
    assert squash(_cell_text(rows[14], 4)) == "办公室牵头,各相关处室配合"  # the 〃 block


def _cell_text(row, index: int) -> str:
    cell = row.findall(f"{W}tc")[index]
    return "".join(t.text or "" for t in cell.iter(f"{W}t"))


def test_every_run_names_its_east_asian_font(sample):
    with zipfile.ZipFile(sample.docx_path) as archive:
        parts = [name for name in archive.namelist()
                 if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name)]
        for name in parts:
            root = etree.fromstring(archive.read(name))
            for run in root.iter(f"{W}r"):
                if run.find(f"{W}t") is None:
                    continue
                fonts = run.find(f"{W}rPr/{W}rFonts")
                assert fonts is not None, f"{name}: a run without fonts"
                assert fonts.get(f"{W}eastAsia"), f"{name}: a run without an East Asian font"
                assert not any("Theme" in key for key in fonts.attrib), name


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
