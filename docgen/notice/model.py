"""The typed, frozen model of a notice (通用格式); docgen.notice.validate fills it from a Source.

``validate(source)`` reports every problem at once, in Chinese, each with its location.

One module on purpose (a little over 300 lines): the whole data format in one place, the
schema a maintainer reads against the sample.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

DITTO = "〃"  # a leaf cell that continues the cell above (merged vertically)
RESERVED_ROW_KEYS = ("id", "items")


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("docgen", message)


def _text(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise _fail("不能为空")
    return value


def _optional_text(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value.strip() if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_text)]
OptionalText = Annotated[str | None, BeforeValidator(_optional_text)]

_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_CN_DATE = re.compile(r"^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日$")


PLACEHOLDER = "【待定】"  # to be decided: a draft may build with it, a final build may not


def _date(value: Any) -> Any:
    if value is None:
        raise _fail("不能为空")
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text == PLACEHOLDER:
        return None
    match = _ISO_DATE.match(text) or _CN_DATE.match(text)
    if not match:
        raise _fail(f"日期“{text}”格式不对，应写作 2022-05-20 或 2022年5月20日")
    year, month, day = (int(group) for group in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _fail(f"日期“{text}”不存在") from None


def _bool(value: Any) -> Any:
    if isinstance(value, str):
        if value in ("true", "是"):
            return True
        if value in ("false", "否"):
            return False
        raise _fail(f"应为 true 或 false，而不是“{value}”")
    return value


Date = Annotated[dt.date | None, BeforeValidator(_date)]  # None: 【待定】 in a draft


def parse_date(value: Any) -> dt.date | None:
    """A data file's date text as a date, or None when it is missing or not a real date."""
    if not isinstance(value, str):
        return None
    try:
        return _date(value)
    except PydanticCustomError:
        return None
Flag = Annotated[bool, BeforeValidator(_bool)]


def format_date(value: dt.date | None) -> str:
    """成文日期 and 印发日期: Arabic numerals, no zero padding (7.3.5.4); 【待定】 in a draft."""
    if value is None:
        return PLACEHOLDER
    return f"{value.year}年{value.month}月{value.day}日"


# ── 发文字号 (7.2.5) ─────────────────────────────────────────────────────────────────────────
DOC_NUMBER = re.compile(
    r"^(?P<code>[\u4e00-\u9fffA-Za-z]+)〔(?P<year>(19|20)[0-9]{2})〕(?P<seq>[1-9][0-9]*)号$")
DRAFT_NUMBER = re.compile(r"^[\u4e00-\u9fffA-Za-z]+〔(19|20)[0-9]{2}〕【待定】号$")
_WRONG_BRACKETS = re.compile(r"[\[\]［］【】()（）〈〉]")


def check_doc_number(value: str) -> str:
    text = value.strip()
    if DOC_NUMBER.match(text) or DRAFT_NUMBER.match(text):
        return text
    if _WRONG_BRACKETS.search(text):
        raise _fail(f"发文字号“{text}”的年份须用六角括号〔〕括入（GB/T 9704 7.2.5）")
    if "第" in text:
        raise _fail(f"发文字号“{text}”的序号不加“第”字（7.2.5）")
    if re.search(r"[０-９]", text):
        raise _fail(f"发文字号“{text}”应使用半角阿拉伯数字（7.2.5）")
    if re.search(r"〕0", text):
        raise _fail(f"发文字号“{text}”的序号不编虚位，不写 01、001（7.2.5）")
    raise _fail(f"发文字号“{text}”格式应为 机关代字〔年份〕序号号，如 晋文旅办发〔2022〕46号")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Issuer(Strict):
    mark: Text  # 发文机关标志, e.g. ××××文件
    name: Text  # 发文机关全称: 署名 by default and the PDF's author


class Signature(Strict):
    organ: OptionalText = None  # 发文机关署名; defaults to issuer.name
    date: Date  # 成文日期
    sealed: Flag = True  # 7.3.5.1 加盖印章 (True) or 7.3.5.2 不加盖印章 (False)


