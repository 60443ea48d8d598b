"""The build: data → validated notice → DOCX → PDF, with the 版记 placed by measurement.

The one module that imports every stage. Nothing lands in the output folder until every
stage has succeeded; files are written under a temporary name and renamed into place.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

from docgen.compose.glyphs import glyph_problems
from docgen.compose.notice import render_notice
from docgen.compose.placement import Placement
from docgen.compose.table import tall_rows
from docgen.compose.template import StyleBook
from docgen.errors import ConversionError, DataError, LayoutError
from docgen.filenames import safe_file_stem
from docgen.libreoffice.convert import DEFAULT_TIMEOUT
from docgen.libreoffice.fonts import FontUse, resolve, write_fontconfig
from docgen.libreoffice.pool import Pool
from docgen.notice.extends import load_file
from docgen.notice.model import Notice
from docgen.notice.next_year import pending
from docgen.notice.source import Source
from docgen.notice.verdict import require
from docgen.pdf.measure import open_pdf
from docgen.pdf.metadata import write_metadata
from docgen.pdf.pdfa import pdfa_problems
from docgen.pipelines.placement import plan
from docgen.pipelines.publish import FORMATS, preflight, publish, scratch
from docgen.resources import DEFAULT_TEMPLATE
from docgen.tempdirs import private_folder

MAX_PASSES = 6  # a first pass, one more if 7.3.5.5 tightens the 主体, then the 版记's


@dataclass
class BuildResult:
    files: list[Path]
    fonts: list[FontUse]
    pages: int
    warnings: list[str] = field(default_factory=list)
    passes: int = 0
    backups: list[Path] = field(default_factory=list)  # replaced files kept (force)
    placement: Placement | None = None  # where the passes settled


def build(data: Path, out_dir: Path | None = None, formats: tuple[str, ...] = FORMATS,
          template: Path | None = None, timeout: float = DEFAULT_TIMEOUT,
          draft: bool = False, pdfa: bool = False, force: bool = False) -> BuildResult:
    """Build the notice; a ``draft`` may still hold 【待定】 (shown as such) and 【待核】;
    ``pdfa`` exports PDF/A-2b for archiving; ``force`` replaces outputs someone edited
    (keeping them as .bak)."""
    source = load_file(data)
    verdict = require(source, draft=draft)  # the same verdict as lint's
    notice = verdict.notice
    assert notice is not None
    stem = safe_file_stem(data.stem)
    out_dir = out_dir if out_dir is not None else Path("output") / stem
    preflight([f"{stem}.{kind}" for kind in formats], out_dir, force=force, inputs=[data])
    with scratch("build") as work:
        result = _build_in(notice, stem, work, template or DEFAULT_TEMPLATE, timeout, pdfa,
                           draft, source)
        names = {f"{stem}.{kind}": work / f"{stem}.{kind}" for kind in formats}
        published = publish(names, out_dir, force=force, inputs=[data])
        result.files, result.backups = published.files, published.backups
        result.warnings = [finding.render() for finding in verdict.warnings] + result.warnings
        result.warnings += _earlier_outputs(out_dir, stem, formats)
    return result


def _build_in(notice: Notice, stem: str, work: Path, template: Path,
              timeout: float, pdfa: bool = False, draft: bool = False,
              source: Source | None = None,
              pools: WarmPools | None = None, start: Placement | None = None) -> BuildResult:
    docx_path = work / f"{stem}.docx"
    placement = start or Placement()
    document = render_notice(notice, template, placement, draft)
    role_fonts = StyleBook(document).role_fonts()
    fontconfig = write_fontconfig(work, role_fonts)
    fonts = resolve(role_fonts, fontconfig)
    if source is not None:
        refuse_missing_glyphs(source, notice, fonts)
    # The passes run in turn on one worker.
    with (contextlib.nullcontext(pools.pool_for(fontconfig)) if pools is not None
          else Pool(fontconfig, workers=1, timeout=timeout, pdfa=pdfa)) as converter:
        for passes in range(1, MAX_PASSES + 1):  # noqa: B007 - reported after the loop
            document.save(docx_path)
            pdf_path = converter.convert(docx_path, work)
            next_placement = plan(pdf_path, notice, placement)
            if next_placement == placement:
                break
            placement = next_placement
            document = render_notice(notice, template, placement, draft)
        else:
            raise LayoutError("版记未能排到最后一页的版心底部",
                              hint="请把这份数据和 docgen 版本一并报告给维护者。")
    with open_pdf(pdf_path) as pdf:
        pages = pdf.page_count
    write_metadata(pdf_path, notice, draft)
    if pdfa and (problems := pdfa_problems(pdf_path)):
        raise ConversionError("LibreOffice 导出的 PDF 不符合 PDF/A-2b：" + "；".join(problems))
    return BuildResult([], fonts, pages, table_warnings(notice),
                       passes, placement=placement)


def _earlier_outputs(out_dir: Path, stem: str, formats: tuple[str, ...]) -> list[str]:
    """Outputs of the other format, left from an earlier build: kept (they may be someone's),
    but named, since they may no longer match the data."""
    return [f"{path} 是更早一次生成的，可能与本次生成的内容不一致（未删除）"
            for kind in FORMATS if kind not in formats
            if (path := out_dir / f"{stem}.{kind}").exists()]


def refuse_missing_glyphs(source: Source, notice: Notice, fonts: list[FontUse]) -> None:
    """Characters the role's font lacks would print as boxes (the text layer keeps them)."""
    by_role = {use.role: use for use in fonts}

    def covers(role: str, character: str) -> bool:
        use = by_role.get(role)
        return use is None or use.covers(character)
    problems = glyph_problems(source, notice, covers)
    if problems:
        served = "、".join(f"{use.role}（{use.face}）" for use in fonts)
        raise DataError(problems, hint=f"改用字体中有的字（如以图片或文字说明代替表情符号），或把"
                                       f"含这些字的授权字体放进字体文件夹。当前字体：{served}")


def table_warnings(notice: Notice) -> list[str]:
    return [f"附件{index + 1}的表格第 {row} 行高于一页，只能跨页断开"
            for index, attachment in enumerate(notice.attachments) if attachment.table
            for row in tall_rows(attachment.table)]


class WarmPools:
    """Running LibreOffice workers kept between builds, one pool per font set (the desk's
    preview rebuilds after every edit; starting LibreOffice each time would cost seconds).
    Close it when done."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self._folder = private_folder("warm")
        self._pools: dict[str, Pool] = {}
        self._lock = threading.Lock()

    def pool_for(self, fontconfig: Path) -> Pool:
        text = fontconfig.read_text(encoding="utf-8")
        with self._lock:
            pool = self._pools.get(text)
            if pool is None:
                kept = self._folder / f"fonts-{len(self._pools)}.conf"
                kept.write_text(text, encoding="utf-8")
                pool = self._pools[text] = Pool(kept, workers=1, timeout=self.timeout)
                pool.warm()
            return pool

    def close(self) -> None:
        with self._lock:
            for pool in self._pools.values():
                pool.close()
            self._pools.clear()
        shutil.rmtree(self._folder, ignore_errors=True)


def build_preview_pdf(source: Source, work: Path, pools: WarmPools,
                      template: Path | None = None,
                      start: Placement | None = None) -> tuple[Path, BuildResult]:
    """The notice in ``source`` as a PDF in ``work`` on warm workers: as it will be issued,
    or marked 草稿 while 【待定】 or 【待核】 remain. Raises VerdictError when the data cannot
    be built at all. ``start``, the placement of the previous preview, saves passes: after a
    small edit the 版记 usually stays where it was, and one pass confirms it."""
    draft = bool(pending(source))
    verdict = require(source, draft=draft)
    assert verdict.notice is not None
    stem = safe_file_stem(Path(source.file).stem)
    result = _build_in(verdict.notice, stem, work, template or DEFAULT_TEMPLATE,
                       pools.timeout, draft=draft, source=source, pools=pools, start=start)
    return work / f"{stem}.pdf", result
