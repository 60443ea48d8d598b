"""Where the 版记 and the 署名 rows go: measured on one conversion, fed to the next."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Placement:
    """Where the 版记 goes, decided from a measured first conversion (7.4.1, 7.5)."""

    imprint_spacer: float = 0.0  # points of space above the 版记 on its page
    imprint_new_page: bool = False  # the 版记 starts a page of its own
    blank_page: bool = False  # an unnumbered blank page precedes the 版记 page
    # Measured corrections to the 署名 and 成文日期 right indents: glyph widths (digits, and the
    # gap LibreOffice puts between digits and CJK) are only known once the text is set.
    organ_shift: float = 0.0
    date_shift: float = 0.0
    measured: bool = False  # False only for the first pass, before anything was measured
    # 7.3.5.5: the line pitch of the 主体 (主送 to 附注) when the 署名 block would otherwise
    # miss page 1 by a row; None for the standard pitch. ``tightened`` records that it was
    # tried, so that a tightening that did not help is undone once and never retried.
    tight_pitch: float | None = None
    tightened: bool = False
