"""docgen diff --format pdf: the 修订对照表 through LibreOffice."""


from __future__ import annotations

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
