"""docgen diff --format pdf: the 修订对照表 through LibreOffice."""


from __future__ import annotations

from click.testing import CliRunner

from docgen.cli import main
from docgen.resources import SAMPLE


def edited(tmp_path):
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


def test_the_revision_table_as_pdf(tmp_path):
    import pymupdf
    target = tmp_path / "对照.pdf"
    result = CliRunner().invoke(main, ["diff", str(SAMPLE), str(edited(tmp_path)),
                                       "--format", "pdf", "-o", str(target)])
    assert result.exit_code == 1, result.output  # different, and the table written
    with pymupdf.open(target) as pdf:
        text = "".join(page.get_text() for page in pdf).replace("\n", "")
    assert "修订对照表" in text and "原内容" in text and "修改后内容" in text
    assert "【和统计数据】" in text.replace(" ", "")
