"""Measure any notice PDF against GB/T 9704 (通用格式): PASS / WARN / FAIL per assertion.

Elements are found by content and geometry (the red rule, a 发文字号 pattern, the row that ends
in 印发 …), never by who made the file, so PDFs exported from Word or WPS are checked the same
way. Assertion ids and tolerances are those of gbt9704.md; lengths are reported in mm.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pymupdf

from docgen.pdf.measure import (
    Line,
    Rule,
    find_imprint,
    ink_rows,
    is_landscape,
    is_red_text,
    lines,
    looks_like_page_number,
    open_pdf,
    page_number_line,
    rules,
    to_sheet,
)
from docgen.pdf.seal import find_placed_seal
from docgen.standard import figures as L
from docgen.standard.typeset import text_units

PASS, WARN, FAIL = "PASS", "WARN", "FAIL"
NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]+〔(19|20)\d{2}〕[1-9]\d*号")
PAGE_NUMBER = re.compile(r"^—\s?[1-9]\d*\s?—$")
FAMILIES = {  # gbt9704.md §0: BaseFont patterns by family
    "仿宋": re.compile(r"fangsong|仿宋|FZFSK|STFangsong", re.I),
    "楷体": re.compile(r"kaiti|楷|FZKTK|STKaiti|SimKai", re.I),
    "黑体": re.compile(r"simhei|黑体|FZHTK|STHeiti|heiti", re.I),
    "小标宋": re.compile(r"FZXBSJW|xiaobiaosong|小标宋|FZDXBS", re.I),
    "宋体": re.compile(r"simsun|nsimsun|宋体|STSong|songti", re.I),
}


def mm(points: float) -> float:
    return round(L.to_mm(points), 2)


@dataclass(frozen=True)
class Finding:
    rule: str  # assertion id of gbt9704.md
    status: str
    clause: str
    measured: str
    expected: str
    page: int | None = None  # 1-based
    box: tuple[float, float, float, float] | None = None  # page coordinates, for --annotate

    def line(self) -> str:
        where = f" 第{self.page}页" if self.page else ""
        return (f"{self.status:<4} {self.rule:<8} {self.clause:<8}{where}  实测 {self.measured}；"
                f"应为 {self.expected}")


@dataclass
class Report:
    file: str
    pages: int
    findings: list[Finding] = field(default_factory=list)
    fonts: dict[str, str] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for finding in self.findings if finding.status == status)

    @property
    def failed(self) -> bool:
        return self.count(FAIL) > 0

    def summary(self) -> str:
        return (f"{self.file}：{self.pages} 页，{self.count(PASS)} 项通过，"
                f"{self.count(WARN)} 项提醒，{self.count(FAIL)} 项不符合")

    def as_json(self) -> dict:
        return {"file": self.file, "pages": self.pages, "fonts": self.fonts,
                "summary": {s: self.count(s) for s in (PASS, WARN, FAIL)},
                "findings": [asdict(finding) for finding in self.findings]}


def check_pdf(path: Path) -> Report:
    with open_pdf(path) as pdf:
        checker = _Checker(pdf, str(path))
        checker.run()
        return checker.report


def _within(value: float, target: float, tolerance: float) -> bool:
    return abs(value - target) <= tolerance


class _Checker:
    def __init__(self, pdf: pymupdf.Document, name: str) -> None:
        self.pdf = pdf
        self.report = Report(name, pdf.page_count)
        self.rows = [lines(page) for page in pdf]
        self.role_fonts: dict[str, set[str]] = {role: set() for role in FAMILIES}

    def add(self, rule: str, ok: bool, clause: str, measured: str, expected: str,
            page: int | None = None, box=None, soft: bool = False) -> None:
        status = PASS if ok else (WARN if soft else FAIL)
        self.report.findings.append(Finding(rule, status, clause, measured, expected, page, box))

    def run(self) -> None:
        self.page_size()
        self.left_margin()
        self.type_area()
        mark = self.masthead()
        self.title_and_body(mark)
        self.page_numbers()
        self.imprint()
        self.attachments()
        self.seal()
        self.fonts()

    # ── 印章 (7.3.5.1), when the PDF carries one ─────────────────────────────────────────
    def seal(self) -> None:
        spot = find_placed_seal(self.pdf)
        if spot is None:
            return
        rect, page = spot.rect, spot.page + 1
        box = (rect.x0, rect.y0, rect.x1, rect.y1)
        centre_x, centre_y = (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2
        offset = L.to_mm(centre_x - spot.date.centre_x)
        below = centre_y < spot.organ.em_top
        self.add("SIG-03", abs(offset) <= 2 and below, "7.3.5.1",
                 f"印章中心偏离成文日期中心 {offset:+.1f} mm，署名"
                 f"{'在' if below else '不在'}印章中心之下", "居中 ± 2 mm，署名和日期居中心偏下",
                 page, box)
        gap, row = L.to_mm(spot.top_gap), L.to_mm(L.LINE_PITCH) + 1
        self.add("SIG-04", -0.5 <= gap <= row, "7.3.5.1", f"印章顶端在正文末行下 {gap:.1f} mm",
                 f"0–{row:.1f} mm（一行之内）", page, box)
        pressed = rect.y1 > spot.date.em_top and rect.y0 < spot.organ.em_bottom
        self.add("SIG-05", pressed, "7.3.5.1",
                 "压住署名和成文日期" if pressed else "未压住署名或日期",
                 "印章压在署名和成文日期上", page, box)
        inside = rect.x0 >= L.MARGIN_LEFT - L.mm(1) and rect.x1 <= (
            L.MARGIN_LEFT + L.TYPE_AREA_WIDTH + L.mm(1))
        self.add("PAGE-04", inside, "7.3.5.1",
                 f"印章 {L.to_mm(rect.x0):.1f}–{L.to_mm(rect.x1):.1f} mm",
                 "两端不超出版心 28–184 mm", page, box)

    # ── paper and 版心 (5.1, 5.2.1) ─────────────────────────────────────────────────────
    def page_size(self) -> None:
        wrong = [i + 1 for i, page in enumerate(self.pdf)
                 if not (_within(min(page.rect.width, page.rect.height), 595.28, 1.5)
                         and _within(max(page.rect.width, page.rect.height), 841.89, 1.5))]
        self.add("PAGE-01", not wrong, "5.1", f"非 A4 页：{wrong}" if wrong else "全部 A4",
                 "210 × 297 mm ± 0.5")

    def left_margin(self) -> None:
        """PAGE-03: flush-left rows (continuation lines, 主送) start at the 订口, 28 mm."""
        starts = [row.x0 for page, rows in zip(self.pdf, self.rows, strict=True)
                  if not is_landscape(page) for row in rows
                  if row.direction == (1, 0) and not looks_like_page_number(row)]
        if not starts:
            return
        left = min(starts)
        self.add("PAGE-03", _within(left, L.MARGIN_LEFT, L.mm(1)), "5.2.1",
                 f"最左 {mm(left)} mm", "订口 28 ± 1 mm")

    def type_area(self) -> None:
        worst: tuple[float, int, Line] | None = None
        for index, page in enumerate(self.pdf):
            number = page_number_line(page)
            for row in self.rows[index]:
                if row == number or looks_like_page_number(row):
                    continue
                overshoot = _overshoot(page, row)
                if worst is None or overshoot > worst[0]:
                    worst = (overshoot, index + 1, row)
        if worst is None:
            return
        overshoot, page, row = worst
        self.add("PAGE-04", overshoot <= L.mm(1), "5.2.1",
                 f"文字最多超出版心 {mm(max(overshoot, 0))} mm（“{row.text[:12]}”）",
                 "文字均在版心 156 × 225 mm 内 ± 1 mm", page,
                 (row.x0, row.em_top, row.x1, row.em_bottom))

    # ── 版头 (7.2) ───────────────────────────────────────────────────────────────────────
    def masthead(self) -> Line | None:
        page = self.pdf[0]
        rows = self.rows[0]
        red_rules = [rule for rule in rules(page) if rule.red]
        rule_y = red_rules[0].y if red_rules else page.rect.height / 3
        above = [row for row in rows if row.baseline < rule_y and not NUMBER.search(row.text)]
        if not above:
            self.add("HEAD-04", False, "7.2.4", "未找到发文机关标志", "版头有红色的发文机关标志", 1)
            return None
        mark = max(above, key=lambda row: row.size)
        self.role_fonts["小标宋"] |= mark.fonts
        box = (mark.x0, mark.em_top, mark.x1, mark.em_bottom)
        red = all(is_red_text(colour) for colour in mark.colors)
        self.add("HEAD-04", red, "7.2.4", "红色" if red else f"颜色 {_colours(mark)}", "红色",
                 1, box)
        self.add("HEAD-04", _within(mark.centre_x, L.mm(106), L.mm(1)), "7.2.4",
                 f"中线 {mm(mark.centre_x)} mm", "居中 106 ± 1 mm", 1, box)
        clip = pymupdf.Rect(L.MARGIN_LEFT, mark.em_top - L.mm(5), L.MARGIN_LEFT
                            + L.TYPE_AREA_WIDTH, mark.em_bottom + L.mm(2))
        ink = ink_rows(page, clip, red=red) or (mark.em_top, mark.em_bottom)
        self.add("HEAD-05", _within(ink[0], L.MARK_INK_TOP, L.mm(1)), "7.2.4",
                 f"标志上边缘 {mm(ink[0])} mm", "72 ± 1 mm（版心下 35 mm）", 1, box)
        self.number_and_rule(rows, ink[1], red_rules)
        return mark

    def number_and_rule(self, rows: list[Line], mark_bottom: float,
                        red_rules: list[Rule]) -> None:
        number = next((row for row in rows if NUMBER.search(row.text.replace(" ", ""))), None)
        if number is None:
            self.add("HEAD-07", False, "7.2.5", "未找到发文字号", "机关代字〔年份〕序号号", 1)
            return
        box = (number.x0, number.em_top, number.x1, number.em_bottom)
        signer = next((row for row in rows if row.text.startswith("签发人")), None)
        first = signer if signer is not None and signer.baseline <= number.baseline else number
        gap = first.em_top - mark_bottom
        rule_id, clause = ("HEAD-09", "7.2.6") if first is signer else ("HEAD-07", "7.2.5")
        self.add(rule_id, 1.7 * L.LINE_PITCH <= gap <= 3 * L.LINE_PITCH, clause,
                 f"距标志 {mm(gap)} mm", "空二行（约 17.4–30.6 mm）", 1,
                 (first.x0, first.em_top, first.x1, first.em_bottom))
        if not red_rules:
            self.add("HEAD-11", False, "7.2.7", "没有红色分隔线", "发文字号下 4 mm 红线", 1, box)
            return
        rule = red_rules[0]
        rule_box = (rule.x0, rule.y - 2, rule.x1, rule.y + 2)
        below = rule.y - rule.thickness / 2 - number.em_bottom
        self.add("HEAD-11", _within(below, L.RULE_BELOW_NUMBER, L.mm(1)), "7.2.7",
                 f"距发文字号 {mm(below)} mm", "4 ± 1 mm", 1, rule_box)
        full = _within(rule.x0, L.MARGIN_LEFT, L.mm(1)) and _within(
            rule.x1, L.MARGIN_LEFT + L.TYPE_AREA_WIDTH, L.mm(1))
        self.add("HEAD-11", full, "7.2.7", f"{mm(rule.x0)}–{mm(rule.x1)} mm",
                 "与版心等宽 28–184 ± 1 mm", 1, rule_box)

    # ── 主体 (7.3) ───────────────────────────────────────────────────────────────────────
    def title_and_body(self, mark: Line | None) -> None:
        rows = self.rows[0]
        red_rules = [rule for rule in rules(self.pdf[0]) if rule.red]
        start = red_rules[0].y if red_rules else (mark.em_bottom if mark else 0)
        after = [row for row in rows if row.baseline > start]
        recipients = next((i for i, row in enumerate(after) if row.text.endswith("：")), None)
        titles = _title_block(after)
        if titles:
            self.role_fonts["小标宋"] |= {f for row in titles for f in row.fonts}
            sizes = sorted({round(row.size, 1) for row in titles})
            box = (min(r.x0 for r in titles), titles[0].em_top, max(r.x1 for r in titles),
                   titles[-1].em_bottom)
            self.add("BODY-01", all(_within(s, L.TITLE_SIZE, 0.25) for s in sizes), "7.3.1",
                     f"字号 {sizes} pt", "2号 22 ± 0.25 pt", 1, box)
            if red_rules:
                gap = titles[0].em_top - red_rules[0].y
                self.add("BODY-01", 1.7 * L.LINE_PITCH <= gap <= 3 * L.LINE_PITCH, "7.3.1",
                         f"距红线 {mm(gap)} mm", "空二行", 1, box)
            long = [row.text for row in titles if _units(row.text) > L.TITLE_MAX_CHARS]
            self.add("BODY-02", not long, "7.3.1", f"超长行 {long}" if long else "每行 ≤ 20 字",
                     "每行至多 20 字", 1, box, soft=True)
        if recipients is not None:
            self.role_fonts["仿宋"] |= after[recipients].fonts
        self.line_pitch()
        self.full_pages()

    def body_rows(self, index: int) -> list[Line]:
        size = self.body_size()
        return [row for row in self.rows[index] if _within(row.size, size, 0.3)
                and row.direction == (1, 0) and not looks_like_page_number(row)]

    def body_size(self) -> float:
        """The commonest size on portrait pages: the body text's (tables are often turned)."""
        sizes = Counter(round(row.size, 1) for page, rows in zip(self.pdf, self.rows, strict=True)
                        if not is_landscape(page) for row in rows)
        return sizes.most_common(1)[0][0] if sizes else L.SIZE_3HAO

    def line_pitch(self) -> None:
        pitches = []
        for index, page in enumerate(self.pdf):
            if is_landscape(page):
                continue
            rows = self.body_rows(index)
            pitches += [b.baseline - a.baseline for a, b in itertools.pairwise(rows)
                        if b.baseline - a.baseline < 1.5 * L.LINE_PITCH and b.x0 < a.x1]
        if not pitches:
            return
        pitch = statistics.median(pitches)
        self.add("GRID-03", 28.0 <= pitch <= 29.7, "5.2.2", f"行距 {pitch:.2f} pt",
                 "28.0–29.7 pt（每面 22 行）")

    def full_pages(self) -> None:
        for index, page in enumerate(self.pdf):
            if index in (0, self.pdf.page_count - 1) or is_landscape(page):
                continue
            rows = [r for r in self.rows[index] if not looks_like_page_number(r)]
            body = self.body_rows(index)
            if not rows or len(body) != len(rows) or len(body) < 18:
                continue  # not a page of running body text
            count = len({round(row.baseline) for row in body})
            self.add("GRID-02", count == L.LINES_PER_PAGE, "5.2.3", f"{count} 行",
                     "每面 22 行", index + 1, soft=count in (21, 23))

    # ── 页码 (7.5) and 版记 (7.4) ─────────────────────────────────────────────────────────
    def page_numbers(self) -> None:
        heights = []
        for index, page in enumerate(self.pdf):
            candidates = [r for r in self.rows[index] if looks_like_page_number(r)
                          and _sheet_y(page, r) > L.TYPE_AREA_BOTTOM - L.mm(1)]
            if not candidates:
                continue
            row = candidates[0]
            self.role_fonts["宋体"] |= row.fonts
            number = index + 1
            box = (row.x0, row.em_top, row.x1, row.em_bottom)
            text = row.text.strip()
            self.add("PNO-01", bool(PAGE_NUMBER.match(text)), "7.5", f"“{text}”",
                     "— N —（一字线，半角数字）", number, box)
            self.add("PNO-02", _within(row.size, L.PAGE_NUMBER_SIZE, 0.25), "7.5",
                     f"{row.size:.1f} pt", "4号 14 pt", number, box, soft=True)
            if row.direction == (1, 0) and not is_landscape(page):
                dash_y, start, end = row.baseline - L.DASH_CENTRE * row.size, row.x0, row.x1
            else:
                _, dash_y = to_sheet(page, row.baseline + L.DASH_CENTRE * row.size, 0)
                start, end = row.x0, row.x1
            heights.append(dash_y)
            self.add("PNO-03", _within(dash_y, L.PAGE_NUMBER_DASH_Y, L.mm(1)), "7.5",
                     f"一字线 {mm(dash_y)} mm", "版心下 7 mm（269 ± 1 mm）", number, box)
            if number % 2:
                self.add("PNO-04", _within(end, L.mm(179.06), L.mm(1)), "7.5",
                         f"右端 {mm(end)} mm", "单页居右空一字 179.06 ± 1 mm", number, box)
            else:
                self.add("PNO-05", _within(start, L.mm(32.94), L.mm(1)), "7.5",
                         f"左端 {mm(start)} mm", "双页居左空一字 32.94 ± 1 mm", number, box)
        self.missing_page_numbers()
        if heights:
            spread = max(heights) - min(heights)
            self.add("PNO-08", spread <= L.mm(0.5), "6.2", f"高低差 {mm(spread)} mm", "≤ 0.5 mm")

    def missing_page_numbers(self) -> None:
        """7.5: every page is numbered, but for a blank page before the 版记 page and that
        版记 page itself (PNO-06)."""
        numbered = {index for index, rows in enumerate(self.rows)
                    if any(looks_like_page_number(r) and _sheet_y(self.pdf[index], r)
                           > L.TYPE_AREA_BOTTOM - L.mm(1) for r in rows)}
        last = self.pdf.page_count - 1
        exempt = set()
        if last >= 1 and not [r for r in self.rows[last - 1] if not
                              looks_like_page_number(r)]:
            exempt = {last - 1, last}
        for index in range(self.pdf.page_count):
            if index not in numbered and index not in exempt:
                self.add("PNO-01", False, "7.5", "没有页码", "— N —", index + 1)

    def imprint(self) -> None:
        spot = find_imprint(self.pdf)
        if spot is None:
            self.add("IMP-01", False, "7.4.1", "未找到版记", "末页有版记（分隔线与印发一行）",
                     self.pdf.page_count)
            return
        page = spot.page + 1
        last = spot.last_rule
        box = (last.x0, spot.first_rule.y - 2, last.x1, last.y + 2)
        self.add("IMP-01", spot.page == self.pdf.page_count - 1, "7.4.1", f"第 {page} 页",
                 f"最后一页（第 {self.pdf.page_count} 页）", page, box)
        self.add("IMP-02", _within(last.y, L.TYPE_AREA_BOTTOM, L.mm(1)), "7.4.1",
                 f"末条线 {mm(last.y)} mm", "与版心下边缘重合 262 ± 1 mm", page, box)
        for name, rule in (("首条", spot.first_rule), ("末条", last)):
            full = _within(rule.x0, L.MARGIN_LEFT, L.mm(1)) and _within(
                rule.x1, L.MARGIN_LEFT + L.TYPE_AREA_WIDTH, L.mm(1))
            self.add("IMP-03", full, "7.4.1", f"{name} {mm(rule.x0)}–{mm(rule.x1)} mm",
                     "与版心等宽", page, box)
            self.add("IMP-04", _within(rule.thickness, L.IMPRINT_THICK_PT, L.mm(0.07)),
                     "7.4.1", f"{name} {mm(rule.thickness)} mm", "0.35 mm", page, box,
                     soft=True)
        self.add("IMP-10", self.pdf.page_count % 2 == 0, "7.4.1", f"{self.pdf.page_count} 页",
                 "偶数页（版记在封四）", soft=True)

    def attachments(self) -> None:
        for index, page in enumerate(self.pdf):
            for row in self.rows[index]:
                if re.fullmatch(r"附件\d*", row.text.strip()):
                    self.role_fonts["黑体"] |= row.fonts
                    top = L.MARGIN_LEFT if is_landscape(page) else L.MARGIN_TOP
                    left = L.PAGE_HEIGHT - L.TYPE_AREA_BOTTOM if is_landscape(page) \
                        else L.MARGIN_LEFT
                    ok = _within(row.x0, left, L.mm(1)) and \
                        top - L.mm(1) <= row.em_top <= top + L.LINE_PITCH
                    self.add("ATT-02", ok, "7.3.7", f"{mm(row.x0)}, {mm(row.em_top)} mm",
                             "版心左上第一行", index + 1, (row.x0, row.em_top, row.x1,
                                                            row.em_bottom))

    def fonts(self) -> None:
        """Which embedded font served each role (found on its elements); a font outside the
        role's family (a free substitute, say) is flagged."""
        for role, found in self.role_fonts.items():
            if not found:
                continue
            names = sorted({name.split("+")[-1] for name in found})
            standard = all(FAMILIES[role].search(name) for name in names)
            self.report.fonts[role] = "、".join(names) + ("" if standard else "（替代字体）")
            self.add("FONT-01", standard, "5.2.2", "、".join(names),
                     f"{role}（{FAMILIES[role].pattern}）", soft=True)


