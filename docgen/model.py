"""The typed, frozen model of a notice (通用格式), validated from a Source.

``validate(source)`` reports every problem at once, in Chinese, each with its location.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .errors import DataError, Problem
from .load import KeyPath, Source

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


def _date(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
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


Date = Annotated[dt.date, BeforeValidator(_date)]
Flag = Annotated[bool, BeforeValidator(_bool)]


def format_date(value: dt.date) -> str:
    """成文日期 and 印发日期: Arabic numerals, no zero padding (7.3.5.4)."""
    return f"{value.year}年{value.month}月{value.day}日"


# ── 发文字号 (7.2.5) ─────────────────────────────────────────────────────────────────────────
DOC_NUMBER = re.compile(
    r"^(?P<code>[\u4e00-\u9fffA-Za-z]+)〔(?P<year>(19|20)[0-9]{2})〕(?P<seq>[1-9][0-9]*)号$")
_WRONG_BRACKETS = re.compile(r"[\[\]［］【】()（）〈〉]")


def check_doc_number(value: str) -> str:
    text = value.strip()
    if DOC_NUMBER.match(text):
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
    text: Text
    level: int | None = Field(default=None, ge=0, le=4)  # None: detected from the ordinal

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

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
        from .layout import LANDSCAPE_AUTO_COLUMNS

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

    @field_validator("doc_number")
    @classmethod
    def _doc_number(cls, value: str) -> str:
        return check_doc_number(value)

    @property
    def signing_organ(self) -> str:
        return self.signature.organ or self.issuer.name


# ── validation with located, Chinese messages ─────────────────────────────────────────────
_MESSAGES = {
    "missing": "缺少必填字段",
    "string_type": "应为文本",
    "list_type": "应为列表（- 开头的若干项）",
    "dict_type": "应为键值映射",
    "model_type": "应为键值映射",
    "model_attributes_type": "应为键值映射",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "至多 {max_length} 项",
    "float_parsing": "应为数字",
    "int_parsing": "应为整数",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than_equal": "应不大于 {le}",
    "string_pattern_mismatch": "格式不对（应匹配 {pattern}）",
    "literal_error": "取值应为 {expected}",
}


def _known_fields() -> set[str]:
    names: set[str] = set()
    for model in (Notice, Issuer, Signature, Paragraph, Column, Table, Attachment, Imprint):
        names.update(model.model_fields)
    return names


def _translate(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "docgen":
        return error["msg"]
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, _known_fields(), n=1)
        return f"未知字段“{name}”" + (f"（是否为“{close[0]}”？）" if close else "")
    if kind == "string_type" and error.get("input") is None:
        return "不能为空"
    template = _MESSAGES.get(kind)
    if template is None:
        return f"取值无效：{error['msg']}"
    return template.format(**error.get("ctx", {}))


def validate(source: Source) -> Notice:
    """Source → Notice, or a DataError listing every problem with its location."""
    problems: list[Problem] = []
    data = source.data
    if not isinstance(data, dict):
        raise DataError([source.problem((), "数据文件的顶层应为键值映射（字段: 值）")])
    notice: Notice | None = None
    try:
        notice = Notice.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            path: KeyPath = tuple(part for part in error["loc"] if isinstance(part, str | int))
            problems.append(source.problem(path, _translate(error)))
    problems.extend(_check_tables(source))
    if problems:
        raise DataError(problems)
    assert notice is not None
    return notice


def _check_tables(source: Source) -> list[Problem]:
    problems: list[Problem] = []
    attachments = source.data.get("attachments")
    if not isinstance(attachments, list):
        return problems
    for index, attachment in enumerate(attachments):
        if isinstance(attachment, dict) and isinstance(attachment.get("table"), dict):
            path: KeyPath = ("attachments", index, "table")
            problems.extend(_TableChecker(source, path, attachment["table"]).run())
    return problems


class _TableChecker:
    """Checks the row tree against the declared columns and grouping levels."""

    def __init__(self, source: Source, path: KeyPath, table: dict[str, Any]) -> None:
        self.source = source
        self.path = path
        self.table = table
        self.problems: list[Problem] = []
        columns = table.get("columns") if isinstance(table.get("columns"), list) else []
        self.names = [c.get("name") for c in columns if isinstance(c, dict)]
        raw_levels = table.get("levels") or []
        self.levels = [lv for lv in raw_levels if isinstance(lv, list)]
        grouped = [name for level in self.levels for name in level]
        self.leaf = [name for name in self.names if name not in grouped]
        self.leaf_seen = False

    def add(self, path: KeyPath, message: str) -> None:
        self.problems.append(self.source.problem(path, message))

    def run(self) -> list[Problem]:
        self._check_levels()
        if self.problems:  # rows cannot be judged against broken columns or levels
            return self.problems
        rows = self.table.get("rows")
        if isinstance(rows, list):
            if not rows:
                self.add((*self.path, "rows"), "表格没有任何行")
            for index, row in enumerate(rows):
                self._row(row, 0, (*self.path, "rows", index))
        return self.problems

    def _check_levels(self) -> None:
        for index, name in enumerate(self.names):
            if name in self.names[:index]:
                self.add((*self.path, "columns", index, "name"), f"列名“{name}”重复")
        seen: set[str] = set()
        for depth, level in enumerate(self.levels):
            if not level:
                self.add((*self.path, "levels", depth), "分组层级不能为空")
            for index, name in enumerate(level):
                where = (*self.path, "levels", depth, index)
                if name not in self.names:
                    self.add(where, f"分组层级引用了不存在的列“{name}”")
                elif name in seen:
                    self.add(where, f"列“{name}”出现在多个分组层级中")
                seen.add(name)
        if not self.leaf:
            self.add((*self.path, "levels"), "至少要留一列作为明细列（不属于任何分组层级）")

    def _row(self, row: Any, depth: int, path: KeyPath) -> None:
        if not isinstance(row, dict):
            self.add(path, "表格行应为键值映射（列名: 内容）")
            return
        is_leaf = depth == len(self.levels)
        allowed = self.leaf if is_leaf else self.levels[depth]
        for key, value in row.items():
            if key in RESERVED_ROW_KEYS:
                continue
            self._cell(key, value, allowed, is_leaf, (*path, key))
        children = row.get("items")
        if is_leaf:
            if children is not None:
                self.add((*path, "items"), "明细行不能再有 items（已到最末一级）")
            self.leaf_seen = True
        elif not isinstance(children, list) or not children:
            level_names = "、".join(self.levels[depth])
            self.add(path, f"第 {depth + 1} 级分组（{level_names}）需要非空的 items")
        else:
            for index, child in enumerate(children):
                self._row(child, depth + 1, (*path, "items", index))
        if row.get("id") is not None and not isinstance(row.get("id"), str):
            self.add((*path, "id"), "id 应为文本")

    def _cell(self, key: str, value: Any, allowed: list[str], is_leaf: bool, path: KeyPath) -> None:
        if key not in allowed:
            if key in self.names:
                self.add(path, f"列“{key}”不属于这一级（这一级的列：{'、'.join(allowed)}）")
            else:
                close = difflib.get_close_matches(key, self.names, n=1)
                hint = f"（是否为“{close[0]}”？）" if close else ""
                self.add(path, f"表格中没有列“{key}”{hint}")
            return
        if value is not None and not isinstance(value, str):
            self.add(path, "单元格内容应为文本")
        elif value == DITTO and (not is_leaf or not self.leaf_seen):
            self.add(path, f"“{DITTO}”（同上）只能用于明细列，且上方须有单元格")
