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
