"""Per-unit extracts: one task list per 处室 and the 汇总, converted together on the pool."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document as DocxDocument

from docgen.compose.extract import render_extract
from docgen.compose.template import StyleBook
from docgen.filenames import safe_file_stem
from docgen.libreoffice.convert import DEFAULT_TIMEOUT
from docgen.libreoffice.fonts import write_fontconfig
from docgen.libreoffice.pool import Pool
from docgen.notice import tasks as extract
from docgen.notice.extends import load_file
from docgen.notice.model import Notice
from docgen.notice.verdict import require
from docgen.pipelines.publish import FORMATS, publish_folder, scratch, unique_stems
from docgen.resources import DEFAULT_TEMPLATE


@dataclass
class ExtractResult:
    files: list[Path]
    summary: list[tuple[str, ...]]
    orphans: list[str]
    warnings: list[str] = field(default_factory=list)


def extract_units(data: Path, out_dir: Path | None = None, units: list[str] | None = None,
                  formats: tuple[str, ...] = FORMATS, template: Path | None = None,
                  timeout: float = DEFAULT_TIMEOUT,
                  progress: Callable[[Path], None] | None = None) -> ExtractResult:
    """One task list per unit under ``out_dir`` (default output/<stem>/units/), and 汇总."""
    notice = require(load_file(data)).notice  # an unknown unit name would lose its rows
    assert notice is not None
    template = template or DEFAULT_TEMPLATE
    extracts = extract.plan(notice, units)
    out_dir = out_dir if out_dir is not None else Path("output") / safe_file_stem(data.stem) \
        / "units"
    with scratch("extract") as work:
        documents = _task_lists(notice, extracts, template)
        written = _convert_all(documents, work, formats, timeout, progress)
        summary = extract.summary_rows(extracts)
        csv_path = work / "汇总.csv"
        _write_csv(csv_path, extract.SUMMARY_COLUMNS, summary)
        files, removed = publish_folder([*written, csv_path], out_dir)
        warnings_removed = [f"已删除上次生成的旧文件 {path}" for path in removed]
    orphans = extract.orphans(notice)
    warnings = [f"表格中 {'、'.join(orphans)} 项没有任何单位负责"] if orphans else []
    return ExtractResult(files, summary, orphans, warnings + warnings_removed)


def _task_lists(notice: Notice, extracts: list[extract.UnitExtract],
                template: Path) -> Iterator[tuple[str, DocxDocument]]:
    """Each unit's task list, then the 汇总, rendered one at a time as they are asked for."""
    names = unique_stems([e.unit for e in extracts])
    tables = dict(extract.task_tables(notice))
    report_column = notice.units.report_column if notice.units else None
    for item, stem in zip(extracts, names, strict=True):
        table = extract.extract_table(tables[item.attachment], item, report_column)
        yield stem, render_extract(notice, table, extract.extract_title(notice, item.unit),
                                   template)
    yield "汇总", render_extract(notice, extract.summary_table(extracts),
                               extract.extract_title(notice, "汇总"), template)


def _convert_all(documents: Iterator[tuple[str, DocxDocument]], work: Path,
                 formats: tuple[str, ...], timeout: float,
                 progress: Callable[[Path], None] | None) -> list[Path]:
    """Save every document and convert it on the pool as soon as it is saved: LibreOffice
    starts after the first document and boots while the others are rendered."""
    first = next(documents)  # its styles are the template's: they give the fontconfig
    saved: list[Path] = []

    def save_each() -> Iterator[Path]:
        for stem, document in itertools.chain([first], documents):
            saved.append(work / f"{stem}.docx")
            document.save(saved[-1])
            yield saved[-1]

    if "pdf" not in formats:
        return list(save_each())
    role_fonts = StyleBook(first[1]).role_fonts()
    with Pool(write_fontconfig(work, role_fonts), timeout=timeout) as pool:
        pool.warm()
        pdfs = pool.convert_all(save_each(), work, progress)
    return (saved if "docx" in formats else []) + pdfs


def _write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # Excel reads the BOM
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
