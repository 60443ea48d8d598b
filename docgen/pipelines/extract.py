"""Per-unit extracts: one task list per 处室 and the 汇总, converted together on the pool."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document as DocxDocument

from docgen.compose.cells import csv_field
from docgen.compose.extract import render_extract
from docgen.compose.template import StyleBook
from docgen.compose.workbook import fill_in_workbook
from docgen.filenames import safe_file_stem
from docgen.libreoffice.convert import DEFAULT_TIMEOUT
from docgen.libreoffice.fonts import write_fontconfig
from docgen.libreoffice.pool import Pool
from docgen.notice import tasks as extract
from docgen.notice.extends import load_file
from docgen.notice.model import Notice
from docgen.notice.verdict import require
from docgen.pipelines.publish import FORMATS, preflight, publish, scratch, unique_stems
from docgen.resources import DEFAULT_TEMPLATE


@dataclass
class ExtractResult:
    files: list[Path]
    summary: list[tuple[str, ...]]
    orphans: list[str]
    warnings: list[str] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)  # replaced files kept (force)


SUMMARY = "汇总"  # the summary's file stem; a unit of that name gets 汇总-2
WORKBOOK = "xlsx"  # a fill-in workbook per unit (no 汇总: it is the collect's to compile)


def extract_units(data: Path, out_dir: Path | None = None, units: list[str] | None = None,
                  formats: tuple[str, ...] = FORMATS, template: Path | None = None,
                  timeout: float = DEFAULT_TIMEOUT,
                  progress: Callable[[Path], None] | None = None,
                  force: bool = False) -> ExtractResult:
    """One task list per unit under ``out_dir`` (default output/<stem>/units/), and 汇总.

    Asked for some ``units``, only their files are written; the 汇总 is always the whole
    notice's, and no other file in the folder is touched.
    """
    notice = require(load_file(data)).notice  # an unknown unit name would lose its rows
    assert notice is not None
    template = template or DEFAULT_TEMPLATE
    every = extract.plan(notice)
    wanted = extract.plan(notice, units) if units else every
    out_dir = out_dir if out_dir is not None else Path("output") / safe_file_stem(data.stem) \
        / "units"
    names = _file_stems(every)
    stems = [names[_key(item)] for item in wanted]
    documents = tuple(kind for kind in formats if kind in FORMATS)
    targets = [f"{stem}.{kind}" for stem in [*stems, SUMMARY] for kind in documents]
    targets += [f"{stem}.{WORKBOOK}" for stem in stems if WORKBOOK in formats]
    preflight([*targets, f"{SUMMARY}.csv"], out_dir, force=force, inputs=[data])
    with scratch("extract") as work:
        written = []
        if documents:
            task_lists = _task_lists(notice, every, wanted, names, template)
            written = _convert_all(task_lists, work, documents, timeout, progress)
        if WORKBOOK in formats:
            written += _workbooks(notice, wanted, names, work)
        csv_path = work / f"{SUMMARY}.csv"
        _write_csv(csv_path, extract.SUMMARY_COLUMNS, extract.summary_rows(every))
        published = publish({path.name: path for path in [*written, csv_path]}, out_dir,
                            force=force, inputs=[data])
    orphans = extract.orphans(notice)
    warnings = [f"表格中 {'、'.join(orphans)} 项没有任何单位负责"] if orphans else []
    return ExtractResult(published.files, extract.summary_rows(wanted), orphans, warnings,
                         published.backups)


def _file_stems(every: list[extract.UnitExtract]) -> dict[tuple[str, int], str]:
    """Each task list's file name, from the whole notice: a run for some units names their
    files as a run for all does, and none is taken for the 汇总."""
    return dict(zip(map(_key, every), unique_stems([e.unit for e in every], [SUMMARY]),
                    strict=True))


def _task_lists(notice: Notice, every: list[extract.UnitExtract],
                wanted: list[extract.UnitExtract], names: dict[tuple[str, int], str],
                template: Path) -> Iterator[tuple[str, DocxDocument]]:
    """Each wanted unit's task list, then the 汇总 of every unit, rendered one at a time as
    they are asked for."""
    tables = dict(extract.task_tables(notice))
    report_column = notice.units.report_column if notice.units else None
    for item in wanted:
        table = extract.extract_table(tables[item.attachment], item, report_column)
        yield names[_key(item)], render_extract(
            notice, table, extract.extract_title(notice, item.unit), template)
    yield SUMMARY, render_extract(notice, extract.summary_table(every),
                                  extract.extract_title(notice, SUMMARY), template)


def _workbooks(notice: Notice, wanted: list[extract.UnitExtract],
               names: dict[tuple[str, int], str], work: Path) -> list[Path]:
    tables = dict(extract.task_tables(notice))
    written = []
    for item in wanted:
        book = fill_in_workbook(notice, tables[item.attachment], item,
                                extract.extract_title(notice, item.unit))
        written.append(work / f"{names[_key(item)]}.{WORKBOOK}")
        book.save(written[-1])
    return written


def _key(item: extract.UnitExtract) -> tuple[str, int]:
    return item.unit, item.attachment


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
        for row in [header, *rows]:
            writer.writerow([csv_field(value) for value in row])
