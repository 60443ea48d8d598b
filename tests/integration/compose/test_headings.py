"""A heading at a page's foot goes to the next page with its text (keep-with-next)."""

from __future__ import annotations

from support.yaml_files import load_yaml, write_yaml

from docgen.pdf.measure import lines
from docgen.resources import SAMPLE


def test_a_heading_never_stands_alone_at_the_foot_of_a_page(build_cache, tmp_path):
    data = load_yaml(SAMPLE)
    data.pop("recipients")
    data["attachments"] = []
    # Page 1 holds 8 body rows under this masthead and title: the heading falls on the 8th.
    data["body"] = [f"这是第{n}段正文内容。" for n in range(1, 8)] + [
        "三、有关要求", "各单位要高度重视，认真落实。", "这是结尾一段。"]
    built = build_cache("heading-at-foot", write_yaml(data, tmp_path / "h.yaml"))
    page_of = {row.text: index for index, page in enumerate(built.pdf)
               for row in lines(page)}
    assert page_of["三、有关要求"] == page_of["各单位要高度重视，认真落实。"]
    assert page_of["这是第7段正文内容。"] == 0  # the page was indeed full up to the heading
