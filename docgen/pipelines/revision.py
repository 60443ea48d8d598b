"""The 修订对照表 of two notices as a DOCX or PDF."""

from __future__ import annotations

from pathlib import Path

from docgen.compose.extract import render_extract
from docgen.compose.template import StyleBook
from docgen.libreoffice.convert import DEFAULT_TIMEOUT
from docgen.libreoffice.fonts import write_fontconfig
from docgen.libreoffice.pool import Pool
from docgen.notice import diff, revision
from docgen.notice.model import Notice
from docgen.pipelines.publish import publish, scratch
from docgen.resources import DEFAULT_TEMPLATE
from docgen.standard import figures as L


def write_revision_table(new_notice: Notice, result: diff.Diff, target: Path,
                         template: Path | None = None, timeout: float = DEFAULT_TIMEOUT, *,
                         force: bool = False, inputs: tuple[Path, ...] = ()) -> Path:
    """The 修订对照表 as DOCX or PDF (by ``target``'s suffix), written atomically; never
    over an input, nor over a file someone edited unless ``force``."""
    title, subtitle = revision.revision_title(result, new_notice,
                                              L.TYPE_AREA_HEIGHT / L.TITLE_SIZE)
    document = render_extract(new_notice, revision.revision_table(result), title,
                              template or DEFAULT_TEMPLATE, subtitle=subtitle)
    with scratch("diff") as work:
        docx_path = work / f"{target.stem}.docx"
        document.save(docx_path)
        produced = docx_path
        if target.suffix.lower() == ".pdf":
            fontconfig = write_fontconfig(work, StyleBook(document).role_fonts())
            with Pool(fontconfig, workers=1, timeout=timeout) as pool:
                produced = pool.convert(docx_path, work)
        published = publish({target.name: produced}, target.parent, force=force, inputs=inputs)
    return published.files[0]
