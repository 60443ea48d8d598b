"""Ruled tables in a PDF read back as grids: spans from missing rulings, text cut at the
column rulings, a table going on over a page break joined (header dropped, continued group
cell grown), pages stored turned read as they are seen."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.ruled_pdf import ROW, Box, draw_table, new_page, write_text

from docgen.ingest.blocks import TableBlock
from docgen.ingest.pdffile import PageContent, _read_page, open_untrusted, reading_order

HEADER = [Box(0, 0, ("序号",)), Box(0, 1, ("重点任务",)), Box(0, 2, ("责任单位",))]
WIDTHS = [60.0, 240.0, 140.0]


def cells(grid) -> list[tuple[int, int, int, int, str]]:
    return [(c.row, c.col, c.rowspan, c.colspan, c.text) for c in grid.cells]


def read_pages(path: Path) -> list[PageContent]:
    with open_untrusted(path) as document:
        return [_read_page(page) for page in document]


def tables_of(path: Path) -> list[TableBlock]:
    items = reading_order(read_pages(path), path.name)
    return [item for item in items if isinstance(item, TableBlock)]


def save(document: pymupdf.Document, path: Path) -> Path:
    document.save(path)
    document.close()
    return path


def test_a_box_over_several_ruled_rows_is_a_rowspan_and_over_columns_a_colspan(tmp_path):
    document = pymupdf.open()
    page = new_page(document)
    draw_table(page, [*HEADER,
                      Box(1, 0, ("1",), rowspan=3), Box(1, 1, ("甲任务",)), Box(1, 2, ("办公室",)),
                      Box(2, 1, ("乙任务",)), Box(2, 2, ("法规处",), rowspan=2),
                      Box(3, 1, ("丙任务",)),
                      Box(4, 0, ("合计：三项任务",), colspan=3)], WIDTHS)
    [table] = tables_of(save(document, tmp_path / "t.pdf"))

    assert (table.grid.n_rows, table.grid.n_cols) == (5, 3)
    assert cells(table.grid) == [
        (0, 0, 1, 1, "序号"), (0, 1, 1, 1, "重点任务"), (0, 2, 1, 1, "责任单位"),
        (1, 0, 3, 1, "1"), (1, 1, 1, 1, "甲任务"), (1, 2, 1, 1, "办公室"),
        (2, 1, 1, 1, "乙任务"), (2, 2, 2, 1, "法规处"),
        (3, 1, 1, 1, "丙任务"),
        (4, 0, 1, 3, "合计：三项任务")]
    assert table.grid.col_widths == pytest.approx(WIDTHS)


def test_a_cells_lines_join_without_spaces_between_cjk_but_keep_latin_words_apart(tmp_path):
    document = pymupdf.open()
    page = new_page(document)
    draw_table(page, [*HEADER,
                      Box(1, 0, ("1",)), Box(1, 1, ("按照国务院要求编", "制清单 2022 年")),
                      Box(1, 2, ("Office of", "Legal Affairs",))], WIDTHS,
               heights=[24.0, 48.0])
    [table] = tables_of(save(document, tmp_path / "t.pdf"))

    texts = {(c.row, c.col): c.text for c in table.grid.cells}
    assert texts[(1, 1)] == "按照国务院要求编制清单 2022 年"
    assert texts[(1, 2)] == "Office of Legal Affairs"


def test_two_cells_on_one_baseline_are_cut_apart_at_their_ruling(tmp_path):
    document = pymupdf.open()
    page = new_page(document)
    draw_table(page, [Box(0, 0, ("责任科室",)), Box(0, 1, ("时限要求",))], [51.0, 60.0])
    [table] = tables_of(save(document, tmp_path / "t.pdf"))

    assert cells(table.grid) == [(0, 0, 1, 1, "责任科室"), (0, 1, 1, 1, "时限要求")]


def _two_page_table(tmp_path: Path, *, repeat_header: bool) -> Path:
    document = pymupdf.open()
    first = new_page(document)
    draw_table(first, [*HEADER,
                       Box(1, 0, ("1",), rowspan=2), Box(1, 1, ("甲任务",)), Box(1, 2, ("办公室",)),
                       Box(2, 1, ("乙任务",)), Box(2, 2, ("法规处",))], WIDTHS, top=650)
    second = new_page(document)
    head = HEADER if repeat_header else []
    shift = 1 if repeat_header else 0
    draw_table(second, [*head,
                        Box(shift, 0), Box(shift, 1, ("丙任务",)), Box(shift, 2, ("财务处",)),
                        Box(shift + 1, 0, ("2",)), Box(shift + 1, 1, ("丁任务",)),
                        Box(shift + 1, 2, ("人事处",))], WIDTHS, top=100)
    return save(document, tmp_path / "two-pages.pdf")


@pytest.mark.parametrize("repeat_header", [True, False], ids=["header-repeated", "no-header"])
def test_a_table_over_a_page_break_is_one_grid_and_its_group_cell_goes_on(tmp_path,
                                                                        repeat_header):
    [table] = tables_of(_two_page_table(tmp_path, repeat_header=repeat_header))

    assert cells(table.grid) == [
        (0, 0, 1, 1, "序号"), (0, 1, 1, 1, "重点任务"), (0, 2, 1, 1, "责任单位"),
        (1, 0, 3, 1, "1"), (1, 1, 1, 1, "甲任务"), (1, 2, 1, 1, "办公室"),
        (2, 1, 1, 1, "乙任务"), (2, 2, 1, 1, "法规处"),
        (3, 1, 1, 1, "丙任务"), (3, 2, 1, 1, "财务处"),
        (4, 0, 1, 1, "2"), (4, 1, 1, 1, "丁任务"), (4, 2, 1, 1, "人事处")]
    assert table.grid.n_rows == 5
    assert "第2页" in next(c.where for c in table.grid.cells if c.text == "丁任务")


def _broken_row(tmp_path: Path, first_part: str) -> Path:
    """A row Word let break at the page: its 重点任务 cell's text runs on to the next page."""
    document = pymupdf.open()
    widths = [60.0, 6 + 12 * len(first_part) + 4, 140.0]
    draw_table(new_page(document), [*HEADER, Box(1, 0, ("1",)), Box(1, 1, ("甲任务",)),
                                    Box(1, 2, ("办公室",)), Box(2, 0, ("2",)),
                                    Box(2, 1, (first_part,)), Box(2, 2, ("法规处",))],
               widths, top=842 - 60 - 3 * ROW)
    draw_table(new_page(document), [*HEADER, Box(1, 0), Box(1, 1, ("按时公布。",)), Box(1, 2)],
               widths)
    return save(document, tmp_path / "broken.pdf")


