"""What the editor shows: the header fields as a form and each 分工表 as a grid, every input
tied to the key path it edits (the same paths lint and validation name in their messages),
with every finding named where a clerk sees it; and the folder's list of notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docgen.errors import DataError, DocgenError
from docgen.notice.lint.finding import value_at
from docgen.notice.source import KeyPath, format_path

# (key path, label, input kind) in the order a clerk reads the 版头, 主体 and 版记
HEADER_FIELDS: tuple[tuple[KeyPath, str, str], ...] = (
    (("copy_number",), "份号", "text"),
    (("secrecy",), "密级和保密期限", "text"),
    (("urgency",), "紧急程度", "text"),
    (("issuer", "mark"), "发文机关标志", "text"),
    (("issuer", "name"), "发文机关全称", "text"),
    (("doc_number",), "发文字号", "text"),
    (("signers",), "签发人", "list"),  # 上行文; names separated by 、
    (("title",), "标题", "textarea"),
    (("recipients",), "主送机关", "text"),
    (("signature", "organ"), "署名", "text"),
    (("signature", "date"), "成文日期", "date"),
    (("signature", "sealed"), "加盖印章", "checkbox"),
    (("note",), "附注", "text"),
    (("imprint", "cc"), "抄送", "text"),
    (("imprint", "printer"), "印发机关", "text"),
    (("imprint", "print_date"), "印发日期", "date"),
)
FLAG_TRUE = ("true", "yes", "是", "1")


@dataclass
class Field:
    path: str  # as format_path spells it, e.g. signature.date
    edit_path: list[str | int]  # as the edit operations take it
    label: str
    kind: str
    value: str


@dataclass
class GridCell:
    path: str
    edit_path: list[str | int]
    text: str
    rowspan: int = 1


@dataclass
class GridRow:
    path: str  # the leaf row's path
    edit_path: list[str | int]
    cells: list[GridCell | None]  # None: covered by a group cell above
    depth: int


@dataclass
class Grid:
    index: int  # the attachment's index
    title: str
    columns: list[str]
    widths: list[str] = field(default_factory=list)
    rows: list[GridRow] = field(default_factory=list)


def header_fields(data: dict[str, Any]) -> list[Field]:
    return [Field(format_path(path), list(path), label, kind,
                  _names(value_at(data, *path)) if kind == "list" else _text(value_at(data, *path)))
            for path, label, kind in HEADER_FIELDS]


def _names(value: Any) -> str:
    return "、".join(_text(item) for item in value) if isinstance(value, list) else _text(value)


def body_paragraphs(data: dict[str, Any]) -> list[Field]:
    fields = []
    for index, paragraph in enumerate(data.get("body") or []):
        text = paragraph.get("text") if isinstance(paragraph, dict) else paragraph
        path: KeyPath = ("body", index) if not isinstance(paragraph, dict) else \
            ("body", index, "text")
        fields.append(Field(format_path(path), list(path), f"第 {index + 1} 段", "textarea",
                            _text(text)))
    return fields


def grids(data: dict[str, Any]) -> list[Grid]:
    found = []
    for index, attachment in enumerate(data.get("attachments") or []):
        table = attachment.get("table") if isinstance(attachment, dict) else None
        if not isinstance(table, dict):
            continue
        columns = [c for c in table.get("columns") or [] if isinstance(c, dict)]
        grid = Grid(index, _text(attachment.get("title")), [str(c.get("name")) for c in columns],
                    [_text(c.get("width")) or "1" for c in columns])
        _leaves(grid, table.get("rows") or [], ("attachments", index, "table", "rows"), set(), 0)
        found.append(grid)
    return found


def _leaves(grid: Grid, rows: list, path: KeyPath, grouped: set[str], depth: int) -> None:
    """One grid row per leaf; a group's cells span its leaves, shown once at the first."""
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            continue
        here = (*path, index)
        own = {name: GridCell(format_path((*here, name)), [*here, name], _text(row.get(name)))
               for name in grid.columns if name in row}
        if isinstance(row.get("items"), list) and row["items"]:
            first = len(grid.rows)
            _leaves(grid, row["items"], (*here, "items"), grouped | set(own), depth + 1)
            for name, cell in own.items():
                cell.rowspan = len(grid.rows) - first
                grid.rows[first].cells[grid.columns.index(name)] = cell
            continue
        cells: list[GridCell | None] = [
            own.get(name) or (None if name in grouped else
                              GridCell(format_path((*here, name)), [*here, name], ""))
            for name in grid.columns]
        grid.rows.append(GridRow(format_path(here), list(here), cells, depth))