def _title_block(rows: list[Line]) -> list[Line]:
    """The title: the first rows below the red rule, centred, of one size, line after line."""
    block: list[Line] = []
    for row in rows:
        centred = _within(row.centre_x, L.mm(106), L.mm(3))
        if not centred or (block and (not _within(row.size, block[0].size, 0.3)
                                      or row.baseline - block[-1].baseline > 2.2 * row.size)):
            break
        block.append(row)
    return block


def _sheet_y(page: pymupdf.Page, row: Line) -> float:
    """The row's baseline height on the portrait sheet (turned rows: their baseline is an x)."""
    if row.direction == (1, 0):
        return to_sheet(page, row.x0, row.baseline)[1]
    return to_sheet(page, row.baseline, row.x0)[1]


def _overshoot(page: pymupdf.Page, row: Line) -> float:
    corners = [to_sheet(page, row.x0, row.em_top), to_sheet(page, row.x1, row.em_bottom)]
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    right, bottom = L.MARGIN_LEFT + L.TYPE_AREA_WIDTH, L.TYPE_AREA_BOTTOM
    return max(L.MARGIN_LEFT - min(xs), max(xs) - right, L.MARGIN_TOP - min(ys),
               max(ys) - bottom)


def _colours(row: Line) -> str:
    return "、".join(f"#{c:06X}" for c in sorted(row.colors))


