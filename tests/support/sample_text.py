"""The sample notice's YAML text, and copies of it with a few edits: bad or changed data made
the way a clerk would make it, by editing the file."""

from __future__ import annotations

import re
from pathlib import Path

from docgen.resources import SAMPLE

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")

Edit = tuple[str, str]  # (old, new): replace the first occurrence of old


def sample_line(prefix: str) -> str:
    """The whole first sample line that starts with ``prefix``, newline included."""
    match = re.search(rf"^{re.escape(prefix)}.*\n", SAMPLE_TEXT, re.MULTILINE)
    assert match, f"sample has no line starting with {prefix!r}"
    return match.group()


def edit(*edits: Edit) -> str:
    text = SAMPLE_TEXT
    for old, new in edits:
        assert old in text, f"sample no longer contains {old!r}"
        text = text.replace(old, new, 1)
    return text


def edited_copy(tmp_path: Path) -> Path:
    """The sample with a new 文号, a changed phrase, a reassigned row, a removed and an added
    requirement."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("doc_number: 晋文旅办发〔2022〕46号", "doc_number: 晋文旅办发〔2023〕5号")
    text = text.replace("网站年度报表等公开工作", "网站年度报表和统计数据等公开工作")
    text = text.replace("责任处室: 办公室牵头,各相关处室配合\n        - 序号: 3",
                        "责任处室: 办公室牵头,法规处配合\n        - 序号: 3")
    removed = (" " * 16 + "- 具体要求: 积极与新闻媒体联系，利用媒体对政策进行有效解读和宣传。\n"
               + " " * 18 + "责任处室: 办公室\n")
    text = text.replace(removed, "")
    text = text.replace("            - 工作内容: 整改落实情况",
                        "            - 工作内容: 政务公开培训\n              items:\n"
                        "                - 具体要求: 组织全厅政务公开业务培训。\n"
                        "                  责任处室: 办公室\n"
                        "            - 工作内容: 整改落实情况")
    path = tmp_path / "edited.yaml"
    path.write_text(text, encoding="utf-8")
    return path
