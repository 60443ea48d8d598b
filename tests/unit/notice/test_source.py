"""YAML as the data format reads it: YAML 1.1 look-alikes stay text, folded blocks fold."""


from __future__ import annotations

from support.sample_text import edit, sample_line

from docgen.notice.source import load_bytes
from docgen.notice.validate import validate

# ── building bad files ─────────────────────────────────────────────────────────────────────
FIRST_DUTY = "                  责任处室: 办公室\n"  # the first detail row's 责任处室 cell


SECOND_PARAGRAPH = "  - 特此通知。\n"


# ── YAML 1.1 look-alikes stay text (validation only, no build) ───────────────────────────
def test_yaml11_lookalikes_stay_text() -> None:
    text = edit(
        (sample_line("note:"), "note: NO\n"),
        (sample_line("recipients:"), "recipients: 010\n"),
        (SECOND_PARAGRAPH, "  - 12:30\n"),
        ("- 序号: 1\n", "- 序号: 010\n"),
        (FIRST_DUTY, FIRST_DUTY.replace("办公室", "NO")),
    )
    notice = validate(load_bytes(text.encode("utf-8"), "lookalikes.yaml"))
    assert notice.note == "NO"
    assert notice.recipients == "010"
    assert notice.body[1].text == "12:30"
    table = notice.attachments[0].table
    assert table is not None
    first_group = table.tree()[0]
    assert first_group.cells["序号"] == "010"
    assert first_group.items[0].items[0].cells["责任处室"] == "NO"


def test_folded_blocks_read_as_yaml_folds_them(tmp_path):
    path = tmp_path / "fold.yaml"
    path.write_text("title: >-\n  第一行\n  第二行\n", encoding="utf-8")
    assert load_bytes(path.read_bytes(), "fold.yaml").data == {"title": "第一行 第二行"}


# ── characters that would print reversed or as a box are refused, with their place ────────
import pytest  # noqa: E402

from docgen.errors import DataError  # noqa: E402


@pytest.mark.parametrize(("char", "named"), [
    ("\u202e", "从右至左强制符 U+202E"), ("\u2067", "从右至左隔离符 U+2067"),
    ("\u200f", "从右至左标记 U+200F"), ("\x85", "下一行符 NEL U+0085"),
    ("\u2028", "行分隔符 U+2028"), ("\u2029", "段分隔符 U+2029")])
def test_bidi_controls_and_unicode_line_breaks_are_refused_where_they_stand(char, named):
    title = sample_line("title:")
    text = edit((title, title.replace("关于", f"关于{char}")))
    with pytest.raises(DataError) as caught:
        load_bytes(text.encode(), "n.yaml")
    line = text.split("\n").index(title.rstrip("\n").replace("关于", f"关于{char}")) + 1
    column = title.index("关于") + 3
    assert f"n.yaml:{line}:{column}: 含有不可见的控制字符：{named}" in caught.value.render()


def test_a_right_to_left_override_in_a_comment_is_refused_too():
    with pytest.raises(DataError) as caught:
        load_bytes("title: 通知  # 注\u202e释\n".encode(), "n.yaml")
    assert "n.yaml:1:15: 含有不可见的控制字符" in caught.value.render()
