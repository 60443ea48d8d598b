"""Page images of the notice as it stands, rebuilt on warm LibreOffice workers after each save.

One build at a time (the desk is one clerk's); the pages of the latest version are kept so
that the browser fetches them as plain images. With ``checked`` the `docgen check` findings
are drawn on the pages.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import DocgenError
from docgen.notice.source import load_bytes

PREVIEW_DPI = 60  # an A4 page 500 px wide: readable in a side panel, cheap to render


@dataclass
class Pages:
    version: str
    images: list[bytes] = field(default_factory=list)
    pdf: bytes = b""
    error: str = ""  # why there is no preview (the data cannot be built)
    checked: list[bytes] | None = None  # with the check findings drawn, made on request
    findings: list[str] = field(default_factory=list)  # check WARN/FAIL lines, with checked


class Previewer:
    def __init__(self) -> None:
        from docgen.pipelines.build import WarmPools

        self._pools = WarmPools()
        self._lock = threading.Lock()
        self._latest: dict[str, Pages] = {}
        self._placements: dict[str, object] = {}  # name → where the last preview settled

    def close(self) -> None:
        self._pools.close()

    def pages(self, name: str, path: Path, version: str, text: str) -> Pages:
        with self._lock:
            cached = self._latest.get(name)
            if cached is not None and cached.version == version:
                return cached
            pages = self._render(name, path, version, text)
            self._latest[name] = pages
            return pages

    def latest(self, name: str, version: str) -> Pages | None:
        """The pages made for ``version`` of the notice, if they are still the latest."""
        with self._lock:
            pages = self._latest.get(name)
            return pages if pages is not None and pages.version == version else None

    def checked(self, name: str, version: str) -> Pages | None:
        """The latest pages with `docgen check` drawn on them (computed once per version)."""
        with self._lock:
            pages = self._latest.get(name)
            if pages is None or pages.version != version or not pages.pdf:
                return None
            if pages.checked is None:
                pages.checked, pages.findings = _check(pages.pdf)
            return pages

    def _render(self, name: str, path: Path, version: str, text: str) -> Pages:
        import pymupdf

        from docgen.notice.extends import load_file
        from docgen.pipelines.build import build_preview_pdf
        from docgen.pipelines.publish import scratch

        try:
            # the text read with the version, so the pages match it; extends from disk
            source = load_file(path) if "extends" in text else load_bytes(
                text.encode("utf-8"), str(path))
            with scratch("preview") as work:
                pdf, result = build_preview_pdf(source, work, self._pools,
                                                start=self._placements.get(name))
                self._placements[name] = result.placement
                with pymupdf.open(pdf) as document:
                    images = [page.get_pixmap(dpi=PREVIEW_DPI).tobytes("png")
                              for page in document]
                return Pages(version, images, pdf.read_bytes())
        except DocgenError as error:
            return Pages(version, error=error.render())


def _check(pdf: bytes) -> tuple[list[bytes], list[str]]:
    from docgen.checks import annotate, check_pdf
    from docgen.pipelines.publish import scratch

    with scratch("preview") as work:
        path = work / "preview.pdf"
        path.write_bytes(pdf)
        report = check_pdf(path)
        drawn = annotate(report, path, work / "checked.png")  # in page order
        images = [png.read_bytes() for png in drawn]
    return images, [finding.line() for finding in report.findings if finding.status != "PASS"]
