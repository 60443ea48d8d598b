"""docgen's front door: every command as a Python function with keyword-only options.

    import docgen
    result = docgen.build("通知.yaml", output="output/通知")
    report = docgen.check(result.pdf)

Each function raises a :class:`docgen.errors.DocgenError` subclass that knows its exit code
and renders itself in Chinese; findings (lint errors, check failures, differences, archive
problems) are returned, not raised. The heavy libraries (PyMuPDF, pyHanko, python-docx) are
imported by the function that needs them, so that importing docgen, or asking the CLI for
help, stays instant.

The whole public surface in one place, each function a few lines over the stage that does
the work; what they return is in docgen/results.py. About 350 lines on purpose: one front
door a user can read top to bottom.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import DataError, DocgenError, ExitCode, OutputError, Problem, UsageError
from docgen.libreoffice.convert import DEFAULT_TIMEOUT
from docgen.resources import SAMPLE
from docgen.results import DiffResult, LintReport, NextYearResult, SealResult, SignResult
from docgen.standard.figures import SEAL_DIAMETER_MM

if TYPE_CHECKING:
    from docgen.archive.accession import AddResult
    from docgen.archive.audit import VerifyReport
    from docgen.archive.catalogue import Entry
    from docgen.checks.report import Report
    from docgen.ingest.run import ImportResult
    from docgen.notice.lint import Finding as LintFinding
    from docgen.pipelines.build import BuildResult
    from docgen.pipelines.extract import ExtractResult

__all__ = [
    "DEFAULT_ARCHIVE",
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "SAMPLE",
    "SEAL_DIAMETER_MM",
    "DataError",
    "DiffResult",
    "DocgenError",
    "ExitCode",
    "LintReport",
    "NextYearResult",
    "Problem",
    "SealResult",
    "SignResult",
    "UsageError",
    "annotate",
    "archive_add",
    "archive_list",
    "archive_verify",
    "build",
    "check",
    "diff",
    "extract",
    "import_file",
    "lint",
    "next_year",
    "seal",
    "show",
    "sign",
    "write_specimen",
]

FORMATS = ("docx", "pdf")
DEFAULT_ARCHIVE = Path("archive")

PathLike = str | Path


def _path(value: PathLike | None, default: Path | None = None) -> Path | None:
    return Path(value) if value is not None else default


# ── build, check, lint, show ─────────────────────────────────────────────────────────────────
def build(data: PathLike | None = None, *, output: PathLike | None = None,
          formats: Sequence[str] = FORMATS, template: PathLike | None = None,
          timeout: float = DEFAULT_TIMEOUT, draft: bool = False,
          pdfa: bool = False, force: bool = False) -> BuildResult:
    """Build the notice in ``data`` (the sample when None) into ``output``
    (default ``output/<data file name>/``) as DOCX and/or PDF.

    ``draft`` builds data that still holds 【待定】/【待核】; ``pdfa`` exports PDF/A-2b.
    Outputs docgen wrote and nobody changed are replaced; any other file in the way is
    refused unless ``force``, which keeps it as ``<name>.bak`` (so for every command).
    """
    from docgen.pipelines.build import build as run_build

    return run_build(_path(data, SAMPLE), _path(output), tuple(formats), _path(template),
                     timeout, draft, pdfa, force)


def check(pdf: PathLike) -> Report:
    """Measure any PDF against GB/T 9704-2012; the report lists PASS / WARN / FAIL findings."""
    import pymupdf

    from docgen.checks import check_pdf

    path = Path(pdf)
    try:
        return check_pdf(path)
    except (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase) as error:
        raise DocgenError(f"无法读取 PDF {path}：{error}") from error


def annotate(report: Report, pdf: PathLike, target: PathLike, *,
             force: bool = False) -> list[Path]:
    """Draw the report on a copy of ``pdf`` (a PDF, or one PNG per page if ``target`` ends
    in .png); returns the files written."""
    import pymupdf

    from docgen.checks import annotate as draw
    from docgen.pipelines.publish import publish, refuse_inputs, scratch

    source, target = Path(pdf), Path(target)
    refuse_inputs([target], [source])
    with scratch("annotate") as work:
        try:
            drawn = draw(report, source, work / target.name)
        except (OSError, ValueError, RuntimeError, pymupdf.mupdf.FzErrorBase) as error:
            raise OutputError(f"无法写出标注 {target}：{error}") from error
        published = publish({path.name: path for path in drawn}, target.parent, force=force,
                            inputs=[source])
    return published.files


def lint(data: PathLike | None = None, *, fix: bool = False, draft: bool = False) -> LintReport:
    """Everything ``build`` would refuse or warn about, all at once: the schema, 【待定】 and
    【待核】 (warnings for a ``draft``), the text rules (punctuation, numbering, 文号, dates,
    rows, unit names), duplicated ids, a typed 附件说明. With ``fix`` the mechanical fixes
    are applied to the file in place first."""
    from docgen.notice import lint as rules
    from docgen.notice.extends import load_file
    from docgen.notice.verdict import assess

    path = _path(data, SAMPLE)
    source = load_file(path)
    fixed: list[LintFinding] = []
    if fix:
        from docgen.pipelines.publish import rewrite_in_place

        text, fixed = rules.fix(source)
        if fixed:
            rewrite_in_place(path, text, read_as=source.text)
            source = load_file(path)
    return LintReport(path, assess(source, draft=draft).findings, fixed)


def show(data: PathLike | None = None) -> str:
    """The data as docgen uses it, with any ``extends`` merged in, as YAML text."""
    from docgen.notice.extends import load_file
    from docgen.notice.source import dump_yaml
    from docgen.notice.validate import validate

    source = load_file(_path(data, SAMPLE))
    validate(source)
    return dump_yaml(source.data)


def units(data: PathLike | None = None) -> str:
    """A ``units:`` block to paste into the data: every name found in its responsibility
    columns, sorted, collective terms under ``groups`` with empty lists to fill, headed by a
    comment saying what it is."""
    from docgen.notice.extends import load_file
    from docgen.notice.registry_draft import draft_registry

    path = _path(data, SAMPLE)
    assert path is not None
    draft = draft_registry(load_file(path).data)
    if not draft.columns:
        raise DataError([Problem("没有哪个附件表格有写明责任单位的列（如 牵头单位、配合单位、"
                                 "责任单位），无从整理单位名录", str(path))],
                        hint="在 units.columns 中写明责任列，如 columns: {主责处室: parse}。")
    return draft.yaml(path.name)


# ── the year's work: extracts, next year, diff ───────────────────────────────────────────────
def extract(data: PathLike | None = None, *, units: Iterable[str] | None = None,
            output: PathLike | None = None, formats: Sequence[str] = FORMATS,
            template: PathLike | None = None, timeout: float = DEFAULT_TIMEOUT,
            progress: Callable[[Path], None] | None = None,
            force: bool = False) -> ExtractResult:
    """One task list per unit (default: every unit with tasks) and the 汇总 of the whole
    notice, into ``output`` (default ``output/<data file name>/units/``); other files there
    are left alone. ``progress`` is called per converted file."""
    from docgen.pipelines.extract import extract_units

    wanted = list(units) if units is not None else None
    return extract_units(_path(data, SAMPLE), _path(output), wanted or None, tuple(formats),
                         _path(template), timeout, progress=progress, force=force)


def next_year_target(data: Path, to_year: int) -> Path:
    """The year in the file name replaced (通知2022.yaml → 通知2023.yaml), else ``-<year>``."""
    stem = re.sub(r"(19|20)\d{2}", str(to_year), data.stem)
    return data.with_name((stem if stem != data.stem else f"{stem}-{to_year}") + ".yaml")


def next_year(data: PathLike, to_year: int, *, output: PathLike | None = None,
              force: bool = False) -> NextYearResult:
    """Next year's data from this year's: years moved on, numbers and dates set to 【待定】,
    other years marked 【待核】; comments and layout kept. An existing target (perhaps
    already filled in) is refused unless ``force``, which keeps it as ``<name>.bak``."""
    from docgen.notice.next_year import roll_file
    from docgen.pipelines.publish import staged_file

    source = Path(data)
    target = _path(output) or next_year_target(source, to_year)
    with staged_file(target, "next-year", force=force, inputs=[source], record=False) as out:
        review = roll_file(source, to_year, out.path)
    return NextYearResult(target, review, out.published.backups)


def import_file(source: PathLike, *, output: PathLike | None = None, table_only: bool = False,
                into: PathLike | None = None, attachment: int = 1, force: bool = False,
                timeout: float = DEFAULT_TIMEOUT) -> ImportResult:
    """An existing notice or 分工表 (.docx, .doc/.wps/.rtf/.odt, .xlsx/.xls/.et/.csv, .pdf)
    as a commented data file: what is missing is 【待定】, what is guessed marked 【待核】 (each
    listed with its line), text that fits no field listed at the end. Written to ``output``
    (default: the source's name with .yaml), refused over an existing file unless ``force``
    (kept as .bak). ``table_only`` reads only the table; ``into`` replaces the table of the
    ``attachment``-th attachment (from 1) of an existing notice, every other line kept and
    the old file kept as .bak."""
    from docgen.ingest.run import import_file as run_import

    return run_import(Path(source), output=_path(output), table_only=table_only,
                      into=_path(into), attachment=attachment, force=force, timeout=timeout)


def diff(old: PathLike, new: PathLike, *, table: PathLike | None = None,
         template: PathLike | None = None, timeout: float = DEFAULT_TIMEOUT,
         force: bool = False) -> DiffResult:
    """What changed between two notices: header fields, paragraphs, tasks and assignments;
    with ``table`` also the 修订对照表 as DOCX or PDF (by its suffix)."""
    from docgen.notice.diff import diff_notices
    from docgen.notice.extends import load_file
    from docgen.notice.verdict import require

    def notice_of(path: Path):
        # The one verdict, as for a draft: next year's 【待定】 may stay, a duplicated id may not
        # (the tasks of the two notices are matched by id).
        notice = require(load_file(path), draft=True).notice
        assert notice is not None
        return notice

    inputs = (Path(old), Path(new), *([Path(template)] if template else []))
    if table is not None:
        from docgen.pipelines.publish import refuse_inputs

        refuse_inputs([Path(table)], inputs)
    new_notice = notice_of(Path(new))
    changes = diff_notices(notice_of(Path(old)), new_notice)
    written = None
    if table is not None:
        from docgen.pipelines.revision import write_revision_table

        written = write_revision_table(new_notice, changes, Path(table), _path(template),
                                       timeout, force=force, inputs=inputs)
    return DiffResult(changes, written)


# ── seal and sign ────────────────────────────────────────────────────────────────────────────
def seal(pdf: PathLike, *, image: PathLike | None = None,
         diameter_mm: float = SEAL_DIAMETER_MM, output: PathLike | None = None,
         again: bool = False, force: bool = False) -> SealResult:
    """Place the seal (PNG or SVG; the specimen when None) per 7.3.5.1; writes
    ``<name>-盖章.pdf`` unless ``output`` is given. A PDF already sealed is refused;
    ``again`` adds a further organ's seal on the next 署名 of a joint document."""
    from docgen.pdf.seal import seal_pdf
    from docgen.pipelines.publish import staged_file
    from docgen.standard.figures import mm

    source = Path(pdf)
    target = _path(output) or source.with_name(f"{source.stem}-盖章.pdf")
    inputs = [source, *([Path(image)] if image is not None else [])]
    with staged_file(target, "seal", force=force, inputs=inputs) as out:
        spot = seal_pdf(source, out.path, _path(image), mm(diameter_mm), again=again)
    return SealResult(target, spot, image is None, out.published.backups)


def write_specimen(target: PathLike, *, diameter_mm: float = SEAL_DIAMETER_MM,
                   force: bool = False) -> Path:
    """Save the code-drawn 样章 SPECIMEN seal as PNG or SVG."""
    from docgen.pdf.seal import write_specimen as draw
    from docgen.pipelines.publish import staged_file
    from docgen.standard.figures import mm

    path = Path(target)
    with staged_file(path, "specimen", force=force) as out:
        draw(out.path, mm(diameter_mm))
    return path


def sign(pdf: PathLike, *, p12: PathLike, password: bytes | None = None,
         password_file: PathLike | None = None, reason: str | None = None,
         visible: bool = False, output: PathLike | None = None,
         force: bool = False) -> SignResult:
    """PAdES signature with the PKCS#12 certificate; writes ``<name>-签名.pdf`` unless
    ``output`` is given. The password is ``password`` or the first line of ``password_file``."""
    from docgen.pdf.sign import pdfa_kept, sign_pdf
    from docgen.pipelines.publish import staged_file

    source = Path(pdf)
    target = _path(output) or source.with_name(f"{source.stem}-签名.pdf")
    if target.resolve() == source.resolve():
        raise UsageError("输出文件不能覆盖被签名的 PDF")
    if password_file is not None:
        lines = Path(password_file).read_bytes().splitlines()
        password = lines[0] if lines else b""
    inputs = [source, Path(p12), *([Path(password_file)] if password_file else [])]
    with staged_file(target, "sign", force=force, inputs=inputs) as out:
        signature = sign_pdf(source, out.path, Path(p12), password, reason, visible)
        lost = pdfa_kept(source, out.path)
    return SignResult(target, signature, lost, out.published.backups)


# ── archive ──────────────────────────────────────────────────────────────────────────────────
def archive_add(signed: PathLike, *, data: PathLike, archive: PathLike = DEFAULT_ARCHIVE,
                trust: Iterable[PathLike] = (), accept_modified: bool = False,
                accept_untrusted: bool = False, scanned: bool = False, supersede: bool = False,
                reason: str | None = None, retention: str | None = None,
                template: PathLike | None = None, specimen: bool = False) -> AddResult:
    """Check the signed PDF against ``data`` and store both, atomically, never overwriting.
    ``accept_modified`` and ``supersede`` need a ``reason``, which is recorded; ``specimen``
    accepts the 样章 SPECIMEN in place of a real seal (recorded too)."""
    from docgen.archive.accession import AddRequest
    from docgen.archive.accession import add as run_add

    if (accept_modified or supersede) and not (reason or "").strip():
        flag = "--accept-modified" if accept_modified else "--supersede"
        raise UsageError(f"{flag} 须同时用 --reason 说明理由")
    request = AddRequest(Path(signed), Path(data), _path(template),
                         tuple(Path(anchor) for anchor in trust),
                         accept_modified=reason if accept_modified else None,
                         accept_untrusted=accept_untrusted, scanned=scanned, specimen=specimen,
                         supersede=reason if supersede else None, retention=retention)
    return run_add(Path(archive), request)


def archive_verify(archive: PathLike = DEFAULT_ARCHIVE, *, doc_number: str | None = None,
                   head: str | None = None, trust: Iterable[PathLike] = (),
                   repair: bool = False) -> VerifyReport:
    """Re-hash every file, re-validate signatures as of archiving, walk the catalogue chain;
    ``head`` proves nothing up to that point was removed or rewritten. Writes nothing, unless
    ``repair`` finishes (or sweeps away) an add a crash interrupted. A 文号 not in the
    archive is a UsageError that suggests the closest one."""
    from docgen.archive.audit import verify

    return verify(Path(archive), doc_number, head, tuple(Path(anchor) for anchor in trust),
                  repair)


def archive_list(archive: PathLike = DEFAULT_ARCHIVE, *, year: int | None = None,
                 unit: str | None = None, search: str | None = None) -> list[Entry]:
    """Catalogue entries, filtered by 成文 year, 处室 or 发文机关, and text."""
    import sqlite3

    from docgen.archive.audit import list_entries
    from docgen.archive.catalogue import CatalogueError

    try:
        return list_entries(Path(archive), year, unit, search)
    except (sqlite3.DatabaseError, CatalogueError) as error:
        raise DocgenError(f"无法读取归档目录：{error}") from error