def _units(text: str) -> float:
    return text_units(text.replace(" ", ""))


def annotate(report: Report, source: Path, target: Path) -> list[Path]:
    """A copy of the PDF (or PNG pages, if ``target`` ends in .png) with the 版心, every
    measured element and, in red, every failure drawn on the page."""
    colours = {PASS: (0, 0.45, 0.9), WARN: (0.95, 0.6, 0), FAIL: (0.9, 0, 0)}
    with pymupdf.open(source) as pdf:
        for page in pdf:
            page.draw_rect(_type_area(page), color=(0, 0.6, 0), width=0.6, dashes="[3 2] 0")
        for finding in report.findings:
            if finding.page is None or finding.box is None:
                continue
            page = pdf[finding.page - 1]
            x0, y0, x1, y1 = finding.box
            rect = pymupdf.Rect(x0 - 2, y0 - 2, x1 + 2, y1 + 2)
            page.draw_rect(rect, color=colours[finding.status],
                           width=1.5 if finding.status == FAIL else 0.6)
            if finding.status != PASS:
                label = f"{finding.rule} {finding.measured}"[:60]
                page.insert_text(pymupdf.Point(rect.x0, rect.y1 + 9), label, fontsize=7,
                                 fontname="china-s", color=colours[finding.status])
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix.lower() != ".png":
            pdf.save(target)
            return [target]
        written = []
        for page in pdf:
            path = target.with_name(f"{target.stem}-{page.number + 1}.png")
            page.get_pixmap(dpi=100).save(path)
            written.append(path)
        return written


def _type_area(page: pymupdf.Page) -> pymupdf.Rect:
    if is_landscape(page):
        return pymupdf.Rect(L.PAGE_HEIGHT - L.TYPE_AREA_BOTTOM, L.MARGIN_LEFT,
                            L.PAGE_HEIGHT - L.MARGIN_TOP, L.MARGIN_LEFT + L.TYPE_AREA_WIDTH)
    return pymupdf.Rect(L.MARGIN_LEFT, L.MARGIN_TOP, L.MARGIN_LEFT + L.TYPE_AREA_WIDTH,
                        L.TYPE_AREA_BOTTOM)
