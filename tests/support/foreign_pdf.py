"""Notices typed by another office, written straight to PDF with PyMuPDF (not through docgen's
layout or LibreOffice), so that `docgen check` can be tested on what it will meet in the wild.

The layout follows GB/T 9704 where the options do not say otherwise; each option reproduces
one way a foreign notice differs: a red rule broken by a ★ (or none), a flush-right 成文日期,
a sealed signature block, a number of pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from docgen.pdf.seal.specimen import specimen_png
from docgen.standard import figures as L

FONT_FILE = "/usr/share/fonts/truetype/arphic/ukai.ttc"  # a TrueType CJK face that subsets
FONT = "F0"
LEFT, RIGHT = L.MARGIN_LEFT, L.MARGIN_LEFT + L.TYPE_AREA_WIDTH
CENTRE = (LEFT + RIGHT) / 2
W = L.CHAR  # one 3号 character on the body grid
PITCH = L.LINE_PITCH
PER_LINE = 27  # 16 pt glyphs without tracking: 28 would run 2 mm past the 版心
FIRST_BASELINE = L.MARGIN_TOP + 0.88 * L.SIZE_3HAO + 3  # the first row's em box at the 版心 top
RED = (1, 0, 0)
PARAGRAPH = ("为进一步提高全省文化和旅游系统干部职工的业务能力，根据年度工作安排，经研究，"
             "决定举办全省文化和旅游系统业务培训班。现将有关事项通知如下，请各单位认真组织，"
             "按时选派人员参加，确保培训取得实效。")


@dataclass
class ForeignNotice:
    mark: str = "山西省文化和旅游厅文件"
    number: str = "晋文旅发〔2023〕5号"
    title: list[str] = field(default_factory=lambda: [
        "山西省文化和旅游厅", "关于举办全省文旅系统业务培训班的通知"])
    recipients: str = "各市文化和旅游局，厅机关各处室："
    paragraphs: int = 3
    pages: int = 0  # at least this many pages of body text (0: as many as the paragraphs take)
    organ: str = "山西省文化和旅游厅"
    date: str = "2023年3月1日"
    red_rule: str = "star"  # "full" (7.2.7), "star" (broken by a ★, HEAD-12), "none"
    date_flush_right: bool = False  # the date set against the right margin (wrong for 7.3.5)
    sealed: bool = False  # 7.3.5.1: 署名 centred on a date 4 characters from the right, a seal


class _Writer:
    """Rows on the 28.95 pt grid, pages broken after 22 rows."""

    def __init__(self, document: pymupdf.Document) -> None:
        self.document = document
        self.page = self._new_page()
        self.y = FIRST_BASELINE

    def _new_page(self) -> pymupdf.Page:
        page = self.document.new_page(width=L.PAGE_WIDTH, height=L.PAGE_HEIGHT)
        page.insert_font(fontname=FONT, fontfile=FONT_FILE)
        return page

    def text(self, x: float, text: str, size: float = L.SIZE_3HAO, color=(0, 0, 0),
             y: float | None = None) -> None:
        self.page.insert_text((x, self.y if y is None else y), text, fontsize=size,
                              fontname=FONT, color=color)

    def centred(self, text: str, size: float, color=(0, 0, 0)) -> None:
        self.text(CENTRE - width(text, size) / 2, text, size, color)

    def right(self, text: str, right_edge: float) -> float:
        x0 = right_edge - width(text, L.SIZE_3HAO)
        self.text(x0, text)
        return x0

    def advance(self, rows: float = 1) -> None:
        self.y += rows * PITCH
        if self.y > L.TYPE_AREA_BOTTOM:
            self.break_page()

    def break_page(self) -> None:
        self.page = self._new_page()
        self.y = FIRST_BASELINE


_FACE: list[pymupdf.Font] = []


def width(text: str, size: float) -> float:
    if not _FACE:
        _FACE.append(pymupdf.Font(fontfile=FONT_FILE))
    return _FACE[0].text_length(text, fontsize=size)


def write_foreign_notice(target: Path, notice: ForeignNotice | None = None) -> Path:
    notice = notice or ForeignNotice()
    document = pymupdf.open()
    writer = _Writer(document)
    _masthead(writer, notice)
    for line in notice.title:
        writer.centred(line, L.SIZE_2HAO)
        writer.y += L.TITLE_LINE_HEIGHT
    writer.y += PITCH - L.TITLE_LINE_HEIGHT
    writer.advance()
    writer.text(LEFT, notice.recipients)
    paragraphs = 0
    while paragraphs < notice.paragraphs or document.page_count < notice.pages:
        _paragraph(writer, PARAGRAPH)
        paragraphs += 1
    last_body_y = writer.y
    if notice.sealed:
        _sealed_closing(writer, notice, last_body_y)
    else:
        _unsealed_closing(writer, notice)
    _page_numbers(document)
    document.subset_fonts()
    document.save(target, garbage=3, deflate=True)
    document.close()
    return target


def _masthead(writer: _Writer, notice: ForeignNotice) -> None:
    size = 30.0
    writer.y = L.MARK_INK_TOP + 0.85 * size
    writer.centred(notice.mark, size, RED)
    writer.y += 0.15 * size + 2 * PITCH + 0.88 * L.SIZE_3HAO + 6
    writer.centred(notice.number, L.SIZE_3HAO)
    rule_y = writer.y + 0.12 * L.SIZE_3HAO + L.RULE_BELOW_NUMBER
    page = writer.page
    if notice.red_rule == "full":
        page.draw_line((LEFT, rule_y), (RIGHT, rule_y), color=RED, width=1)
    elif notice.red_rule == "star":
        page.draw_line((LEFT, rule_y), (CENTRE - 10, rule_y), color=RED, width=1)
        page.draw_line((CENTRE + 10, rule_y), (RIGHT, rule_y), color=RED, width=1)
        writer.text(CENTRE - 6, "★", 12, RED, y=rule_y + 4)
    writer.y = rule_y + 2 * PITCH + 0.88 * L.SIZE_2HAO


def _paragraph(writer: _Writer, text: str) -> None:
    writer.advance()
    first, rest = text[:PER_LINE - 2], text[PER_LINE - 2:]
    writer.text(LEFT + 2 * W, first)
    while rest:
        writer.advance()
        writer.text(LEFT, rest[:PER_LINE])
        rest = rest[PER_LINE:]


def _unsealed_closing(writer: _Writer, notice: ForeignNotice) -> None:
    """7.3.5.2: 署名 a row below the body, 2 characters from the right; the date below it,
    2 characters right of the 署名's start (or, as some offices type it, flush right)."""
    writer.advance(2)
    organ_x0 = writer.right(notice.organ, RIGHT - 2 * W)
    writer.advance()
    if notice.date_flush_right:
        writer.right(notice.date, RIGHT)
    else:
        writer.text(organ_x0 + 2 * W, notice.date)


