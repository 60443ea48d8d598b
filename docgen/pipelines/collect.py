"""docgen collect: the units' returned workbooks and task lists compiled into the
落实情况汇总表 (.xlsx, .docx, .pdf), what is missing or late reported with file and cell, and
on request the 催办 notice built as any notice is.

Each round goes into its own folder under the output, named by its date (收集/2022-12-31/),
with a snapshot (收集结果.json) from which the next round tells what changed since.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from docgen.compose.collection import (
    SUMMARY_NAME,
    collection_subtitle,
    collection_table,
    collection_title,
    collection_workbook,
)
from docgen.compose.extract import render_extract
from docgen.compose.template import StyleBook
from docgen.errors import DataError, Problem
from docgen.filenames import safe_file_stem
from docgen.libreoffice.convert import DEFAULT_TIMEOUT
from docgen.libreoffice.fonts import write_fontconfig
from docgen.libreoffice.pool import Pool
from docgen.notice.chase import CHASE_NAME, chase_data
from docgen.notice.collection import Collection, compile_returns, row_id
from docgen.notice.extends import load_file
from docgen.notice.model import PROGRESS_FIELD
from docgen.notice.source import dump_yaml
from docgen.notice.tasks import registry_of, task_tables
from docgen.notice.verdict import require
from docgen.pipelines.publish import preflight, publish, scratch
from docgen.pipelines.returns import read_returns, returned_paths
from docgen.resources import DEFAULT_TEMPLATE

SNAPSHOT = "收集结果.json"
COLLECTED = "收集"  # output/<notice>/收集/<date>/


@dataclass
class CollectResult:
    collection: Collection
    folder: Path  # this round's folder
    files: list[Path]
    chase: list[Path] = field(default_factory=list)  # the 催办 notice's data and PDF
    previous: Path | None = None  # the earlier round compared with
    changes: list[str] = field(default_factory=list)  # what changed since that round
    backups: list[Path] = field(default_factory=list)


def collect(data: Path, inputs: list[Path], as_of: dt.date, due_within: int | None = None,
            out_dir: Path | None = None, chase: bool = False, template: Path | None = None,
            timeout: float = DEFAULT_TIMEOUT, force: bool = False) -> CollectResult:
    notice = require(load_file(data)).notice
    assert notice is not None
    registry_of(notice)  # no registry, no units to collect from: said before any work
    paths, problems = returned_paths(inputs)
    files, unreadable = read_returns(paths, notice)
    collection = compile_returns(notice, files, as_of, due_within, problems + unreadable)
    root = out_dir if out_dir is not None else Path("output") / safe_file_stem(data.stem) \
        / COLLECTED
    folder = root / as_of.isoformat()
    chased = chase_data(collection) if chase else None
    tables = dict(task_tables(notice))
    stems = _summary_stems(tables)
    names = [f"{stem}.{kind}" for stem in stems.values() for kind in ("docx", "pdf")]
    names += [f"{SUMMARY_NAME}.xlsx", SNAPSHOT]
    if chased:
        names += [f"{CHASE_NAME}.yaml", f"{CHASE_NAME}.pdf"]
    inputs_used = [data, *paths]
    preflight(names, folder, force=force, inputs=inputs_used)
    previous = _previous_round(root, as_of)
    with scratch("collect") as work:
        written = _documents(collection, tables, stems, work, template or DEFAULT_TEMPLATE,
                             timeout)
        collection_workbook(collection, tables).save(work / f"{SUMMARY_NAME}.xlsx")
        snapshot = _snapshot(collection)
        (work / SNAPSHOT).write_text(json.dumps(snapshot, ensure_ascii=False, indent=1),
                                     encoding="utf-8")
        written += [work / f"{SUMMARY_NAME}.xlsx", work / SNAPSHOT]
        chase_files = _chase(chased, work, template, timeout) if chased else []
        published = publish({p.name: p for p in [*written, *chase_files]}, folder, force=force,
                            inputs=inputs_used)
    chase_names = {f"{CHASE_NAME}.yaml", f"{CHASE_NAME}.pdf"}
    return CollectResult(collection, folder,
                         [p for p in published.files if p.name not in chase_names],
                         [p for p in published.files if p.name in chase_names],
                         previous, _changes(previous, snapshot) if previous else [],
                         published.backups)


def _summary_stems(tables: dict[int, object]) -> dict[int, str]:
    """落实情况汇总表, and 落实情况汇总表-附件2 … when the notice has several task tables."""
    first = min(tables, default=0)
    return {index: SUMMARY_NAME if index == first else f"{SUMMARY_NAME}-附件{index + 1}"
            for index in tables}


def _documents(collection: Collection, tables: dict, stems: dict[int, str], work: Path,
               template: Path, timeout: float) -> list[Path]:
    notice = collection.notice
    saved = []
    for index, table in tables.items():
        document = render_extract(notice, collection_table(collection, index, table),
                                  collection_title(notice), template,
                                  subtitle=collection_subtitle(collection))
        saved.append(work / f"{stems[index]}.docx")
        document.save(saved[-1])
    if not saved:
        return []
    fontconfig = write_fontconfig(work, StyleBook(document).role_fonts())
    with Pool(fontconfig, workers=1, timeout=timeout) as pool:
        pdfs = [pool.convert(path, work) for path in saved]
    return saved + pdfs


def _chase(data: dict, work: Path, template: Path | None, timeout: float) -> list[Path]:
    """The 催办 notice's data file and its PDF, built by the normal build (as a draft: its
    number and dates are 【待定】)."""
    from docgen.pipelines.build import build

    source = work / f"{CHASE_NAME}.yaml"
    header = "# 催办通知：由 docgen collect 生成；填好发文字号、报送时限和日期后再正式生成\n"
    source.write_text(header + dump_yaml(data), encoding="utf-8")
    built = build(source, work / "chase", ("pdf",), template, timeout, draft=True)
    return [source, *built.files]


def _snapshot(collection: Collection) -> dict:
    return {"about": "docgen collect 的收集结果，下一轮据此列出变化", "version": 1,
            "doc_number": collection.notice.doc_number, "as_of": collection.as_of.isoformat(),
            "reports": [{"row": row_id(row.leaf), "reference": row.leaf.reference,
                         "attachment": row.attachment, "unit": report.unit,
                         "status": report.status, "state": report.state,
                         "report": report.report}
                        for row in collection.rows for report in row.reports]}


def _previous_round(root: Path, as_of: dt.date) -> Path | None:
    """The latest earlier round's folder that holds a snapshot."""
    if not root.is_dir():
        return None
    earlier = []
    for folder in root.iterdir():
        try:
            day = dt.date.fromisoformat(folder.name)
        except ValueError:
            continue
        if day < as_of and (folder / SNAPSHOT).is_file():
            earlier.append((day, folder))
    return max(earlier)[1] if earlier else None


