"""A paragraph's last line never holds a lone character when a little tightening saves it."""

from __future__ import annotations

from docgen.standard import figures as L
from docgen.standard.typeset import MAX_WIDOW_CONDENSE, widow_tracking

NAME = "山西省文化和旅游厅政务公开重点工作任务分工分解表"  # 24 characters
NAME_WIDTH = L.TYPE_AREA_WIDTH - (L.INDENT_CHARS + 3) * L.CHAR  # after 二字缩进 and 附件：


def test_a_lone_last_character_is_pulled_back_by_tightening() -> None:
    tracking = widow_tracking(NAME, [NAME_WIDTH], L.SIZE_3HAO, L.BODY_TRACKING)
    assert L.BODY_TRACKING - MAX_WIDOW_CONDENSE <= tracking < L.BODY_TRACKING
    assert round(tracking * 20) == tracking * 20  # whole twentieths of a point, as written


def test_a_full_last_line_keeps_the_style_tracking() -> None:
    assert widow_tracking(NAME[:20], [NAME_WIDTH], L.SIZE_3HAO, L.BODY_TRACKING) \
        == L.BODY_TRACKING
    assert widow_tracking(NAME + NAME[:10], [NAME_WIDTH], L.SIZE_3HAO, L.BODY_TRACKING) \
        == L.BODY_TRACKING


def test_a_lone_closing_mark_counts_with_its_character() -> None:
    text = NAME[:23] + "表。"  # 表 and 。 alone on the last line: still one character
    assert widow_tracking(text, [NAME_WIDTH], L.SIZE_3HAO, L.BODY_TRACKING) \
        < L.BODY_TRACKING


def test_more_than_the_allowance_is_left_as_it_is() -> None:
    narrow = 6.2 * L.CHAR  # six characters a line: a seventh would need 2 pt off each
    assert widow_tracking(NAME[:7], [narrow], L.SIZE_3HAO, L.BODY_TRACKING) == L.BODY_TRACKING
    assert widow_tracking(NAME[:7], [narrow + 2 * L.CHAR], L.SIZE_3HAO, L.BODY_TRACKING) \
        == L.BODY_TRACKING  # and with room for all seven there is nothing to save