def _sealed_closing(writer: _Writer, notice: ForeignNotice, last_body_y: float) -> None:
    """7.3.5.1: the date 4 characters from the right, the 署名 centred on it, the seal
    centred on both, its top within a row of the body."""
    writer.advance(3)
    right = RIGHT if notice.date_flush_right else RIGHT - 4 * W
    date_x0 = right - width(notice.date, L.SIZE_3HAO)
    date_centre = date_x0 + width(notice.date, L.SIZE_3HAO) / 2
    writer.text(date_centre - width(notice.organ, L.SIZE_3HAO) / 2, notice.organ)
    organ_y = writer.y
    writer.advance()
    writer.text(date_x0, notice.date)
    radius = L.SEAL_DIAMETER / 2
    centre_y = organ_y - 0.88 * L.SIZE_3HAO - L.SEAL_CENTRE_ABOVE_SIGN
    top = max(last_body_y + 0.12 * L.SIZE_3HAO + 2, centre_y - radius)
    rect = pymupdf.Rect(date_centre - radius, top, date_centre + radius, top + 2 * radius)
    writer.page.insert_image(rect, stream=specimen_png(L.SEAL_DIAMETER))


def _page_numbers(document: pymupdf.Document) -> None:
    size = L.PAGE_NUMBER_SIZE
    for page in document:
        text = f"— {page.number + 1} —"
        length = width(text, size)
        odd = (page.number + 1) % 2
        x = (L.mm(179.06) - length) if odd else L.mm(32.94)
        page.insert_text((x, L.PAGE_NUMBER_DASH_Y + 0.35 * size), text, fontsize=size,
                         fontname=FONT, color=(0, 0, 0))
