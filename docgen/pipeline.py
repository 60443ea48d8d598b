"""The build: data → validated notice → DOCX → PDF, with the 版记 placed by measurement.

The one module that imports every stage. Nothing lands in the output folder until every
stage has succeeded; files are written under a temporary name and renamed into place.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pymupdf

from . import diff, extract
from . import layout as L
from .convert import DEFAULT_TIMEOUT
from .errors import ConversionError, DataError, LayoutError, OutputError
from .finish import write_metadata
from .fonts import FontUse, resolve, write_fontconfig
from .lint import ERROR, LintError, lint
from .load import load_file
from .measure import find_imprint, find_signature, open_pdf
from .model import Notice, format_date
from .names import safe_file_stem
from .pdfa import pdfa_problems
from .pool import Pool
from .render import Placement, render_notice
from .roll import pending
from .table import tall_rows
from .template import DEFAULT_TEMPLATE, StyleBook
from .validate import validate

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "jinwenlv-ban-2022-46.yaml"
FORMATS = ("docx", "pdf")
MAX_PASSES = 4
TOLERANCE = L.mm(0.25)  # how close the 版记's last rule must come to the 版心 bottom


@dataclass
class BuildResult:
    files: list[Path]
    fonts: list[FontUse]
    pages: int
    warnings: list[str] = field(default_factory=list)
    passes: int = 0
    removed: list[Path] = field(default_factory=list)  # stale outputs of an earlier build


def build(data: Path, out_dir: Path | None = None, formats: tuple[str, ...] = FORMATS,
          template: Path | None = None, timeout: float = DEFAULT_TIMEOUT,
          draft: bool = False, pdfa: bool = False) -> BuildResult:
    """Build the notice; a ``draft`` may still hold 【待定】 (shown as such) and 【待核】;
    ``pdfa`` exports PDF/A-2b for archiving."""
    source = load_file(data)
    unfinished = pending(source)
    if unfinished and not draft:  # a rolled-over notice with its 【待定】 and 【待核】
        raise DataError(unfinished, hint="填写每个【待定】，核对每个【待核】并删去该标记后再生成"
                                         "（预览可用 --draft）。")
    notice = validate(source)
    findings = lint(source)
    errors = [finding for finding in findings if finding.severity == ERROR]
    if errors:
        raise LintError(errors)
    stem = safe_file_stem(data.stem)
    out_dir = out_dir if out_dir is not None else Path("output") / stem
    with tempfile.TemporaryDirectory(prefix="docgen-build-") as scratch:
        work = Path(scratch)
        result = _build_in(notice, stem, work, template or DEFAULT_TEMPLATE, timeout, pdfa)
        wanted = [work / f"{stem}.{kind}" for kind in formats]
        result.files, result.removed = _publish(wanted, out_dir, stem)
        result.warnings = [finding.render() for finding in findings] + result.warnings
        result.warnings += [f"草稿：{problem}" for problem in unfinished]
    return result


def _build_in(notice: Notice, stem: str, work: Path, template: Path,
              timeout: float, pdfa: bool = False) -> BuildResult:
    docx_path = work / f"{stem}.docx"
    placement = Placement()
    document = render_notice(notice, template, placement)
    role_fonts = StyleBook(document).role_fonts()
    fontconfig = write_fontconfig(work, role_fonts)
    # The passes run in turn on one worker.
    with Pool(fontconfig, workers=1, timeout=timeout, pdfa=pdfa) as converter:
        for passes in range(1, MAX_PASSES + 1):  # noqa: B007 - reported after the loop
            document.save(docx_path)
            pdf_path = converter.convert(docx_path, work)
            next_placement = plan(pdf_path, notice, placement)
            if next_placement == placement:
                break
            placement = next_placement
            document = render_notice(notice, template, placement)
        else:
            raise LayoutError("版记未能排到最后一页的版心底部",
                              hint="请把这份数据和 docgen 版本一并报告给维护者。")
    with open_pdf(pdf_path) as pdf:
        pages = pdf.page_count
    write_metadata(pdf_path, notice)
    if pdfa and (problems := pdfa_problems(pdf_path)):
        raise ConversionError("LibreOffice 导出的 PDF 不符合 PDF/A-2b：" + "；".join(problems))
    return BuildResult([], resolve(role_fonts, fontconfig), pages, table_warnings(notice),
                       passes)


def table_warnings(notice: Notice) -> list[str]:
    return [f"附件{index + 1}的表格第 {row} 行高于一页，只能跨页断开"
            for index, attachment in enumerate(notice.attachments) if attachment.table
            for row in tall_rows(attachment.table)]


def plan(pdf_path: Path, notice: Notice, current: Placement) -> Placement:
    """The next pass's placement, from where things landed in this one."""
    with open_pdf(pdf_path) as pdf:
        imprint = plan_imprint(pdf, notice, current)
        shifts = plan_signature(pdf, notice, current)
    return replace(imprint, organ_shift=shifts[0], date_shift=shifts[1])


