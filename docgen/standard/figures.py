"""GB/T 9704-2012 figures in one place.

Every figure carries the clause it comes from (or PRACTICE / DERIVED / LIBREOFFICE when it is
our own choice or a correction for how LibreOffice lays out text). Lengths are in points unless
the name says otherwise; 1 mm = 72 / 25.4 pt.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre


def mm(value: float) -> float:
    """Millimetres → points (the unit of every figure here)."""
    return value * MM


def to_mm(points: float) -> float:
    """Points → millimetres."""
    return points / MM


# ── Paper and 版心 (5.1, 5.2.1) ──────────────────────────────────────────────────────────────
PAGE_WIDTH = mm(210)  # 5.1 A4
PAGE_HEIGHT = mm(297)  # 5.1 A4
TYPE_AREA_WIDTH = mm(156)  # 5.2.1 版心 156 mm
TYPE_AREA_HEIGHT = mm(225)  # 5.2.1 版心 225 mm
MARGIN_TOP = mm(37)  # 5.2.1 天头 37 mm
MARGIN_LEFT = mm(28)  # 5.2.1 订口 28 mm
MARGIN_RIGHT = PAGE_WIDTH - MARGIN_LEFT - TYPE_AREA_WIDTH  # DERIVED 26 mm
TYPE_AREA_BOTTOM = MARGIN_TOP + TYPE_AREA_HEIGHT  # DERIVED y = 262 mm

# ── Type sizes (号 → pt as Word / WPS use them) ─────────────────────────────────────────────
SIZE_2HAO = 22.0
SIZE_3HAO = 16.0
SIZE_4HAO = 14.0

# ── Line grid: 22 lines × 28 characters (5.2.3) ─────────────────────────────────────────────
LINES_PER_PAGE = 22  # 5.2.3 一般每面排22行
CHARS_PER_LINE = 28  # 5.2.3 每行排28个字
LINE_PITCH = 28.95  # PRACTICE: 579 twips, the largest exact spacing that fits 22 lines in 225 mm
# PRACTICE: 16 pt glyphs tightened by 0.25 pt so that 28 of them fit 156 mm (28 × 15.75 pt).
BODY_TRACKING = -0.25
CHAR = SIZE_3HAO + BODY_TRACKING  # DERIVED: one 3号 character on the body grid (一字, 3.1)

# LIBREOFFICE: with exact line spacing L, Writer puts the baseline 0.8 · L below the line top
# (sw/source/core/text/itrform2.cxx, SvxLineSpaceRule::Fix). The em box of a glyph of size S is
# [baseline − 0.88 S, baseline + 0.12 S] (gbt9704.md §0).
FIXED_ASCENT_RATIO = 0.8
EM_ASCENT = 0.88
EM_DESCENT = 0.12


def em_top_offset(line_height: float, size: float) -> float:
    """Distance from the top of an exactly spaced line to the top of its em box."""
    return FIXED_ASCENT_RATIO * line_height - EM_ASCENT * size


def em_bottom_offset(line_height: float, size: float) -> float:
    return FIXED_ASCENT_RATIO * line_height + EM_DESCENT * size


# DERIVED: the page margin Writer gets is raised so that the first body row's em box, not its
# line box, starts at the 版心 top (5.2.1); the 版心 keeps its 225 mm height below that.
# The bottom margin leaves the writer's page body just past the 版心 bottom (262 mm), so that
# the 版记's last rule can sit on it; 22 rows still fit and a 23rd does not.
LAYOUT_SLACK = mm(0.6)
LAYOUT_MARGIN_TOP = MARGIN_TOP - em_top_offset(LINE_PITCH, SIZE_3HAO)
LAYOUT_MARGIN_BOTTOM = PAGE_HEIGHT - TYPE_AREA_BOTTOM - LAYOUT_SLACK

# ── 版头 (7.2) ───────────────────────────────────────────────────────────────────────────────
MARK_INK_TOP = MARGIN_TOP + mm(35)  # 7.2.4 标志上边缘至版心上边缘 35 mm
MARK_MAX_SIZE = 36.0  # PRACTICE: 小初 at most; shrunk to fit 156 mm
MARK_INK_INSET = 0.06  # PRACTICE: CJK ink starts ~0.06 em below the em-box top in 小标宋-like faces
MARK_TO_NUMBER_ROWS = 2  # 7.2.5 发文字号 in 标志下空二行
RULE_BELOW_NUMBER = mm(4)  # 7.2.7 发文字号之下 4 mm 处印红色分隔线
RULE_WIDTH_PT = 1.0  # PRACTICE (not specified): 1 pt red rule, 156 mm wide (7.2.7)
RED = "FF0000"  # 7.2.4 / 6.2 红色

# ── 主体 (7.3) ───────────────────────────────────────────────────────────────────────────────
TITLE_SIZE = SIZE_2HAO  # 7.3.1 2号小标宋
TITLE_LINE_HEIGHT = 36.0  # DERIVED 3.2: a 2号 row is 22 + 14 pt
TITLE_GAP_ROWS = 2  # 7.3.1 红色分隔线下空二行
TITLE_MAX_CHARS = 20  # DERIVED BODY-02: 156 mm / 7.76 mm
RECIPIENT_GAP_ROWS = 1  # 7.3.2 标题下空一行
INDENT_CHARS = 2  # 7.3.3 每个自然段左空二字
ATTACHMENT_NOTE_GAP_ROWS = 1  # 7.3.4 正文下空一行
SEALED_GAP_ROWS = 2  # PRACTICE SIG-14: 2–4 blank rows so that the seal's top stays within a row
SEALED_DATE_RIGHT_CHARS = 4  # 7.3.5.1 成文日期右空四字
SEAL_DIAMETER_MM = 42.0  # PRACTICE SIG-14: 9704 sets no size; 42 mm is the common 公章
SEAL_DIAMETER = mm(SEAL_DIAMETER_MM)
SEAL_CENTRE_ABOVE_SIGN = mm(1)  # 7.3.5.1 署名、成文日期“居印章中心偏下”: centre just above 署名
UNSEALED_GAP_ROWS = 1  # 7.3.5.2 署名在正文下空一行
# 7.3.5.5 “可以采取调整行距、字距的措施”: the 主体's pitch may drop to the bottom of the GRID-03
# band (28.0–29.7 pt, still 22 rows a page); 562 twips, so that a measured PDF never reads
# below 28.0. On page 1, below the 版头 and title, that gains one row; on a full page none.
TIGHT_LINE_PITCH = 28.1
UNSEALED_SIGN_RIGHT_CHARS = 2  # 7.3.5.2 右空二字
UNSEALED_DATE_SHIFT_CHARS = 2  # 7.3.5.2 成文日期首字比署名首字右移二字

# ── 附件 (7.3.7) and tables (8) ──────────────────────────────────────────────────────────────
ATTACHMENT_TITLE_GAP_ROWS = 1  # 7.3.7 附件标题在版心第三行（标签下空一行）
TABLE_FONT_SIZE = SIZE_4HAO  # PRACTICE: 4号 table text
TABLE_LINE_RATIO = 1.25  # PRACTICE: tables keep their own exact spacing, 1.25 × size
TABLE_CELL_MARGIN = mm(1.5)  # PRACTICE: left/right padding inside a cell
TABLE_BORDER_PT = 0.5  # PRACTICE: 0.5 pt black table rules (5.2.4 black)
LANDSCAPE_AUTO_COLUMNS = 5  # PRACTICE: tables of 5 or more columns go landscape

# ── 版记 (7.4) ───────────────────────────────────────────────────────────────────────────────
IMPRINT_SIZE = SIZE_4HAO  # 7.4.2 / 7.4.3 4号仿宋
IMPRINT_LINE_HEIGHT = LINE_PITCH  # PRACTICE: one body row per 版记 row
IMPRINT_THICK_PT = 0.99  # 7.4.1 首条、末条 0.35 mm
IMPRINT_THIN_PT = 0.71  # 7.4.1 中间 0.25 mm
IMPRINT_SIDE_CHARS = 1  # 7.4.2 / 7.4.3 左右各空一字
HAIRLINE = 0.7  # PRACTICE: the height of a paragraph that only carries a rule or a break
IMPRINT_RULE_LINE = HAIRLINE  # each 版记 rule is the top border of a hairline paragraph

# ── 页码 (7.5) ───────────────────────────────────────────────────────────────────────────────
PAGE_NUMBER_SIZE = SIZE_4HAO  # 7.5 4号半角宋体
PAGE_NUMBER_DASH_BELOW = mm(7)  # 7.5 一字线上距版心下边缘 7 mm
PAGE_NUMBER_SIDE_CHARS = 1  # 7.5 单页码居右空一字，双页码居左空一字
PAGE_NUMBER_LINE_HEIGHT = 20.0  # PRACTICE: exact height of the footer line
DASH_CENTRE = 0.38  # DERIVED: an em dash sits mid em box, 0.88 − 0.5 em above the baseline
PAGE_NUMBER_DASH_Y = TYPE_AREA_BOTTOM + PAGE_NUMBER_DASH_BELOW  # y = 269 mm
# LIBREOFFICE: a DOCX footer ends ``footer`` above the page's bottom edge; its one exact line
# puts the baseline 0.8 L below the line top, so the dash lands at PAGE_NUMBER_DASH_Y with:
FOOTER_DISTANCE = (PAGE_HEIGHT - PAGE_NUMBER_DASH_Y
                   - (1 - FIXED_ASCENT_RATIO) * PAGE_NUMBER_LINE_HEIGHT
                   - DASH_CENTRE * PAGE_NUMBER_SIZE)
# Clause 8: on a landscape page the number keeps the sheet's position. Seen in landscape, the
# sheet's bottom edge is the left edge: the number runs top to bottom in a box centred on x'.
LANDSCAPE_NUMBER_X = PAGE_HEIGHT - PAGE_NUMBER_DASH_Y  # x' = 28 mm
LANDSCAPE_NUMBER_BOX = (mm(8), mm(60))  # PRACTICE: thickness and length of the text box
# LIBREOFFICE 7.4, measured: where the glyphs of "— N —" sit inside a VML box with zero inset.
LANDSCAPE_NUMBER_ACROSS_NUDGE = mm(1.42)  # the dash's centre line, towards the sheet's bottom
LANDSCAPE_NUMBER_START_NUDGE = mm(-1.56)  # even pages: the first dash's start
LANDSCAPE_NUMBER_END_NUDGE = mm(0.86)  # odd pages: the last dash's end


@dataclass(frozen=True)
class PageFrame:
    """Margins handed to the word processor for one orientation."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right


PORTRAIT = PageFrame(PAGE_WIDTH, PAGE_HEIGHT, LAYOUT_MARGIN_TOP, LAYOUT_MARGIN_BOTTOM,
                     MARGIN_LEFT, MARGIN_RIGHT)
# Table pages have no body grid to align: their page body is the 版心 itself, so a table that
# continues on a new page starts at the 版心 top, not above it.
PORTRAIT_TABLE = PageFrame(PAGE_WIDTH, PAGE_HEIGHT, MARGIN_TOP, LAYOUT_MARGIN_BOTTOM,
                           MARGIN_LEFT, MARGIN_RIGHT)
# Clause 8: a landscape table keeps the sheet's 版心; turned 90° its top margin is the 订口 side.
LANDSCAPE = PageFrame(PAGE_HEIGHT, PAGE_WIDTH, MARGIN_LEFT,
                      PAGE_WIDTH - MARGIN_LEFT - TYPE_AREA_WIDTH - LAYOUT_SLACK,
                      PAGE_HEIGHT - TYPE_AREA_BOTTOM, MARGIN_TOP)
