"""The desk's edits change only what the clerk changed: one cell, one line."""

from __future__ import annotations

import difflib

import pytest

from docgen.desk.editing import Edit, apply
from docgen.errors import DataError
from docgen.notice.extends import load_file
from docgen.notice.validate import validate
from docgen.resources import EXAMPLES, SAMPLE

CORPUS = sorted(p for p in (SAMPLE.parents[1] / "tests" / "corpus").glob("*.yaml"))
ROW = ("attachments", 0, "table", "rows", 0, "items", 0, "items", 1)


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("path", [SAMPLE, *sorted(EXAMPLES.glob("*.yaml")), *CORPUS],
                         ids=lambda p: p.name)
def test_no_edit_leaves_the_file_byte_for_byte(path):
    text = path.read_text(encoding="utf-8")
    assert apply(text, [], path.name) == text


@pytest.mark.parametrize(("path", "value"), [
    (("doc_number",), "晋文旅办发〔2022〕47号"),
    (("signature", "date"), "2022-05-21"),  # looks like a date: still written plain
    (("signature", "sealed"), "false"),
    (("copy_number",), "000001"),  # an empty field with a comment keeps the comment
    ((*ROW, "责任处室"), "办公室"),  # one cell in a flow of rows
])
def test_a_one_field_edit_changes_one_line(path, value):
    text = SAMPLE.read_text(encoding="utf-8")
    edited = apply(text, [Edit("set", path, value)], SAMPLE.name)
    lines = changed_lines(text, edited)
    assert len(lines) == 2, lines
    assert value in lines[1] and "'" not in lines[1]
    if "#" in lines[0]:
        assert lines[1].split("#")[-1] == lines[0].split("#")[-1]  # the comment stays


def test_clearing_a_field_writes_it_empty_and_keeps_its_comment():
    text = SAMPLE.read_text(encoding="utf-8")
    noted = apply(text, [Edit("set", ("note",), "（此件公开发布）")], "x")
    cleared = apply(noted, [Edit("set", ("note",), None)], "x")
    assert cleared == text


def test_rows_are_inserted_moved_indented_and_deleted_as_data():
    text = SAMPLE.read_text(encoding="utf-8")
    inserted = apply(text, [Edit("insert", (*ROW[:-1], 2), {"具体要求": "新增要求",
                                                            "责任处室": "办公室"})], "x")
    rows = load_file_text(inserted)["attachments"][0]["table"]["rows"][0]["items"][0]["items"]
    assert rows[2] == {"具体要求": "新增要求", "责任处室": "办公室"}
    moved = apply(inserted, [Edit("move", (*ROW[:-1], 2), by=-1),
                             Edit("move", (*ROW[:-1], 1), by=-1)], "x")
    rows = load_file_text(moved)["attachments"][0]["table"]["rows"][0]["items"][0]["items"]
    assert rows[0]["具体要求"] == "新增要求"
    deleted = apply(moved, [Edit("delete", (*ROW[:-1], 0))], "x")
    assert deleted == text


def test_a_row_moved_past_its_group_joins_the_neighbouring_group():
    text = SAMPLE.read_text(encoding="utf-8")
    second_group_first_row = ("attachments", 0, "table", "rows", 0, "items", 1, "items", 0)
    moved = apply(text, [Edit("move", second_group_first_row, by=-1)], "x")
    groups = load_file_text(moved)["attachments"][0]["table"]["rows"][0]["items"]
    original = load_file_text(text)["attachments"][0]["table"]["rows"][0]["items"]
    assert groups[0]["items"][-1] == original[1]["items"][0]
    assert groups[1]["items"] == original[1]["items"][1:]


def test_a_renamed_column_is_renamed_in_every_row_and_level():
    text = SAMPLE.read_text(encoding="utf-8")
    renamed = apply(text, [Edit("rename_column", ("attachments", 0, "table"),
                                {"old": "重点任务", "new": "重点工作"})], "x")
    table = load_file_text(renamed)["attachments"][0]["table"]
    assert table["levels"][0] == ["序号", "重点工作"]
    assert all("重点工作" in row and "重点任务" not in row for row in table["rows"])
    assert list(table["rows"][0])[:2] == ["序号", "重点工作"]  # the key keeps its place
    with pytest.raises(DataError):
        apply(text, [Edit("rename_column", ("attachments", 0, "table"),
                          {"old": "重点任务", "new": "序号"})], "x")


def test_a_row_indented_into_the_one_above_and_back():
    text = SAMPLE.read_text(encoding="utf-8")
    group = ("attachments", 0, "table", "rows", 0, "items")
    indented = apply(text, [Edit("indent", (*group, 1))], "x")
    first = load_file_text(indented)["attachments"][0]["table"]["rows"][0]["items"][0]
    assert first["items"][-1]["工作内容"] == "全面做好政策解读工作"
    last = len(first["items"]) - 1
    back = apply(indented, [Edit("outdent", (*group, 0, "items", last))], "x")
    assert load_file_text(back) == load_file_text(text)


def test_an_edit_at_a_missing_place_is_a_located_error():
    text = SAMPLE.read_text(encoding="utf-8")
    with pytest.raises(DataError) as caught:
        apply(text, [Edit("move", ("attachments", 0, "table", "rows", 0), by=-1)], "通知.yaml")
    assert "attachments[0].table.rows[0]" in caught.value.render()
    with pytest.raises(DataError):
        apply(text, [Edit("explode", ("title",))], "通知.yaml")


def test_the_edited_sample_still_validates(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    edited = apply(text, [Edit("set", ("title",), "关于印发2023年政务公开重点工作任务分工的通知")],
                   "x")
    path = tmp_path / "n.yaml"
    path.write_text(edited, encoding="utf-8")
    assert validate(load_file(path)).title.startswith("关于印发2023年")


def load_file_text(text: str):
    from docgen.notice.source import load_bytes

    return load_bytes(text.encode("utf-8"), "x.yaml").data


def test_signers_are_written_as_a_list_on_their_own_line():
    text = SAMPLE.read_text(encoding="utf-8")
    edited = apply(text, [Edit("set", ("signers",), ["张三", "李四"])], "x")
    lines = changed_lines(text, edited)
    assert len(lines) == 2 and lines[1].startswith("+signers: [张三, 李四]"), lines
    assert "# 签发人" in lines[1]  # the comment stays
    assert load_file_text(edited)["signers"] == ["张三", "李四"]
    assert load_file_text(apply(edited, [Edit("set", ("signers",), [])], "x"))["signers"] == []
