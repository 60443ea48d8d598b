"""On the page: the sample's 附件说明, one character too long for its line, is set a little
tighter instead of leaving 表 alone on a second line."""

from __future__ import annotations

from docgen.pdf.measure import lines


def test_the_attachment_note_keeps_its_last_character_on_the_line(sample) -> None:
    rows = [row.text for page in sample.pdf for row in lines(page)]
    note = next(row for row in rows if row.startswith("附件："))
    assert note.endswith("分工分解表")
    assert "表" not in rows