def _changes(previous: Path, snapshot: dict) -> list[str]:
    try:
        return round_changes(read_snapshot(previous), snapshot)
    except DataError:
        return [f"无法读取上一轮的 {previous / SNAPSHOT}，不比较变化"]


def read_snapshot(path: Path) -> dict:
    """A round's snapshot, from its folder or the file itself."""
    file = path / SNAPSHOT if path.is_dir() else path
    try:
        snapshot = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(snapshot.get("reports"), list):
            raise ValueError("没有 reports")
    except (OSError, ValueError, AttributeError) as error:
        raise DataError([Problem(f"不是 docgen collect 的收集结果：{error}", str(file))],
                        hint=f"给出某一轮的输出目录（含 {SNAPSHOT}）或该文件。") from error
    return snapshot


def round_changes(before: dict, after: dict) -> list[str]:
    """Per row and unit: a report that came in, changed progress or text, or went missing;
    rows new or gone since the earlier round."""
    def keyed(snapshot: dict) -> dict[tuple, dict]:
        return {(r.get("attachment"), r.get("row"), r.get("unit")): r
                for r in snapshot["reports"] if isinstance(r, dict)}

    old, new = keyed(before), keyed(after)
    lines = []
    for key, now in new.items():
        was = old.get(key)
        where = f"第 {now.get('reference')} 行 {now.get('unit')}"
        if was is None:
            lines.append(f"{where}：新增的任务")
            continue
        if all(was.get(k) == now.get(k) for k in ("status", "state", "report")):
            continue
        same = _describe(was) == _describe(now)
        lines.append(f"{where}：{_describe(was)} → {_describe(now)}" + ("（内容有更新）"
                                                                         if same else ""))
    lines += [f"第 {was.get('reference')} 行 {was.get('unit')}：不再有此任务"
              for key, was in old.items() if key not in new]
    return lines


def _describe(entry: dict) -> str:
    report = entry.get("report") or {}
    text = entry.get("status") or "—"
    if report.get(PROGRESS_FIELD):
        text += f"（{report[PROGRESS_FIELD]}）"
    if entry.get("state"):
        text += f"，{entry['state']}"
    return text

