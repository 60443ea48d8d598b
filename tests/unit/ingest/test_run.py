"""import_file's dispatch: files measured before any reader opens them; a reader that this
version lacks is named, not a traceback."""

from __future__ import annotations

import pytest
from support.hostile_docx import hostile

from docgen.errors import ExitCode, UsageError
from docgen.ingest.limits import ImportRefusedError
from docgen.ingest.run import _reader, read


def test_a_hostile_docx_is_refused_before_any_reader_opens_it(tmp_path):
    path = hostile(tmp_path, name="炸弹.docx",
                   parts={"word/media/bomb.bin": bytes(20 * 1024 * 1024)})
    with pytest.raises(ImportRefusedError, match="压缩炸弹"):
        read(path)


def test_a_reader_this_version_lacks_is_named(tmp_path):
    with pytest.raises(ImportRefusedError) as caught:
        _reader("docgen.ingest.no_such_reader", "read", "某种文件", tmp_path / "x.abc")
    assert caught.value.exit_code == ExitCode.DATA
    assert "还不能导入某种文件（x.abc）" in caught.value.render()


def test_an_unknown_suffix_or_a_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match=r"\.xlsx"):
        read(tmp_path / "表.numbers")
    with pytest.raises(UsageError, match="找不到"):
        read(tmp_path / "没有.xlsx")
