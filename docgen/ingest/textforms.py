"""The ways a notice's fixed pieces are typed: dates (2022年5月20日, 二〇二二年五月二十日,
full-width digits), 发文字号 (〔2022〕46号 and the loose [2023]第05号, (2023)5号), 份号,
密级 and 紧急程度. Shared by every reader that finds these fields in running text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "0": 0, "一": 1, "二": 2,
              "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMERAL = "〇○零ＯOo0一二三四五六七八九十"
_DATE = re.compile(
    rf"(?P<y>[0-9]{{4}}|[{_CN_NUMERAL}]{{4}})\s*年\s*(?P<m>[0-9]{{1,2}}|[{_CN_NUMERAL}]{{1,3}})"
    rf"\s*月\s*(?P<d>[0-9]{{1,2}}|[{_CN_NUMERAL}]{{1,3}})\s*日")
WHITESPACE = " \t\n\u3000\u00a0"


def normalise_digits(text: str) -> str:
    return text.translate(_FULL_WIDTH_DIGITS)


def parse_date(text: str) -> dt.date | None:
    """The date a line consists of (2022年5月20日, 二〇二二年五月二十日), else None."""
    match = _DATE.fullmatch(normalise_digits(text).strip(WHITESPACE))
    return _date_of(match) if match else None


def find_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first date in ``text`` with where it starts and ends, else None."""
    for match in _DATE.finditer(normalise_digits(text)):
        found = _date_of(match)
        if found is not None:
            return found, match.start(), match.end()
    return None


def _date_of(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(_year(match["y"]), _number(match["m"]), _number(match["d"]))
    except (ValueError, KeyError):
        return None


def _year(text: str) -> int:
    if text.isdigit() and text.isascii():
        return int(text)
    return int("".join(str(_CN_DIGITS[c]) for c in text))


def _number(text: str) -> int:
    """12, 五, 十, 十二, 二十, 二十一, 三十一."""
    if text.isdigit() and text.isascii():
        return int(text)
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


# ── 发文字号 ─────────────────────────────────────────────────────────────────────────────
_NUMBER = re.compile(
    r"(?P<code>[\u4e00-\u9fffA-Za-z]+?)\s*(?P<open>[〔\[［(（【〈])\s*(?P<year>(19|20)[0-9]{2})"
    r"\s*(?P<close>[〕\]］)）】〉])\s*(?P<di>第?)\s*(?P<seq>[0-9]+)\s*号")


@dataclass(frozen=True)
class DocNumber:
    typed: str  # as the file has it
    standard: str  # code〔year〕seq号 (7.2.5)
    start: int
    end: int

    @property
    def loose(self) -> bool:
        return self.typed != self.standard


def find_doc_number(text: str) -> DocNumber | None:
    """The 发文字号 in a line, in any of the ways it is typed."""
    match = _NUMBER.search(normalise_digits(text))
    if match is None:
        return None
    typed = text[match.start():match.end()]
    standard = f"{match['code']}〔{match['year']}〕{int(match['seq'])}号"
    return DocNumber(typed, standard, match.start(), match.end())


# ── 份号, 密级, 紧急程度 ──────────────────────────────────────────────────────────────────
COPY_NUMBER = re.compile(r"[0-9]{6}")
SECRECY = re.compile(r"(绝密|机密|秘密)(★[0-9]+(年|个月))?")
URGENCY = re.compile(r"特急|加急")


def strip_text(text: str) -> str:
    """A line without the spaces a clerk indents or pads with (full-width ones too)."""
    return text.strip(WHITESPACE)
