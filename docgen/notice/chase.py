"""The 催办 notice: a short 通知 in docgen's own data format, from the notice being collected
and what did not come in, to the units concerned, listing their rows. Its number and dates are
【待定】 (as next-year leaves them), so it builds as a draft until the office fills them in."""

from __future__ import annotations

from typing import Any

from docgen.notice.collection import (
    DELETED,
    EMPTY,
    MISSING,
    OVERDUE,
    Collection,
    CompiledRow,
    UnitReport,
    deadline_column,
)
from docgen.notice.model import DOC_NUMBER, PLACEHOLDER, Notice, Registry, Table, format_date
from docgen.notice.tasks import extract_title, task_tables

WHY = {MISSING: "未报送", EMPTY: "未填写", DELETED: "缺行", OVERDUE: "逾期未完成"}
CHASE_NAME = "催报通知"


def work_name(notice: Notice) -> str:
    """2022年政务公开重点工作任务分工, as the extracts' titles name the work."""
    marker = "\x00"
    return extract_title(notice, marker).removesuffix(f"（{marker}）")


def chase_data(collection: Collection) -> dict[str, Any] | None:
    """The 催办 notice's data, or None when nothing is to be chased."""
    chased = collection.chased_units()
    if not chased:
        return None
    notice = collection.notice
    units = list(chased)
    number = DOC_NUMBER.match(notice.doc_number)
    code = number.group("code") if number else notice.doc_number.split("〔")[0]
    year = collection.as_of.year
    work = work_name(notice)
    return {
        "issuer": {"mark": notice.issuer.mark, "name": notice.issuer.name},
        "doc_number": f"{code}〔{year}〕{PLACEHOLDER}号",
        "title": f"{notice.issuer.name}关于催报{work}落实情况的通知",
        "recipients": "、".join(units) + "：",
        "body": [
            f"《{notice.title}》（{notice.doc_number}）印发后，各单位按照分工推进落实。"
            f"截至{format_date(collection.as_of)}，{'、'.join(units)}"
            f"承担的部分任务落实情况尚未报送或已逾期，具体见附件。",
            f"请上述单位于{PLACEHOLDER}前将落实情况（含进展、完成时间；延期的须说明原因）"
            f"报送{notice.issuer.name}。",
            "特此通知。",
        ],
        "attachments": [{"title": f"{work}未报送及逾期任务清单",
                         "table": _table(collection, chased)}],
        "signature": {"organ": notice.signing_organ, "date": PLACEHOLDER,
                      "sealed": "true" if notice.signature.sealed else "false"},
        "imprint": {"printer": notice.imprint.printer, "print_date": PLACEHOLDER},
    }


def _table(collection: Collection,
           chased: dict[str, list[tuple[CompiledRow, UnitReport]]]) -> dict[str, Any]:
    tables = dict(task_tables(collection.notice))
    timed = any(deadline_column(table) for table in tables.values())
    columns = [("单位", 14, "center"), ("行号", 8, "center"), ("任务", 62 if timed else 76,
               "left"), *([("时限", 14, "center")] if timed else []), ("情况", 14, "center")]
    rows = []
    for unit, items in chased.items():
        lines = []
        for row, report in items:
            table = tables[row.attachment]
            line = {"行号": row.leaf.reference,
                    "任务": _task_text(row, table, collection.notice.units)}
            if timed:
                line["时限"] = row.deadline.text if row.deadline else "—"
            line["情况"] = WHY.get(report.status) or WHY[OVERDUE]
            lines.append(line)
        rows.append({"单位": unit, "items": lines})
    return {"orientation": "portrait", "font_size": "12",
            "columns": [{"name": name, "width": str(width), "align": align}
                        for name, width, align in columns],
            "levels": [["单位"]], "rows": rows}


def _task_text(row: CompiledRow, table: Table, registry: Registry) -> str:
    """The row's requirement: its detail cells other than who and when."""
    skip = {*registry.column_roles(table.column_names), deadline_column(table)}
    texts = [row.cells[table.column_names.index(name)] for name in table.leaf_columns
             if name not in skip]
    return "；".join(text for text in texts if text) or row.leaf.reference