def plan_signature(pdf: pymupdf.Document, notice: Notice,
                   current: Placement) -> tuple[float, float]:
    """Right-indent corrections that put the 署名 and 成文日期 where 7.3.5 wants them."""
    organ, date = find_signature(pdf, notice.signing_organ, format_date(notice.signature.date))
    if organ is None or date is None:
        raise LayoutError("生成的 PDF 中找不到发文机关署名和成文日期")
    if notice.signature.sealed:  # 7.3.5.1: 署名 centred on the date
        organ_error = organ.centre_x - date.centre_x
        date_error = 0.0
    else:  # 7.3.5.2: the date's first character two characters right of the 署名's
        # A positive error widens the right indent, moving the row left.
        shift = L.UNSEALED_DATE_SHIFT_CHARS * L.CHAR
        organ_error = 0.0
        date_error = date.x0 - (organ.x0 + shift)
        limit = L.MARGIN_LEFT + L.TYPE_AREA_WIDTH - L.UNSEALED_SIGN_RIGHT_CHARS * L.CHAR
        if date.x1 - date_error > limit + TOLERANCE:  # SIG-08: the date stops 2 characters in
            date_error = date.x1 - limit
            organ_error = organ.x0 - (date.x0 - date_error - shift)
    right_edge = L.MARGIN_LEFT + L.TYPE_AREA_WIDTH
    if organ_error < 0 and organ.x1 >= right_edge - TOLERANCE:
        organ_error = 0.0  # a 署名 wider than its room already ends at the 版心 edge
    if date_error < 0 and date.x1 >= right_edge - TOLERANCE:
        date_error = 0.0

    def settle(shift: float, error: float) -> float:
        return shift if abs(error) <= TOLERANCE else shift + error
    return settle(current.organ_shift, organ_error), settle(current.date_shift, date_error)


def fresh_page_top(notice: Notice, blank_page: bool) -> float:
    """Where the page body starts on a page of its own for the 版记: a portrait table's
    section starts at the 版心 top, a text section one row's leading above it."""
    last = notice.attachments[-1] if notice.attachments else None
    in_table_section = last is not None and last.table is not None and not last.table.landscape
    return L.PORTRAIT_TABLE.top if in_table_section and not blank_page else L.PORTRAIT.top


def plan_imprint(pdf: pymupdf.Document, notice: Notice, current: Placement) -> Placement:
    """Where the 版记 goes next, from where it landed (7.4.1 last face, 7.5 blank page)."""
    spot = find_imprint(pdf)
    pages = pdf.page_count
    if spot is None:
        raise LayoutError("生成的 PDF 中找不到版记（印发机关和印发日期一行及其分隔线）")
    last_page = spot.page + 1  # 1-based
    if not current.measured:  # first pass: the 版记 follows the content directly
        content_pages = last_page - 1 if spot.alone else last_page
        height = spot.last_rule.y - spot.first_rule.y
        # On a fresh page the body starts at the section's top margin: table sections start
        # lower than text ones, so aim low and let the next pass correct the rest.
        # The first rule is the top border of the paragraph right under the spacer.
        def fresh_page_spacer(blank: bool) -> float:
            top = fresh_page_top(notice, blank)
            return L.TYPE_AREA_BOTTOM - top - height - spot.first_rule.thickness / 2
        if not spot.alone and content_pages % 2 == 0:
            return Placement(current.imprint_spacer + L.TYPE_AREA_BOTTOM - spot.last_rule.y,
                             measured=True)
        if content_pages % 2 == 1:
            return Placement(fresh_page_spacer(False), imprint_new_page=True, measured=True)
        return Placement(fresh_page_spacer(True), imprint_new_page=True, blank_page=True,
                         measured=True)
    if last_page != pages or pages % 2:
        raise LayoutError(f"版记落在第 {last_page} 页，全文共 {pages} 页：版记应在偶数页的最后一面")
    error = L.TYPE_AREA_BOTTOM - spot.last_rule.y
    if abs(error) <= TOLERANCE:
        return current
    return replace(current, imprint_spacer=current.imprint_spacer + error)


