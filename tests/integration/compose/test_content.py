"""What the notice says: every text of the seed, the table's exact merges, fonts on every run."""


from __future__ import annotations

import re
import zipfile

from docx import Document
from lxml import etree
from support import SEED_TEXT as SEED
from support.docx_xml import W

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
