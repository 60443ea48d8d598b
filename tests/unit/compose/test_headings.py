"""Headings in the DOCX: keep-with-next on heading lines and table captions, run-in headings
with only their heading part in the level's face (7.3.3)."""

from __future__ import annotations

import copy

from docx.oxml.ns import qn

from docgen.compose.notice import Placement, render_notice
from docgen.notice.extends import load_file
from docgen.notice.source import Source
from docgen.notice.validate import validate
from docgen.resources import DEFAULT_TEMPLATE, SAMPLE

SAMPLE_DATA = load_file(SAMPLE).data


def render(body: list, attachment_paragraphs: list | None = None):
    data = copy.deepcopy(SAMPLE_DATA)
    data["body"] = body
    if attachment_paragraphs is not None:
        data["attachments"][0]["paragraphs"] = attachment_paragraphs
    return render_notice(validate(Source("h.yaml", data)), DEFAULT_TEMPLATE, Placement())


def paragraph_with(document, text: str):
    return next(p for p in document.paragraphs if p.text == text)


def keeps_with_next(paragraph) -> bool:
    ppr = paragraph._p.pPr
    keep = ppr.find(qn("w:keepNext")) if ppr is not None else None
    return keep is not None and keep.get(qn("w:val")) in ("1", "true", None)


def faces(paragraph) -> list[tuple[str, str]]:
    return [(run.text, run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")))
            for run in paragraph.runs if run.text]


def test_heading_lines_keep_with_next():
    document = render(["一、总体要求", "正文一段。", "（一）工作目标", "正文二段。",
                       "1.具体任务", "正文三段。", "（1）细则", "正文四段。", "结尾一段。"])
    for heading in ("一、总体要求", "（一）工作目标", "1.具体任务", "（1）细则"):
        assert keeps_with_next(paragraph_with(document, heading)), heading
    assert not keeps_with_next(paragraph_with(document, "正文一段。"))


def test_run_in_heading_with_a_colon_sets_only_the_heading_in_kaiti():
    document = render(["（一）培训时间：2023年3月15日上午。", "结尾一段。"])
    paragraph = paragraph_with(document, "（一）培训时间：2023年3月15日上午。")
    assert faces(paragraph) == [("（一）培训时间：", "楷体_GB2312"),
                                ("2023年3月15日上午。", "仿宋_GB2312")]
    assert not keeps_with_next(paragraph)  # its text is on the same line


def test_run_in_heading_written_as_heading_and_text():
    document = render([{"heading": "（二）培训地点", "text": "，省厅三楼会议室。"}, "结尾。"])
    paragraph = paragraph_with(document, "（二）培训地点，省厅三楼会议室。")
    assert faces(paragraph) == [("（二）培训地点", "楷体_GB2312"),
                                ("，省厅三楼会议室。", "仿宋_GB2312")]


def test_a_long_sentence_with_a_late_colon_is_not_a_run_in_heading():
    text = "（三）各单位要按照省委省政府关于政务公开工作的部署要求认真落实以下事项：按时报送"
    document = render([text, "结尾。"])
    assert faces(paragraph_with(document, text)) == [(text, "楷体_GB2312")]


def test_a_table_caption_keeps_with_its_table():
    document = render(["正文。"], attachment_paragraphs=["表1 任务分工"])
    assert keeps_with_next(paragraph_with(document, "表1 任务分工"))
