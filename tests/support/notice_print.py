"""What a notice's data prints: the composed DOCX read back paragraph by paragraph (style and
text) and table by table (each cell with its position and spans).

Two data files that print the same are the same notice to a reader, whatever the data left
implied (defaults, levels, width ratios). Composing without LibreOffice keeps this fast; the
text does not depend on where the 版记 is placed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from docgen.compose.notice import render_notice
from docgen.compose.placement import Placement
from docgen.notice.source import dump_yaml, load_bytes
from docgen.notice.verdict import require
from docgen.resources import DEFAULT_TEMPLATE
from support.yaml_files import _as_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def data_of(path: Path) -> dict[str, Any]:
    """A data file's values as docgen reads them: every scalar as text."""
    return load_bytes(path.read_bytes(), path.name).data


def notice_of(data: dict[str, Any], name: str = "data.yaml"):
    """The validated notice of ``data`` (as a data file would give it; 【待定】 allowed)."""
    source = load_bytes(dump_yaml(_as_text(data)).encode("utf-8"), name)
    notice = require(source, draft=True).notice
    assert notice is not None
    return notice


def compose(data: dict[str, Any], target: Path) -> Path:
    """``data`` composed as docgen's DOCX (without the LibreOffice measuring passes)."""
    render_notice(notice_of(data), DEFAULT_TEMPLATE, Placement()).save(str(target))
    return target


def printed(data: dict[str, Any], folder: Path, name: str = "printed") -> list[Any]:
    """Every paragraph with text as (style, text); every table as its cells
    (row, column, rowspan as a restart/continue mark, colspan, text)."""
    import docx

    document = docx.Document(str(compose(data, folder / f"{name}.docx")))
    styles = {style.style_id: style.name for style in document.styles}
    out: list[Any] = []
    for child in document.element.body:
        if child.tag == f"{W}p":
            text = _text(child)
            if text.strip():
                out.append((_style(child, styles), text))
        elif child.tag == f"{W}tbl":
            out.append(_table(child))
    return out


def _style(p: etree._Element, styles: dict[str, str]) -> str:
    found = p.find(f"{W}pPr/{W}pStyle")
    return styles.get(found.get(f"{W}val"), "") if found is not None else ""


def _text(element: etree._Element) -> str:
    parts = []
    for node in element.iter(f"{W}t", f"{W}br", f"{W}tab"):
        parts.append(node.text or "" if node.tag == f"{W}t" else
                     "\n" if node.tag == f"{W}br" else "\t")
    return "".join(parts)


def _table(tbl: etree._Element) -> list[tuple[int, int, str, int, str]]:
    cells = []
    for r, tr in enumerate(tbl.findall(f"{W}tr")):
        for c, tc in enumerate(tr.findall(f"{W}tc")):
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            cells.append((r, c, "" if merge is None else merge.get(f"{W}val") or "continue",
                          int(span.get(f"{W}val")) if span is not None else 1,
                          "\n".join(_text(p) for p in tc.findall(f"{W}p"))))
    return cells
