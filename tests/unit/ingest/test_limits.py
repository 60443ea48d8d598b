"""Hostile imports refused before any library parses them, with a clear Chinese message."""

from __future__ import annotations

import zipfile

import pytest
from support.hostile_docx import active_template, hostile
from support.hostile_xlsx import numbered_rows, sheet, with_sheet, workbook

from docgen.errors import ExitCode
from docgen.ingest.limits import (
    MAX_MERGED_CELLS,
    MAX_PLAIN_BYTES,
    ImportRefusedError,
    check_merged_ranges,
    check_office_package,
    check_plain_file,
    check_sheet_size,
)

LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
XXE = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def refused(path, *fragments: str) -> str:
    with pytest.raises(ImportRefusedError) as caught:
        check_office_package(path)
    assert caught.value.exit_code == ExitCode.DATA
    message = caught.value.render()
    assert message.startswith(f"错误：文件 {path.name}"), message
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_a_plain_workbook_and_a_plain_docx_pass(tmp_path):
    assert check_office_package(workbook(tmp_path)).external == []
    assert check_office_package(hostile(tmp_path, name="普通.docx")).external == []


def test_a_zip_bomb_is_refused_by_its_ratio(tmp_path):
    path = hostile(tmp_path, parts={"word/media/bomb.bin": bytes(20 * 1024 * 1024)})
    refused(path, "压缩比", "压缩炸弹")


def test_a_package_of_too_many_parts_is_refused(tmp_path):
    path = hostile(tmp_path, parts={f"word/media/p{i}.bin": b"x" for i in range(2001)})
    refused(path, "个部件")


@pytest.mark.parametrize("prolog", [LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entities_are_refused_before_parsing(tmp_path, prolog):
    path = hostile(tmp_path, document=lambda xml: prolog + xml.split("?>", 1)[1])
    refused(path, "DOCTYPE")


def test_entities_in_a_sheet_are_refused(tmp_path):
    path = with_sheet(tmp_path, XXE + sheet('<row r="1"><c r="A1"><v>&xxe;</v></c></row>'))
    refused(path, "DOCTYPE", "xl/worksheets/sheet1.xml")


def test_external_relationships_are_reported_not_followed(tmp_path):
    report = check_office_package(active_template(tmp_path))
    targets = [target for _, target in report.external]
    assert "http://attacker.example/" in targets
    assert "http://attacker.example/t.dotm" in targets


def test_a_sheet_of_a_million_rows_is_refused(tmp_path):
    # Short rows, each numbered: the part stays under the size limit; the rows are counted.
    rows = "".join(f'<row r="{i}"/>' for i in range(1, 1_000_001))
    path = with_sheet(tmp_path, sheet(rows, dimension="A1"))
    refused(path)  # by its ratio or its rows, whichever is met first


def test_rows_beyond_the_limit_are_refused_while_streaming(tmp_path):
    path = with_sheet(tmp_path, sheet(numbered_rows(20_001), dimension="A1"))
    with zipfile.ZipFile(path) as archive:  # not a bomb: the row count refuses it
        entry = archive.getinfo("xl/worksheets/sheet1.xml")
        assert entry.file_size / entry.compress_size < 100
    refused(path, "超过 20000 行")


def test_a_declared_dimension_of_a_million_rows_is_refused(tmp_path):
    refused(with_sheet(tmp_path, sheet("", dimension="A1:E1000000")), "A1:E1000000")


def test_a_merged_range_over_a_whole_column_is_refused(tmp_path):
    refused(with_sheet(tmp_path, sheet("", merged="A1:A1048576")), "合并区域", "A1:A1048576")


def test_many_merged_ranges_together_are_refused(tmp_path):
    side = 600  # 600 × 200 > the limit, each range alone within it
    ranges = "".join(f'<mergeCell ref="A{r * side + 1}:GR{r * side + side}"/>'
                     for r in range(4) if r * side + side <= 20_000)
    xml = sheet("", dimension="A1").replace("</sheetData>",
                                            f"</sheetData><mergeCells>{ranges}</mergeCells>")
    assert 4 * side * 200 > MAX_MERGED_CELLS
    refused(with_sheet(tmp_path, xml), "合并单元格")


def test_a_cell_beyond_the_last_column_is_refused(tmp_path):
    refused(with_sheet(tmp_path, sheet('<row r="1"><c r="ZZZ1"><v>1</v></c></row>')), "ZZZ1")


def test_a_broken_or_foreign_file_is_refused(tmp_path):
    path = tmp_path / "假的.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    refused(path, "不是有效的")


def test_a_huge_plain_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "大.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_PLAIN_BYTES + 1)
    with pytest.raises(ImportRefusedError, match="过大"):
        check_plain_file(path)


def test_a_sheet_measured_by_its_reader_is_refused_beyond_the_limits():
    with pytest.raises(ImportRefusedError, match="Sheet1"):
        check_sheet_size("分工表.xls", "Sheet1", 65_536, 3)
    check_sheet_size("分工表.xls", "Sheet1", 200, 8)


def test_merged_ranges_a_reader_found_itself_are_measured():
    check_merged_ranges("分工表.xls", "Sheet1", [(3, 1), (2, 2)])
    with pytest.raises(ImportRefusedError, match="合并单元格过大"):
        check_merged_ranges("分工表.xls", "Sheet1", [(65_536, 1)])
    with pytest.raises(ImportRefusedError, match="合并单元格过大"):
        check_merged_ranges("分工表.xls", "Sheet1", [(10_000, 30)] * 2)
