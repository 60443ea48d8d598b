"""Properties that hold for any input: text survives rendering unchanged, titles break into
lines that rebuild the title, tables get one grid row per detail row."""

from __future__ import annotations

import copy
import itertools
import string

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.compose.notice import Placement, render_notice
from docgen.compose.table import flatten
from docgen.notice.extends import load_file
from docgen.notice.source import Source
from docgen.notice.validate import validate
from docgen.resources import DEFAULT_TEMPLATE, SAMPLE
from docgen.standard.title_break import break_title
from docgen.standard.typeset import text_units

SAMPLE_DATA = load_file(SAMPLE).data
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCTUATION = st.sampled_from(list("，。、；：？！“”‘’（）《》〔〕【】—…·&<>\"'{}%#$"))
ASCII = st.sampled_from(list(string.ascii_letters + string.digits + " .,;:!?()[]/-_"))
TEXT = st.text(st.one_of(CJK, PUNCTUATION, ASCII), min_size=1, max_size=120).filter(
    lambda text: text.strip() == text and text.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraph=TEXT, cell=TEXT)
def test_any_text_survives_rendering_unchanged(tmp_path_factory, paragraph, cell):
    data = copy.deepcopy(SAMPLE_DATA)
    data["body"] = [{"text": paragraph, "level": "0"}]
    data["attachments"][0]["table"]["rows"][0]["items"][0]["items"][0]["具体要求"] = cell
    notice = validate(Source("property.yaml", data))
    path = tmp_path_factory.mktemp("prop") / "n.docx"
    render_notice(notice, DEFAULT_TEMPLATE, Placement()).save(path)
    document = Document(path)
    assert paragraph in [p.text for p in document.paragraphs]
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert cell in cells


@settings(deadline=None)
@given(title=st.text(st.one_of(CJK, st.sampled_from(list("2023年关于的通知、"))),
                     min_size=1, max_size=70))
def test_title_lines_rebuild_the_title_and_fit(title):
    lines = break_title(title, 20)
    assert "".join(lines) == title
    assert all(text_units(line) <= 20 for line in lines)
    widths = [text_units(line) for line in lines]
    if len(lines) <= 4:
        assert not any(widths[i] < widths[i - 1] and widths[i] < widths[i + 1]
                       for i in range(1, len(widths) - 1))  # never an hourglass (7.3.1)


@given(groups=st.lists(st.lists(st.integers(min_value=1, max_value=4), min_size=1,
                                max_size=4), min_size=1, max_size=6))
def test_one_grid_row_per_detail_row(groups):
    rows = []
    for g, contents in enumerate(groups):
        items = [{"工作内容": f"内容{g}-{c}",
                  "items": [{"具体要求": f"要求{g}-{c}-{r}", "责任处室": "办公室"}
                            for r in range(count)]}
                 for c, count in enumerate(contents)]
        rows.append({"序号": str(g + 1), "重点任务": f"任务{g}", "items": items})
    data = copy.deepcopy(SAMPLE_DATA)
    data["attachments"][0]["table"]["rows"] = rows
    table = validate(Source("property.yaml", data)).attachments[0].table
    grid = flatten(table)
    assert len(grid) == sum(sum(contents) for contents in groups)
    requirements = [line[3].text for line in grid]
    assert len(set(requirements)) == len(requirements)  # nothing lost, nothing repeated
    for column in (0, 1, 2):
        for above, below in itertools.pairwise(grid):
            if below[column].merge == "continue":
                assert above[column].merge in ("restart", "continue")