def test_a_row_broken_by_the_page_is_one_row_again(tmp_path):
    [table] = tables_of(_broken_row(tmp_path, "编制并公布清单"))

    assert cells(table.grid)[-3:] == [(2, 0, 1, 1, "2"), (2, 1, 1, 1, "编制并公布清单按时公布。"),
                                      (2, 2, 1, 1, "法规处")]
    assert table.grid.n_rows == 3


def test_a_row_that_ends_its_sentence_is_not_taken_for_a_broken_one(tmp_path):
    [table] = tables_of(_broken_row(tmp_path, "编制并公布清单。"))

    assert table.grid.n_rows == 4
    assert (3, 1, 1, 1, "按时公布。") in cells(table.grid)


def test_text_between_two_tables_keeps_them_apart(tmp_path):
    document = pymupdf.open()
    page = new_page(document)
    draw_table(page, [*HEADER, Box(1, 0, ("1",)), Box(1, 1, ("甲",)), Box(1, 2, ("乙",))],
               WIDTHS, top=100)
    write_text(page, 80, 200, "附表二")
    draw_table(page, [*HEADER, Box(1, 0, ("1",)), Box(1, 1, ("丙",)), Box(1, 2, ("丁",))],
               WIDTHS, top=230)
    tables = tables_of(save(document, tmp_path / "t.pdf"))

    assert [t.number for t in tables] == [1, 2]
    assert [t.grid.n_rows for t in tables] == [2, 2]


