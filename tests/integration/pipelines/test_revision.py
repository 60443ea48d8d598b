"""docgen diff --format pdf: the 修订对照表 through LibreOffice."""


from __future__ import annotations

import re

from click.testing import CliRunner
from support.sample_text import edited_copy

from docgen.cli import main
from docgen.resources import SAMPLE


def test_the_revision_table_as_pdf(tmp_path):
    import pymupdf
    target = tmp_path / "对照.pdf"
    result = CliRunner().invoke(main, ["diff", str(SAMPLE), str(edited_copy(tmp_path)),
                                       "--format", "pdf", "-o", str(target)])
    assert result.exit_code == 1, result.output  # different, and the table written
    with pymupdf.open(target) as pdf:
        text = "".join(page.get_text() for page in pdf).replace("\n", "")
    assert "修订对照表" in text and "原内容" in text and "修改后内容" in text
    assert "【和统计数据】" in text.replace(" ", "")


def test_the_revision_table_of_a_bigger_edit_reads_as_the_notice_is_printed(tmp_path):
    import pymupdf
    from support.sample_text import edit
    new = tmp_path / "2023.yaml"
    new.write_text(edit(("发〔2022〕46号    #", "发〔2023〕12号    #"),
                        ("办公室关于印发2022年", "办公室关于印发2023年"),
                        ("办公室把关,各处室落实", "办公室把关，各处室落实"),
                        ("印发 2022 年度", "印发2022年度"),
                        ("行政审批处牵头，发展中心配合", "行政审批处牵头，法规处配合")),
                   encoding="utf-8")
    target = tmp_path / "对照.pdf"
    result = CliRunner().invoke(main, ["diff", str(SAMPLE), str(new), "--format", "pdf",
                                       "-o", str(target)])
    assert result.exit_code == 1, result.output
    with pymupdf.open(target) as pdf:
        page = pdf[0]
        text = page.get_text().replace("\n", "").replace(" ", "").replace("\u3000", "")
        for header in ("序号", "位置", "说明"):  # each on one line: found whole, once
            assert len(page.search_for(header)) >= 1, header
    assert "《关于印发2023年政务公开重点工作任务分工的通知》修订对照表" in text
    assert "（原晋文旅办发〔2022〕46号修订后晋文旅办发〔2023〕12号）" in text
    assert "晋文旅办发〔【2023】〕【12】号" in text
    assert "标点、全半角修正2处" in text and "调整分工：配合由发展中心改为法规处" in text
    assert "序号2第1行" in text and not re.search(r"任务\d", text)