def place_names(fields: list[Field], body: list[Field], grids: list[Grid]) -> dict[str, str]:
    """Key path → where a clerk sees it (成文日期, 正文第 2 段, 附件1第 5 行“责任处室”), for
    the messages; a path not listed is named by its nearest listed ancestor."""
    names = {field.path: field.label for field in fields}
    names.update({field.path: f"正文{field.label}" for field in body})
    for grid in grids:
        for number, row in enumerate(grid.rows, start=1):
            names.setdefault(row.path, f"附件{grid.index + 1}第 {number} 行")
            for position, cell in enumerate(row.cells):
                if cell is not None:
                    names.setdefault(cell.path, f"附件{grid.index + 1}第 {number} 行"
                                                f"“{grid.columns[position]}”")
    return names


def place_of(path: str, names: dict[str, str]) -> str:
    here = path
    while here:
        if here in names:
            return names[here]
        cut = max(here.rfind("."), here.rfind("["))
        here = here[:cut] if cut > 0 else ""
    return path or "全文"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_text(item) for item in value)
    return str(value)


def editor_state(snapshot: Any) -> dict[str, Any]:
    """The editor's view of a data file: fields, paragraphs, grids and every finding."""
    from docgen.notice.source import load_bytes
    from docgen.notice.verdict import assess

    try:
        source = load_bytes(snapshot.text.encode("utf-8"), snapshot.name)
    except DataError as error:  # not even YAML: show the problems, keep the file as it is
        return {"version": snapshot.version, "fields": [], "body": [], "grids": [],
                "findings": [_problem(p, "错误") for p in error.problems]}  # lint's ERROR
    data = source.data if isinstance(source.data, dict) else {}
    fields, body, tables = header_fields(data), body_paragraphs(data), grids(data)
    names = place_names(fields, body, tables)
    findings = [_problem(f.problem, f.severity, f.rule, names)
                for f in assess(source).findings]
    return {"version": snapshot.version, "fields": fields, "body": body, "grids": tables,
            "findings": findings}


def _problem(problem, severity: str, rule: str = "",
             names: dict[str, str] | None = None) -> dict[str, Any]:
    place = place_of(problem.path, names or {})
    if problem.line is not None:
        place += f"（第 {problem.line} 行）"
    return {"path": problem.path, "place": place, "line": problem.line, "severity": severity,
            "rule": rule, "message": problem.message}


def listing(folder: Any) -> list[dict[str, Any]]:
    """The folder's notices, newest first, with what a clerk recognises them by."""
    from docgen.notice.lint import ERROR
    from docgen.notice.source import load_bytes
    from docgen.notice.verdict import assess

    notices = []
    for path in folder.data_files():
        entry: dict[str, Any] = {"name": path.name, "doc_number": "", "title": "", "date": "",
                                 "errors": 0, "warnings": 0}
        try:
            source = load_bytes(path.read_bytes(), path.name)
            data = source.data if isinstance(source.data, dict) else {}
            signature = data.get("signature") if isinstance(data.get("signature"), dict) else {}
            entry.update(doc_number=data.get("doc_number") or "", title=data.get("title") or "",
                         date=(signature or {}).get("date") or "")
            findings = assess(source).findings
            entry["errors"] = sum(f.severity == ERROR for f in findings)
            entry["warnings"] = len(findings) - entry["errors"]
        except (DocgenError, OSError) as error:
            entry["errors"], entry["title"] = 1, getattr(error, "message", str(error))
        notices.append(entry)
    return notices


