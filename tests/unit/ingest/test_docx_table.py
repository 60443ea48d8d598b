"""A Word 分工表 as a grid: vertical merges as row spans, gridSpan as column spans, the
repeated header rows, the column widths, where each cell is; a table split in two joined."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docgen.ingest.grid import table_from_grid
from docgen.ingest.recognise import join_split_tables
from docgen.ingest.wordfile import TableBlock, walk

HEADER = [["序号", "重点任务", "具体要求", "责任单位", None], [None, None, None, "牵头", "配合"]]
GROUPS = [("1", "以公开促落实", [("公布政策", "办公室", "各处室"), ("做好解读", "办公室", ""),
                              ("回应关切", "产业处", "发展中心")]),
          ("2", "以公开促法治", [("双公示", "审批处", "发展中心"), ("规范文件", "法规处", "")])]
WIDTHS = [600, 1800, 4000, 1500, 1500]


def add_task_table(document, groups) -> None:
    rows = sum(len(items) for _, _, items in groups)
    table = document.add_table(rows=2 + rows, cols=5)
    table.style = "Table Grid"
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), WIDTHS, strict=True):
        column.set(qn("w:w"), str(width))
    for r, header in enumerate(HEADER):
        table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for c, text in enumerate(header):
            if text:
                table.cell(r, c).text = text
    for c in range(3):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(0, 3).merge(table.cell(0, 4))
    r = 2
    for number, task, items in groups:
        table.cell(r, 0).text, table.cell(r, 1).text = number, task
        for offset, values in enumerate(items):
            for c, text in enumerate(values, start=2):
                table.cell(r + offset, c).text = text
        for c in (0, 1):
            table.cell(r, c).merge(table.cell(r + len(items) - 1, c))
        r += len(items)


def only_table(path: Path) -> TableBlock:
    tables = [b for b in join_split_tables(walk(path)) if isinstance(b, TableBlock)]
    assert len(tables) == 1
    return tables[0]


def test_merged_cells_become_spans_and_the_header_rows_are_known(tmp_path: Path) -> None:
    document = docx.Document()
    add_task_table(document, GROUPS)
    document.save(str(tmp_path / "t.docx"))
    grid = only_table(tmp_path / "t.docx").grid
    cells = {(c.row, c.col): c for c in grid.cells}
    assert (grid.n_rows, grid.n_cols, grid.header_rows) == (7, 5, 2)
    assert grid.col_widths == WIDTHS
    assert (cells[0, 0].rowspan, cells[0, 3].colspan, cells[0, 3].text) == (2, 2, "责任单位")
    assert (cells[2, 1].text, cells[2, 1].rowspan) == ("以公开促落实", 3)
    assert (cells[5, 1].text, cells[5, 1].rowspan) == ("以公开促法治", 2)
    assert cells[3, 2].where == "表1第4行第3列"
    assert (1, 0) not in cells and (3, 0) not in cells  # covered by the merges above them
    grouped = table_from_grid(grid).table
    assert grouped["levels"] == [["序号", "重点任务"]]
    assert [len(group["items"]) for group in grouped["rows"]] == [3, 2]


def test_a_table_split_across_a_page_with_its_header_typed_again_is_one(tmp_path: Path) -> None:
    document = docx.Document()
    add_task_table(document, GROUPS[:1])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add_task_table(document, GROUPS[1:])
    document.save(str(tmp_path / "split.docx"))
    grid = only_table(tmp_path / "split.docx").grid
    assert (grid.n_rows, grid.header_rows) == (7, 2)
    tasks = [group["重点任务"] for group in table_from_grid(grid).table["rows"]]
    assert tasks == ["以公开促落实", "以公开促法治"]


def test_tables_with_other_headers_or_text_between_stay_apart(tmp_path: Path) -> None:
    document = docx.Document()
    add_task_table(document, GROUPS[:1])
    document.add_paragraph("附件2")
    add_task_table(document, GROUPS[1:])
    document.save(str(tmp_path / "two.docx"))
    tables = [b for b in join_split_tables(walk(tmp_path / "two.docx"))
              if isinstance(b, TableBlock)]
    assert [t.grid.n_rows for t in tables] == [5, 4]


def test_a_cell_spanning_a_billion_columns_is_refused_at_once(tmp_path: Path) -> None:
    import pytest

    from docgen.errors import DocgenError, ExitCode
    from docgen.ingest.wordfile import read_docx

    document = docx.Document()
    add_task_table(document, GROUPS)
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), "1000000000")
    document.tables[0].cell(3, 2)._tc.get_or_add_tcPr().append(span)
    document.save(str(tmp_path / "wide.docx"))
    with pytest.raises(DocgenError) as caught:
        read_docx(tmp_path / "wide.docx")
    assert caught.value.exit_code == ExitCode.DATA
    assert "表1第4行" in caught.value.render()


def test_text_in_a_nested_table_or_a_content_control_in_a_cell_is_kept(tmp_path: Path) -> None:
    from lxml import etree

    document = docx.Document()
    add_task_table(document, GROUPS)
    cell = document.tables[0].cell(3, 2)
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "子表甲", "子表乙"
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    cell._tc.append(etree.fromstring(
        f'<w:sdt xmlns:w="{w}"><w:sdtContent><w:p><w:r><w:t>控件里的字</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt>'))
    cell._tc.append(etree.fromstring(f'<w:p xmlns:w="{w}"/>'))  # a cell ends with a paragraph
    document.save(str(tmp_path / "nested.docx"))
    text = next(c.text for c in only_table(tmp_path / "nested.docx").grid.cells
                if c.row == 3 and c.col == 2)
    assert [line for line in text.split("\n") if line] == ["做好解读", "子表甲", "子表乙",
                                                         "控件里的字"]


def test_malformed_attribute_values_are_read_without_a_crash(tmp_path: Path) -> None:
    from lxml import etree

    from docgen.ingest.wordfile import read_docx

    document = docx.Document()
    add_task_table(document, GROUPS)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    cell_properties = document.tables[0].cell(4, 3)._tc.get_or_add_tcPr()
    for name, value in {"gridSpan": "x", "vMerge": "weird"}.items():
        element = OxmlElement(f"w:{name}")
        element.set(qn("w:val"), value)
        cell_properties.append(element)
    paragraph = document.add_paragraph("符号")
    paragraph._p.append(etree.fromstring(
        f'<w:r xmlns:w="{w}"><w:rPr><w:sz w:val="abc"/><w:color w:val="red"/></w:rPr>'
        '<w:sym w:font="Wingdings" w:char="zz"/><w:t>后</w:t></w:r>'))
    document.sections[0]._sectPr.find(qn("w:pgSz")).set(qn("w:w"), "wide")
    document.save(str(tmp_path / "odd.docx"))
    draft = read_docx(tmp_path / "odd.docx")
    assert "做好解读" in str(draft.data) + str(draft.unplaced)
