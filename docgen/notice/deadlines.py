"""The 时限 of a task as a date or a recurrence, read relative to the notice's year.

Tables write deadlines in a handful of ways: ``年底前``, ``6月底前``, ``2023年6月30日前``,
``上半年``, ``三季度``, ``10月``, ``每季度``, ``每月``, ``持续推进``, ``长期坚持`` … A month
alone (``10月``, ``8月前``) is read as that month's last day: a row is never called overdue
before the reader could have meant. Several dates in one cell (``2月公布预算，8月公布决算``)
give the last of them, the date by which all is due. Pure: no I/O, no clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

ONGOING, MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY = "持续", "每月", "每季度", "每半年", "每年"
DEADLINE_WORDS = ("时限", "期限", "时间要求", "完成时间", "截止时间", "时间节点")

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9, "十": 10, "十一": 11, "十二": 12}
_NUMBER = r"(\d{1,2}|十[一二]|[一二三四五六七八九十])"
_YEAR = r"(?:(\d{4})年|(次年|明年|下一?年度?|本年度?|今年|当年))?"
_FULL_DATE = re.compile(rf"{_YEAR}{_NUMBER}月{_NUMBER}日")
_MONTH = re.compile(rf"{_YEAR}{_NUMBER}月(?:份)?(上旬|中旬|下旬|底|末)?")
_QUARTER = re.compile(rf"{_YEAR}(?:第)?(前)?([一二三四1-4])季度(末|底)?")
_HALF = re.compile(rf"{_YEAR}(上|下)半年")
_YEAR_END = re.compile(rf"{_YEAR}(?:年底|年末|年内|全年|年度内|底前)")
_YEAR_ONLY = re.compile(r"(\d{4})年(?:底|末|内|前|度)?")
_THIS_YEAR = re.compile(r"(本|今|当)年度?(?:内|底|末|前)?")
_RECURRING = ((re.compile(r"每(个)?月|按月|月度"), MONTHLY),
              (re.compile(r"每(个)?季度?|按季度?|季度"), QUARTERLY),
              (re.compile(r"每半年|半年度"), HALF_YEARLY),
              (re.compile(r"每年|按年|年度"), YEARLY))
_ONGOING = re.compile(r"持续|长期|常态|经常性|日常|随时|及时|定期|全年|贯穿全年")


@dataclass(frozen=True)
class Deadline:
    """A deadline: a ``due`` date, a ``recurrence`` (每月 …) or ongoing (持续), as written."""

    text: str
    due: dt.date | None = None
    recurrence: str | None = None

    @property
    def ongoing(self) -> bool:
        return self.recurrence == ONGOING

    def next_due(self, as_of: dt.date) -> dt.date | None:
        """The date the row is next due on or after ``as_of``: the date itself, or the end
        of the running period of a recurrence; None for ongoing work."""
        if self.due is not None:
            return self.due
        months = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}.get(
            self.recurrence or "")
        if months is None:
            return None
        last_month = ((as_of.month - 1) // months + 1) * months
        return _month_end(as_of.year, last_month)

    def overdue(self, as_of: dt.date) -> bool:
        """Past a fixed date (a recurrence is never done, so never late as a whole)."""
        return self.due is not None and self.due < as_of


def is_deadline_column(header: str) -> bool:
    return any(word in header for word in DEADLINE_WORDS)


def parse_deadline(text: str, year: int) -> Deadline | None:
    """``text`` read in the notice's ``year``; None when it says nothing docgen can read."""
    clean = re.sub(r"\s+", "", text.translate(_DIGITS))
    if not clean:
        return None
    dates = _dates(clean, year)
    if dates:
        return Deadline(text, due=max(dates))
    for pattern, recurrence in _RECURRING:
        if pattern.search(clean):
            return Deadline(text, recurrence=recurrence)
    if _ONGOING.search(clean):
        return Deadline(text, recurrence=ONGOING)
    return None


def _dates(text: str, year: int) -> list[dt.date]:
    """Every date the text names, each read at its place (a later form never re-reads the
    characters an earlier one took)."""
    found: list[dt.date] = []
    rest = text
    for pattern, read in ((_FULL_DATE, _full_date), (_MONTH, _month), (_QUARTER, _quarter),
                          (_HALF, _half), (_YEAR_END, _year_end), (_YEAR_ONLY, _year_only),
                          (_THIS_YEAR, _this_year)):
        for match in pattern.finditer(rest):
            value = read(match, year)
            if value is not None:
                found.append(value)
        rest = pattern.sub("|", rest)
    return found


def _year_of(match: re.Match[str], year: int) -> int:
    digits, word = match.group(1), match.group(2)
    if digits:
        return int(digits)
    if word and word[0] in "次明下":
        return year + 1
    return year


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMERALS[text]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _full_date(match: re.Match[str], year: int) -> dt.date | None:
    try:
        return dt.date(_year_of(match, year), _number(match.group(3)), _number(match.group(4)))
    except ValueError:
        return None


def _month(match: re.Match[str], year: int) -> dt.date | None:
    month = _number(match.group(3))
    if not 1 <= month <= 12:
        return None
    end = _month_end(_year_of(match, year), month)
    part = match.group(4)
    if part == "上旬":
        return end.replace(day=10)
    if part == "中旬":
        return end.replace(day=20)
    return end


def _quarter(match: re.Match[str], year: int) -> dt.date:
    quarter = int(match.group(4)) if match.group(4).isdigit() else _NUMERALS[match.group(4)]
    return _month_end(_year_of(match, year), quarter * 3)


def _half(match: re.Match[str], year: int) -> dt.date:
    return _month_end(_year_of(match, year), 6 if match.group(3) == "上" else 12)


def _year_end(match: re.Match[str], year: int) -> dt.date:
    return dt.date(_year_of(match, year), 12, 31)


def _year_only(match: re.Match[str], year: int) -> dt.date:
    return dt.date(int(match.group(1)), 12, 31)


def _this_year(match: re.Match[str], year: int) -> dt.date:
    return dt.date(year, 12, 31)