HEADING_PATTERNS = (
    re.compile(r"^[一二三四五六七八九十]+、"),
    re.compile(r"^（[一二三四五六七八九十]+）"),
    re.compile(r"^\d+\."),
    re.compile(r"^（\d+）"),
)


def heading_level(text: str) -> int:
    """1–4 for 一、 （一） 1. （1）, 0 for an ordinary paragraph (7.3.3)."""
    for level, pattern in enumerate(HEADING_PATTERNS, start=1):
        if pattern.match(text):
            return level
    return 0


class Paragraph(Strict):
    text: Text  # the whole paragraph, a run-in heading included
    level: int | None = Field(default=None, ge=0, le=4)  # None: detected from the ordinal
    # A run-in heading written ``{heading: （一）培训时间：, text: 2023年3月15日上午。}``: only
    # this leading part of ``text`` is set in the level's face (7.3.3).
    heading: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"text": value}
        if isinstance(value, dict) and isinstance(value.get("heading"), str) \
                and isinstance(value.get("text"), str):
            heading = value["heading"].strip()
            return {**value, "heading": heading, "text": heading + value["text"].strip()}
        return value

    @property
    def effective_level(self) -> int:
        return heading_level(self.text) if self.level is None else self.level


class Column(Strict):
    name: Text
    width: float = Field(default=1.0, gt=0)  # relative; widths are scaled to the 版心
    align: Literal["left", "center", "right"] = "left"
    auto_number: Flag = False  # fill missing values with 1, 2, 3 … within its level

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_ROW_KEYS:
            raise _fail(f"列名不能是保留字“{value}”")
        return value


class Row(Strict):
    """One node of the task tree: the values of its level's columns and its children."""

    id: str | None = None  # stable id across years (used by next-year and diff)
    cells: dict[str, str | None]
    items: tuple[Row, ...] = ()


class Table(Strict):
    columns: list[Column] = Field(min_length=1)
    levels: list[list[str]] = Field(default_factory=list, max_length=3)
    orientation: Literal["auto", "portrait", "landscape"] = "auto"
    font_size: float = Field(default=14.0, ge=7, le=22)
    rows: list[dict[str, Any]]  # emptiness is reported by the table check, once

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def leaf_columns(self) -> list[str]:
        grouped = {name for level in self.levels for name in level}
        return [name for name in self.column_names if name not in grouped]

    @property
    def landscape(self) -> bool:
        from docgen.standard.figures import LANDSCAPE_AUTO_COLUMNS

        if self.orientation == "auto":
            return len(self.columns) >= LANDSCAPE_AUTO_COLUMNS
        return self.orientation == "landscape"

    def tree(self) -> tuple[Row, ...]:
        """The rows as typed nodes; valid only after ``check_table`` found no problem."""
        return tuple(_to_row(row, self) for row in self.rows)


def _to_row(raw: dict[str, Any], table: Table) -> Row:
    items = tuple(_to_row(child, table) for child in raw.get("items") or ())
    cells = {key: value for key, value in raw.items() if key not in RESERVED_ROW_KEYS}
    return Row(id=raw.get("id"), cells=cells, items=items)


class Attachment(Strict):
    title: Text
    table: Table | None = None
    paragraphs: list[Paragraph] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_content(self) -> Attachment:
        if self.table is None and not self.paragraphs:
            raise _fail("附件需要 table（表格）或 paragraphs（正文段落）")
        return self


class Imprint(Strict):
    """版记 (7.4)."""

    cc: OptionalText = None  # 抄送机关, without the “抄送：” label
    printer: Text  # 印发机关
    print_date: Date  # 印发日期


class Unit(Strict):
    name: Text
    aliases: list[Text] = Field(default_factory=list)


REPORT_FIELDS = ("落实情况", "进展", "完成时间", "延期原因", "责任人")
PROGRESS_FIELD = "进展"
PROGRESS_CHOICES = ("已完成", "推进中", "未启动", "延期")