def _publish(files: list[Path], out_dir: Path, stem: str) -> tuple[list[Path], list[Path]]:
    """Move finished files into ``out_dir``: all copied under temporary names first, then
    renamed into place. Files of the other formats left from an earlier build of the same
    data would no longer match, so they are removed (and reported)."""
    created = not out_dir.exists()
    staged: list[tuple[Path, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for source in files:
            temporary = out_dir / f".{source.name}.part"
            staged.append((temporary, out_dir / source.name))
            shutil.copyfile(source, temporary)
        for temporary, target in staged:
            os.replace(temporary, target)
        published = [target for _, target in staged]
        stale = [out_dir / f"{stem}.{kind}" for kind in FORMATS]
        removed = [path for path in stale if path not in published and path.exists()]
        for path in removed:
            path.unlink()
    except OSError as exc:
        if created and out_dir.is_dir() and not any(out_dir.iterdir()):
            out_dir.rmdir()
        raise OutputError(f"无法写入输出目录 {out_dir}：{exc.strerror}") from exc
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return published, removed


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
    source = load_file(data)
    notice = validate(source)
    errors = [finding for finding in lint(source) if finding.severity == ERROR]
    if errors:  # an unknown unit name would silently lose its rows
        raise LintError(errors)
    template = template or DEFAULT_TEMPLATE
    extracts = extract.plan(notice, units)
    out_dir = out_dir if out_dir is not None else Path("output") / safe_file_stem(data.stem) \
        / "units"
    with tempfile.TemporaryDirectory(prefix="docgen-extract-") as scratch:
        work = Path(scratch)
        documents: list[tuple[str, object]] = []
        names = unique_stems([e.unit for e in extracts])
        tables = dict(extract.task_tables(notice))
        for item, stem in zip(extracts, names, strict=True):
            table = extract.extract_table(tables[item.attachment], item,
                                          notice.units.report_column if notice.units else None)
            title = extract.extract_title(notice, item.unit)
            documents.append((stem, extract.render_extract(notice, table, title, template)))
        summary = extract.summary_rows(extracts)
        summary_title = extract.extract_title(notice, "汇总")
        documents.append(("汇总", extract.render_extract(
            notice, extract.summary_table(extracts), summary_title, template)))
        written = _convert_all(documents, work, formats, timeout, progress)
        csv_path = work / "汇总.csv"
        _write_csv(csv_path, extract.SUMMARY_COLUMNS, summary)
        files, removed = _publish_folder([*written, csv_path], out_dir)
        warnings_removed = [f"已删除上次生成的旧文件 {path}" for path in removed]
    orphans = extract.orphans(notice)
    warnings = [f"表格中 {'、'.join(orphans)} 项没有任何单位负责"] if orphans else []
    return ExtractResult(files, summary, orphans, warnings + warnings_removed)


def unique_stems(names: list[str]) -> list[str]:
    """Safe file names, made distinct in order (办公室, 办公室-2 …) when they collide."""
    stems: list[str] = []
    for name in names:
        stem = safe_file_stem(name)
        candidate, count = stem, 1
        while candidate.casefold() in (s.casefold() for s in stems):
            count += 1
            candidate = f"{stem}-{count}"
        stems.append(candidate)
    return stems


def _convert_all(documents: list[tuple[str, object]], work: Path, formats: tuple[str, ...],
                 timeout: float, progress: Callable[[Path], None] | None) -> list[Path]:
    """Save every document; convert them all at once on the pool when PDFs are wanted."""
    paths = []
    for stem, document in documents:
        path = work / f"{stem}.docx"
        document.save(path)
        paths.append(path)
    written = paths if "docx" in formats else []
    if "pdf" in formats:
        role_fonts = StyleBook(documents[0][1]).role_fonts()
        with Pool(write_fontconfig(work, role_fonts), timeout=timeout) as pool:
            written = written + pool.convert_all(paths, work, progress)
    return written


def _write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # Excel reads the BOM
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _publish_folder(files: list[Path], out_dir: Path) -> tuple[list[Path], list[Path]]:
    """Like _publish, for files of several stems (each stem's files published together)."""
    published: list[Path] = []
    removed: list[Path] = []
    for stem in dict.fromkeys(path.stem for path in files):
        paths, stale = _publish([p for p in files if p.stem == stem], out_dir, stem)
        published += paths
        removed += stale
    return published, removed


def write_revision_table(new_notice: Notice, result: diff.Diff, target: Path,
                         template: Path | None = None, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """The 修订对照表 as DOCX or PDF (by ``target``'s suffix), written atomically."""
    title = new_notice.title.replace("\n", "").removesuffix("的通知")
    document = extract.render_extract(new_notice, diff.revision_table(result),
                                      f"{title}修订对照表", template or DEFAULT_TEMPLATE)
    with tempfile.TemporaryDirectory(prefix="docgen-diff-") as scratch:
        work = Path(scratch)
        docx_path = work / f"{target.stem}.docx"
        document.save(docx_path)
        produced = docx_path
        if target.suffix.lower() == ".pdf":
            fontconfig = write_fontconfig(work, StyleBook(document).role_fonts())
            with Pool(fontconfig, workers=1, timeout=timeout) as pool:
                produced = pool.convert(docx_path, work)
        files, _ = _publish([produced], target.parent, target.stem)
    return files[0]
