"""The committed red-header template is what its recipe makes."""


from __future__ import annotations

from docx import Document

from docgen.compose.recipe import make_red_header
from docgen.resources import DEFAULT_TEMPLATE


def test_the_committed_template_matches_its_recipe(tmp_path):
    fresh = tmp_path / "redhead.docx"
    make_red_header(fresh)
    ours, theirs = Document(DEFAULT_TEMPLATE), Document(fresh)
    assert [p.text for p in ours.paragraphs] == [p.text for p in theirs.paragraphs]
    assert {s.name for s in ours.styles} == {s.name for s in theirs.styles}