def test_a_landscape_page_stored_turned_reads_as_it_is_seen(tmp_path):
    document = pymupdf.open()
    for turned in (False, True):
        page = new_page(document, landscape=True, turned=turned)
        write_text(page, 100, 70, "附件")
        draw_table(page, [*HEADER, Box(1, 0, ("1",), rowspan=2), Box(1, 1, ("甲项工作",)),
                          Box(1, 2, ("办公室",)), Box(2, 1, ("乙项 Work plan",)),
                          Box(2, 2, ("法规处",))], [60.0, 400.0, 180.0])
    path = save(document, tmp_path / "landscape.pdf")
    plain, turned = read_pages(path)

    assert turned.landscape and plain.landscape
    assert [line.text for line in turned.lines] == ["附件"]
    assert [cells_of(t) for t in turned.tables] == [cells_of(t) for t in plain.tables]
    assert (1, 0, 2, 1, "1") in cells_of(turned.tables[0])
    assert (2, 1, 1, 1, "乙项 Work plan") in cells_of(turned.tables[0])


def cells_of(table) -> list[tuple[int, int, int, int, str]]:
    return [(c.row, c.col, c.rowspan, c.colspan, c.text) for c in table.cells]


# ── the property: any grid of nested row spans, drawn over one or two pages, reads back ─────

WORDS = st.text(st.sampled_from("甲乙丙丁戊己庚辛壬癸公开落实法治服务"), min_size=1, max_size=4)


@st.composite
def grids(draw) -> tuple[list[Box], int, int | None]:
    """Header boxes and body boxes (rows from 1), grouping columns whose spans nest, detail
    columns with spans of their own; a page break before some body row, or none."""
    body = draw(st.integers(1, 10))
    groups, details = draw(st.integers(0, 3)), draw(st.integers(1, 3))
    cuts: set[int] = set()
    columns = []
    for col in range(groups + details):
        if col < groups:  # a grouping column cuts at least where the one before it cuts
            cuts |= set(draw(st.lists(st.integers(1, body - 1), max_size=body))) if body > 1 \
                else set()
            columns.append(sorted(cuts))
        else:
            columns.append(sorted(set(draw(st.lists(st.integers(1, body - 1), max_size=body)))
                                  if body > 1 else set()))
    # a row boundary that no column draws is no row to a reader: the last column draws it
    columns[-1] = sorted(set(columns[-1]) | set(range(1, body)) - set().union(*columns[:-1]))
    page_break = draw(st.one_of(st.none(), st.integers(1, body - 1))) if body > 1 else None
    boxes = [Box(0, col, (f"列{col + 1}",)) for col in range(len(columns))]
    for col, col_cuts in enumerate(columns):
        starts = [0, *col_cuts]
        for start, end in zip(starts, [*col_cuts, body], strict=True):
            # a cell starting at the page break has text: an empty one there is taken for
            # the rest of the cell above, as docgen and Word draw it
            text = draw(WORDS) if start == page_break else draw(st.one_of(WORDS, st.just("")))
            boxes.append(Box(start + 1, col, (text,) if text else (), rowspan=end - start))
    return boxes, len(columns), page_break


def _draw_over_pages(path: Path, boxes: list[Box], n_cols: int, page_break: int | None):
    document = pymupdf.open()
    widths = [80.0] * n_cols  # no word fills its box: none reads as a row broken by the page
    if page_break is None:
        draw_table(new_page(document), boxes, widths)
        return save(document, path)
    cut = page_break + 1  # the break in grid rows (the header is row 0)
    header = [box for box in boxes if box.row == 0]
    above = [Box(b.row, b.col, b.lines, min(b.rowspan, cut - b.row), b.colspan)
             for b in boxes if b.row < cut]
    below = [*header, *(Box(b.row - cut + 1, b.col, b.lines, b.rowspan, b.colspan)
                        for b in boxes if b.row >= cut)]
    below += [Box(1, b.col, (), b.row + b.rowspan - cut, b.colspan)  # a merged cell goes on
              for b in boxes if 0 < b.row < cut < b.row + b.rowspan]
    first = new_page(document)
    draw_table(first, above, widths, top=842 - 60 - ROW * (cut + 1))
    draw_table(new_page(document), below, widths)
    return save(document, path)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(drawn=grids())
def test_any_ruled_grid_reads_back_cell_for_cell(drawn, tmp_path):
    boxes, n_cols, page_break = drawn
    [table] = tables_of(_draw_over_pages(tmp_path / "grid.pdf", boxes, n_cols, page_break))

    expected = sorted((b.row, b.col, b.rowspan, b.colspan, "".join(b.lines)) for b in boxes)
    assert sorted(cells(table.grid)) == expected
