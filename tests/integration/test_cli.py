"""The command line: help, default output folder, error classes, the tall-row exception."""


from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from support.yaml_files import load_yaml, write_yaml

from docgen.cli import main
from docgen.errors import ExitCode
from docgen.resources import SAMPLE


def test_help_reads_in_chinese():
    result = CliRunner().invoke(main, ["build", "--help"])
    assert result.exit_code == 0
    assert "输出目录" in result.output and "--format" in result.output


def test_default_build_writes_the_sample_under_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    folder = Path("output") / SAMPLE.stem
    assert sorted(p.name for p in folder.iterdir()) == [".docgen-outputs.json",  # what it wrote
                                                       f"{SAMPLE.stem}.docx",
                                                       f"{SAMPLE.stem}.pdf"]
    assert f"已生成 {folder / SAMPLE.stem}.pdf" in result.output
    assert re.search(r"仿宋：“仿宋_GB2312” → .+（替代字体", result.output)


def test_missing_data_file_is_a_data_error(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "没有.yaml"),
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == ExitCode.DATA
    assert "无法读取数据文件" in result.stderr
    assert not (tmp_path / "out").exists()


def test_unwritable_output_is_an_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(blocker / "out"),
                                       "--format", "docx"])
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert "无法写入输出目录" in result.stderr


def test_a_row_taller_than_a_page_is_the_only_one_allowed_to_split(tmp_path):
    data = load_yaml(SAMPLE)
    first = data["attachments"][0]["table"]["rows"][0]["items"][0]["items"][0]
    first["具体要求"] = "按要求完成各项公开工作并及时报送有关情况。" * 120
    path = write_yaml(data, tmp_path / "tall.yaml")
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "附件1的表格第 1 行高于一页，只能跨页断开" in result.stderr
    table = Document(tmp_path / "out" / "tall.docx").tables[0]._tbl
    rows = table.findall(qn("w:tr"))
    assert rows[1].find(qn("w:trPr") + "/" + qn("w:cantSplit")) is None
    assert all(row.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None
               for row in rows[2:])


# -- issue #11: crashes, --debug, active content, quiet output when redirected ---------------

def boom(*args, **kwargs):
    raise RuntimeError("模拟的内部错误")


def test_a_crash_prints_a_message_and_a_log_path_and_exits_internal(tmp_path, monkeypatch):
    from docgen import api
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(api, "lint", boom)
    result = CliRunner().invoke(main, ["lint", str(SAMPLE)])
    assert result.exit_code == ExitCode.INTERNAL == 70
    assert result.exit_code != ExitCode.FINDINGS
    assert "Traceback" not in result.output
    assert "docgen 内部出错（RuntimeError：模拟的内部错误）" in result.stderr
    log = Path(re.search(r"详细信息已写入 (\S+\.log)", result.stderr).group(1))
    assert log.parent == tmp_path / ".cache" / "docgen"
    assert "Traceback" in log.read_text(encoding="utf-8") and "boom" in log.read_text("utf-8")


def test_debug_on_docgen_itself_shows_the_traceback_of_a_crash(tmp_path, monkeypatch):
    from docgen import api
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(api, "lint", boom)
    result = CliRunner().invoke(main, ["--debug", "lint", str(SAMPLE)])
    assert result.exit_code == ExitCode.INTERNAL
    assert "Traceback" in result.stderr and "RuntimeError" in result.stderr


def test_a_build_carries_nothing_active_from_its_template(tmp_path):
    from support.hostile_docx import active_template, assert_nothing_active
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "--template",
                                       str(active_template(tmp_path)), "-o",
                                       str(tmp_path / "out"), "--format", "docx"])
    assert result.exit_code == 0, result.output
    docx = tmp_path / "out" / f"{SAMPLE.stem}.docx"
    assert_nothing_active(docx)
    assert "链接" in Document(docx).paragraphs[1].text  # the link's text stays


def test_a_docx_only_build_prints_no_font_report(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path / "out"),
                                       "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert "字体：" not in result.output and "替代字体" not in result.output


def test_extract_writes_no_progress_line_when_not_on_a_terminal(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(SAMPLE), "-o", str(tmp_path / "units"),
                                       "--format", "pdf", "--unit", "法规处"])
    assert result.exit_code == 0, result.output
    assert "转换中" not in result.stderr and "\r" not in result.output
