"""Returned files read as untrusted: sized up before parsing, formulas never evaluated,
nothing written back; a task list filled in Word is read by its table."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from docgen.compose.extract import render_extract
from docgen.compose.workbook import FIRST_ROW, HEADER_ROW, SHEET, fill_in_workbook
from docgen.notice import tasks
from docgen.notice.collection import UNREADABLE
from docgen.notice.extends import load_file
from docgen.notice.validate import validate
from docgen.pipelines.returns import read_returns, returned_paths
from docgen.resources import DEFAULT_TEMPLATE, SAMPLE

NOTICE = validate(load_file(SAMPLE))


def workbook(tmp_path: Path, unit: str = "法规处") -> Path:
    item = tasks.plan(NOTICE, [unit])[0]
    table = dict(tasks.task_tables(NOTICE))[item.attachment]
    path = tmp_path / f"{unit}.xlsx"
    fill_in_workbook(NOTICE, table, item, tasks.extract_title(NOTICE, unit)).save(path)
    return path


def test_a_formula_a_unit_typed_is_never_evaluated_and_the_file_never_written(tmp_path):
    path = workbook(tmp_path)
    book = load_workbook(path)
    sheet = book[SHEET]
    names = [cell.value for cell in sheet[HEADER_ROW]]
    sheet.cell(FIRST_ROW, names.index("落实情况") + 1).value = "=1+1"  # a real formula, no cache
    sheet.cell(FIRST_ROW + 1, names.index("落实情况") + 1).value = "已完成"
    book.save(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    [returned], problems = read_returns([path], NOTICE)
    assert problems == []
    assert returned.unit == "法规处" and returned.doc_number == NOTICE.doc_number
    assert returned.rows[0].report == {}  # no cached value: nothing to take, nothing computed
    assert returned.rows[1].report == {"落实情况": "已完成"}
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_zip_bomb_and_a_non_zip_are_refused_before_parsing(tmp_path):
    bomb = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (8 * 1024 * 1024))
    fake = tmp_path / "旧格式.xlsx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    entity = tmp_path / "实体.docx"
    with zipfile.ZipFile(entity, "w") as archive:
        archive.writestr("word/document.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    files, problems = read_returns([bomb, fake, entity], NOTICE)
    assert files == []
    assert [p.kind for p in problems] == [UNREADABLE] * 3
    assert "压缩炸弹" in problems[0].message and ".xls" in problems[1].message
    assert "DOCTYPE" in problems[2].message


def test_folders_are_read_one_level_and_lock_files_skipped(tmp_path):
    workbook(tmp_path)
    (tmp_path / "~$法规处.xlsx").write_bytes(b"lock")
    (tmp_path / "说明.txt").write_text("x", encoding="utf-8")
    paths, problems = returned_paths([tmp_path, tmp_path / "无此文件.xlsx"])
    assert [p.name for p in paths] == ["法规处.xlsx"]
    assert [p.kind for p in problems] == [UNREADABLE]


def test_a_task_list_filled_in_word_is_read_by_its_table(tmp_path):
    item = tasks.plan(NOTICE, ["人事处"])[0]
    source = dict(tasks.task_tables(NOTICE))[item.attachment]
    table = tasks.extract_table(source, item, "落实情况")
    path = tmp_path / "人事处（已填）.docx"
    render_extract(NOTICE, table, tasks.extract_title(NOTICE, "人事处"), DEFAULT_TEMPLATE).save(
        path)
    document = Document(str(path))
    grid = document.tables[0]
    grid.rows[1].cells[-1].text = "已公开预算、决算。"
    document.save(str(path))
    [returned], problems = read_returns([path], NOTICE)
    assert problems == [] and returned.unit == "人事处" and returned.kind == "docx"
    assert returned.rows[0].report == {"落实情况": "已公开预算、决算。"}
    assert returned.rows[0].key is None and returned.rows[0].place.endswith("表格第2行")
    assert len(returned.rows) == len(item.leaves)