HEADER_ROLES = (("lead", ("牵头", "主办")), ("support", ("配合", "协办")), ("parse", ("责任",)))
# 责任领导, 牵头领导, 责任人, 联系人 name people, not units: such a column is nobody's duty list.
PERSON_HEADER_WORDS = ("领导", "责任人", "负责人", "联系人")


def header_role(header: str) -> str | None:
    """How a column is read when the registry does not say: from words in its header."""
    if any(word in header for word in PERSON_HEADER_WORDS):
        return None
    return next((role for role, words in HEADER_ROLES if any(w in header for w in words)),
                None)


class Registry(Strict):
    """The agency's units and the collective terms that stand for several of them."""

    members: list[Unit] = Field(min_length=1)
    groups: dict[str, list[Text]] = Field(default_factory=dict)  # 各处室: [办公室, …]
    # Which table columns name units and how to read each: lead (every name leads the row),
    # support (every name supports), parse (roles read from the wording).
    columns: dict[Text, Literal["lead", "support", "parse"]] = Field(default_factory=dict)
    column: Text = "责任处室"  # the old form: one column read as parse
    report_column: OptionalText = "落实情况"  # the empty column each extract adds; ~ for none
    # The columns a unit fills in its .xlsx workbook; a column named 进展 gets a drop-down of
    # ``progress``, whose first choice means done.
    report_fields: list[Text] = Field(default_factory=lambda: list(REPORT_FIELDS), min_length=1)
    progress: list[Text] = Field(default_factory=lambda: list(PROGRESS_CHOICES), min_length=2)

    def column_roles(self, headers: list[str]) -> dict[str, str]:
        """The columns of a table (by header) that name units, each with how to read it:
        as stated in ``columns``, else the old ``column``, else recognised from the header
        (牵头/主办 → lead, 配合/协办 → support, 责任 → parse)."""
        if self.columns:
            return {name: role for name, role in self.columns.items() if name in headers}
        if "column" in self.model_fields_set:
            return {self.column: "parse"} if self.column in headers else {}
        return {name: role for name in headers if (role := header_role(name))}

    def names(self) -> dict[str, tuple[str, ...]]:
        """Every spelling docgen recognises → the units it stands for."""
        # A unit's own name wins over a collective term spelt the same (which validation
        # reports): the term must never take over that unit's rows.
        spellings: dict[str, tuple[str, ...]] = {
            term: tuple(members) for term, members in self.groups.items()}
        for unit in self.members:
            for spelling in (unit.name, *unit.aliases):
                spellings[spelling] = (unit.name,)
        return spellings

    def collective_terms(self) -> set[str]:
        """The collective terms that are not also a unit's name or alias."""
        own = {s for unit in self.members for s in (unit.name, *unit.aliases)}
        return set(self.groups) - own


class Notice(Strict):
    copy_number: OptionalText = Field(default=None, pattern=r"^[0-9]{6}$")  # 份号 7.2.1
    secrecy: OptionalText = Field(  # 密级和保密期限 7.2.2
        default=None, pattern=r"^(绝密|机密|秘密)(★[0-9]+(年|个月))?$"
    )
    urgency: Literal["特急", "加急", None] = None  # 紧急程度 7.2.3
    issuer: Issuer
    doc_number: Text  # 发文字号 7.2.5
    signers: list[Text] = Field(default_factory=list)  # 签发人 7.2.6 (上行文)
    title: Text  # 标题 7.3.1
    recipients: OptionalText = None  # 主送机关 7.3.2
    body: list[Paragraph] = Field(min_length=1)  # 正文 7.3.3
    attachments: list[Attachment] = Field(default_factory=list)  # 附件 7.3.4 / 7.3.7
    signature: Signature  # 署名、成文日期 7.3.5
    note: OptionalText = None  # 附注 7.3.6
    imprint: Imprint  # 版记 7.4
    units: Registry | None = None  # the agency's units, for per-unit extracts

    @field_validator("doc_number")
    @classmethod
    def _doc_number(cls, value: str) -> str:
        return check_doc_number(value)

    @property
    def signing_organ(self) -> str:
        return self.signature.organ or self.issuer.name
