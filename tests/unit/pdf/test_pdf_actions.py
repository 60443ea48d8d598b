"""Actions in a PDF (JavaScript, /Launch, /OpenAction, /AA) anywhere in the file are found
and reported by the PDF/A check; names inside strings are not."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from docgen.pdf.pdfa import action_problems, pdfa_problems


def _pdf(tmp_path: Path, change) -> Path:
    document = pymupdf.open()
    document.new_page()
    document.new_page()
    change(document)
    target = tmp_path / "x.pdf"
    document.save(target)
    return target


def _open_action_js(document: pymupdf.Document) -> None:
    document.xref_set_key(document.pdf_catalog(), "OpenAction",
                          "<</S/JavaScript/JS(app.alert\\(1\\))>>")


def _names_tree_js(document: pymupdf.Document) -> None:
    action = document.get_new_xref()
    document.update_object(action, "<</S/JavaScript/JS(app.alert\\(2\\))>>")
    document.xref_set_key(document.pdf_catalog(), "Names",
                          f"<</JavaScript<</Names[(a) {action} 0 R]>>>>")


def _page_additional_action(document: pymupdf.Document) -> None:
    document.xref_set_key(document[1].xref, "AA", "<</O<</S/J#61vaScript/J#53(x)>>>>")


def _launch_link(document: pymupdf.Document) -> None:
    document[0].insert_link({"kind": pymupdf.LINK_LAUNCH, "file": "/bin/sh",
                             "from": pymupdf.Rect(10, 10, 50, 50)})


def _open_action_goto(document: pymupdf.Document) -> None:
    action = document.get_new_xref()
    document.update_object(action, f"<</S/GoTo/D[{document[1].xref} 0 R/Fit]>>")
    document.xref_set_key(document.pdf_catalog(), "OpenAction", f"{action} 0 R")


@pytest.mark.parametrize("change,expected", [
    (_open_action_js, "JavaScript"), (_names_tree_js, "JavaScript"),
    (_page_additional_action, "/AA"), (_launch_link, "/Launch"),
    (_open_action_goto, "/OpenAction")])
def test_pdfa_check_reports_actions_anywhere(tmp_path: Path, change, expected: str) -> None:
    pdf = _pdf(tmp_path, change)
    assert any(expected in problem for problem in pdfa_problems(pdf)), pdfa_problems(pdf)


def test_a_page_to_open_at_and_names_in_strings_are_no_action(tmp_path: Path) -> None:
    def harmless(document: pymupdf.Document) -> None:  # what LibreOffice writes
        document.xref_set_key(document.pdf_catalog(), "OpenAction",
                              f"[{document[0].xref} 0 R/XYZ null null 0]")
        document.set_metadata({"title": "关于 /JS 与 /Launch (/AA) 的说明"})

    with pymupdf.open(_pdf(tmp_path, harmless)) as document:
        assert action_problems(document) == []
