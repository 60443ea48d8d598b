"""Where a placed seal sits against its 署名, 成文日期 and the body, and the 7.3.5.1 checks."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from docgen.pdf.seal import locate_signature, placed_seals
from docgen.standard import figures as L

ROW = L.LINE_PITCH


def seal_geometry(pdf: Path) -> dict[str, float]:
    """The seal against its 署名, 成文日期 and the last body line, in mm."""
    with pymupdf.open(pdf) as document:
        seals = placed_seals(document)
        assert len(seals) == 1, seals
        page_index, rect = seals[0]
        index, organ, date, last = locate_signature(document, pdf)
        assert index == page_index
    return {
        "centre_x": L.to_mm((rect.x0 + rect.x1) / 2), "date_centre_x": L.to_mm(date.centre_x),
        "centre_y": L.to_mm((rect.y0 + rect.y1) / 2), "organ_top": L.to_mm(organ.em_top),
        "top_gap": L.to_mm(rect.y0 - last.em_bottom), "row": L.to_mm(ROW),
        "x0": L.to_mm(rect.x0), "x1": L.to_mm(rect.x1), "bottom": L.to_mm(rect.y1),
        "date_top": L.to_mm(date.em_top), "diameter": L.to_mm(rect.width),
    }


def assert_seal_per_7351(pdf: Path) -> None:
    g = seal_geometry(pdf)
    assert abs(g["centre_x"] - g["date_centre_x"]) <= 2  # SIG-03
    assert g["centre_y"] < g["organ_top"]  # SIG-03 署名 and date below the centre
    assert 0 <= g["top_gap"] <= g["row"] + 1  # SIG-04 top within one row of the body
    assert g["bottom"] > g["date_top"]  # SIG-05 the seal presses on the date too
    assert g["x0"] >= 28 - 1 and g["x1"] <= 184 + 1  # 两端不得超出版心


def write_test_seal(target: Path) -> Path:
    """A plain red seal as an organisation's seal file would be (not docgen's specimen)."""
    target.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="42mm" height="42mm" '
        'viewBox="0 0 100 100"><circle cx="50" cy="50" r="46" fill="none" stroke="#e60000" '
        'stroke-width="5"/><circle cx="50" cy="50" r="12" fill="#e60000"/></svg>',
        encoding="utf-8")
    return target
