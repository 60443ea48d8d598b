"""Bad data files: `docgen build` refuses them with exit 3, located Chinese messages, no output.

Each bad file is the sample notice (data/jinwenlv-ban-2022-46.yaml) with a few text edits.
All of these fail in loading or validation, so none of them reaches LibreOffice.
"""


from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from support.sample_text import SAMPLE_TEXT, Edit, edit, sample_line

from docgen.cli import main
from docgen.errors import ExitCode


# ── building bad files ─────────────────────────────────────────────────────────────────────
def _block(header: str) -> str:
    """The sample line starting with ``header`` plus the more-indented lines under it."""
    lines = SAMPLE_TEXT.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    indent = len(header) - len(header.lstrip(" "))
    end = start + 1
    while end < len(lines) and len(lines[end]) - len(lines[end].lstrip(" ")) > indent:
        end += 1
    return "".join(lines[start:end])


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first occurrence of ``fragment`` in ``text``."""
    assert fragment in text, fragment
    return text[: text.index(fragment)].count("\n") + 1


def build(tmp_path: Path, text: str) -> tuple[Result, Path, Path]:
    """Run ``docgen build bad.yaml -o out``; returns the result, the data file and out dir."""
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    out_dir = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out_dir)])
    return result, path, out_dir


def assert_refused(result: Result, out_dir: Path) -> None:
    """Exit 3, the Chinese summary on stderr, nothing announced and nothing written."""
    assert result.exit_code == ExitCode.DATA, (result.output, result.exception)
    assert "处问题，未生成任何文件。" in result.stderr
    assert "已生成" not in result.output
    assert not out_dir.exists() or not any(out_dir.iterdir())


def find_problem(stderr: str, file: Path, path: str, fragment: str) -> int:
    """The line number of the reported problem ``file:line:column: path: …fragment…``."""
    head = re.escape(str(file)) + r":(\d+):(\d+): "
    if path:
        head += re.escape(path) + ": "
    pattern = head + r"[^\n]*" + re.escape(fragment)
    match = re.search(pattern, stderr)
    assert match, f"no problem matching {pattern!r} in:\n{stderr}"
    return int(match.group(1))


# ── the cases ──────────────────────────────────────────────────────────────────────────────
# (old, new) edits; then the problems expected: (key path, message fragment, text on the line
# the problem must point at, or None when the line is not pinned down).
TITLE_LINE = sample_line("title:")


DOC_NUMBER = "doc_number: 晋文旅办发〔2022〕46号"


SIGNATURE_DATE = "  date: 2022-05-20"


FIRST_DUTY = "                  责任处室: 办公室\n"  # the first detail row's 责任处室 cell


SECOND_PARAGRAPH = "  - 特此通知。\n"


FIRST_DETAIL_ROW = "attachments[0].table.rows[0].items[0].items[0]"


CASES = [
    pytest.param(
        [(TITLE_LINE, "")],
        [("title", "缺少必填字段", None)],
        id="missing-title",
    ),
    pytest.param(
        [(_block("body:"), "body:\n  text: 特此通知。\n")],
        [("body", "应为列表（- 开头的若干项）", "text: 特此通知。")],
        id="body-is-a-mapping",
    ),
    pytest.param(
        [(_block("signature:"), "signature: 山西省文化和旅游厅办公室\n")],
        [("signature", "应为键值映射", "signature:")],
        id="signature-is-a-string",
    ),
    pytest.param(
        [(DOC_NUMBER, "doc_number: 晋文旅办发[2022]46号")],
        [("doc_number", "的年份须用六角括号〔〕括入", "晋文旅办发[2022]46号")],
        id="doc-number-square-brackets",
    ),
    pytest.param(
        [(DOC_NUMBER, "doc_number: 晋文旅办发〔2022〕第46号")],
        [("doc_number", "的序号不加“第”字", "晋文旅办发〔2022〕第46号")],
        id="doc-number-with-di",
    ),
    pytest.param(
        [(DOC_NUMBER, "doc_number: 晋文旅办发〔2022〕046号")],
        [("doc_number", "的序号不编虚位，不写 01、001", "晋文旅办发〔2022〕046号")],
        id="doc-number-leading-zero",
    ),
    pytest.param(
        [(SIGNATURE_DATE, "  date: 2022-02-30")],
        [("signature.date", "日期“2022-02-30”不存在", "2022-02-30")],
        id="impossible-date",
    ),
    pytest.param(
        [("  sealed: true", "  sealed: no")],
        [("signature.sealed", "应为 true 或 false，而不是“no”", "sealed: no")],
        id="yaml11-boolean-word-not-guessed",
    ),
    pytest.param(
        [("mark: 山西省", 'mark: "山西省')],
        [("", "YAML 语法错误", None)],  # reported at the end of the file, not the quote
        id="syntax-unclosed-quote",
    ),
    pytest.param(
        [("  name: 山西省文化和旅游厅办公室  ", "   name: 山西省文化和旅游厅办公室  ")],
        [("", "YAML 语法错误", "   name: 山西省")],
        id="syntax-bad-indentation",
    ),
    pytest.param(
        [("\ntitle:", "\ntitel:")],
        [
            ("titel", "未知字段“titel”（是否为“title”？）", "titel:"),
            ("title", "缺少必填字段", None),
        ],
        id="unknown-key-suggests-title",
    ),
    pytest.param(
        [(TITLE_LINE, TITLE_LINE + "title: 又一个标题\n")],
        [("title", "键“title”重复出现", "又一个标题")],
        id="duplicate-key",
    ),
    pytest.param(
        [(_block("      rows:"), "      rows: []\n")],
        [("attachments[0].table.rows", "表格没有任何行", "rows: []")],
        id="empty-table",
    ),
    pytest.param(
        [(FIRST_DUTY, FIRST_DUTY.replace("责任处室", "责任处"))],
        [
            (
                f"{FIRST_DETAIL_ROW}.责任处",
                "表格中没有列“责任处”（是否为“责任处室”？）",
                "责任处: 办公室",
            )
        ],
        id="table-unknown-column",
    ),
    pytest.param(
        [(FIRST_DUTY, FIRST_DUTY.replace("办公室", "〃"))],
        [
            (
                f"{FIRST_DETAIL_ROW}.责任处室",
                "“〃”（同上）只能用于明细列，且上方须有单元格",
                "责任处室: 〃",
            )
        ],
        id="ditto-in-first-detail-row",
    ),
    pytest.param(
        [(SECOND_PARAGRAPH, '  - "特此\\v通知。"\n')],
        [("body[1]", "含有文档无法容纳的字符：垂直制表符 \\x0b（该值第 3 个字符）", "特此\\v")],
        id="vertical-tab-escaped",
    ),
    pytest.param(
        [(SECOND_PARAGRAPH, '  - "特此\\ud800通知。"\n')],
        [("body[1]", "孤立代理字符 U+D800", "特此\\ud800")],
        id="lone-surrogate-escaped",
    ),
    pytest.param(
        [(sample_line("note:"), 'note: !!python/object/apply:os.system ["echo hi"]\n')],
        [("note", "不支持 YAML 标签“tag:yaml.org,2002:python/object/apply:os.system”", "note:")],
        id="python-tag",
    ),
]


@pytest.mark.parametrize(("edits", "problems"), CASES)
def test_bad_input_is_refused_with_located_message(
    tmp_path: Path, edits: list[Edit], problems: list[tuple[str, str, str | None]]
) -> None:
    text = edit(*edits)
    result, data, out_dir = build(tmp_path, text)
    assert_refused(result, out_dir)
    for path, fragment, at in problems:
        line = find_problem(result.stderr, data, path, fragment)
        if at is not None:
            assert line == line_of(text, at), result.stderr


def test_several_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = edit(
        (TITLE_LINE, ""),
        (DOC_NUMBER, "doc_number: 晋文旅办发[2022]46号"),
        (SIGNATURE_DATE, "  date: 2022-02-30"),
    )
    result, data, out_dir = build(tmp_path, text)
    assert_refused(result, out_dir)
    find_problem(result.stderr, data, "title", "缺少必填字段")
    find_problem(result.stderr, data, "doc_number", "的年份须用六角括号〔〕括入")
    find_problem(result.stderr, data, "signature.date", "日期“2022-02-30”不存在")
    assert "共 3 处问题，未生成任何文件。" in result.stderr


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = edit((sample_line("note:"),
                 f'note: !!python/object/apply:os.system ["touch {marker}"]\n'))
    result, data, out_dir = build(tmp_path, text)
    assert_refused(result, out_dir)
    find_problem(result.stderr, data, "note", "出于安全考虑，只接受普通数据")
    assert not marker.exists()


ANCHORED_NAME = (
    "  name: 山西省文化和旅游厅办公室  ",
    "  name: &organ 山西省文化和旅游厅办公室  ",
)


ALIASED_ORGAN = ("  organ: 山西省文化和旅游厅办公室", "  organ: *organ")


def test_anchor_and_alias_are_refused(tmp_path: Path) -> None:
    result, data, out_dir = build(tmp_path, edit(ANCHORED_NAME, ALIASED_ORGAN))
    assert_refused(result, out_dir)
    find_problem(result.stderr, data, "issuer.name", "不支持 YAML 锚点与别名（& 与 *）")
    find_problem(result.stderr, data, "signature.organ", "不支持 YAML 锚点与别名（& 与 *）")


def test_alias_is_located_where_it_is_written(tmp_path: Path) -> None:
    text = edit(ANCHORED_NAME, ALIASED_ORGAN)
    result, data, _ = build(tmp_path, text)
    line = find_problem(result.stderr, data, "signature.organ", "不支持 YAML 锚点与别名")
    assert line == line_of(text, "*organ")


def test_raw_vertical_tab_is_refused_and_located(tmp_path: Path) -> None:
    text = edit((SECOND_PARAGRAPH, "  - 特此\x0b通知。\n"))
    result, data, out_dir = build(tmp_path, text)
    assert_refused(result, out_dir)
    line = line_of(text, "特此\x0b")
    assert f"{data}:{line}:7: 含有文档无法容纳的字符：垂直制表符" in result.stderr


# ── issue #11: bad input that used to be printed or lost silently ───────────────────────────
def test_a_right_to_left_override_is_refused_not_printed_reversed(tmp_path: Path) -> None:
    text = edit((TITLE_LINE, TITLE_LINE.replace("关于", "关于\u202e")))
    result, data, out_dir = build(tmp_path, text)
    assert_refused(result, out_dir)
    line = find_problem(result.stderr, data, "", "从右至左强制符 U+202E")
    assert line == line_of(text, "\u202e")


def test_a_next_line_character_is_refused_not_printed_as_a_box(tmp_path: Path) -> None:
    text = edit((TITLE_LINE, TITLE_LINE.replace("关于", "关于\x85")))
    result, data, out_dir = build(tmp_path, text)
    assert_refused(result, out_dir)
    find_problem(result.stderr, data, "", "下一行符 NEL U+0085")


def test_extends_of_a_system_file_is_refused_without_echoing_it(tmp_path: Path) -> None:
    result, data, out_dir = build(tmp_path, "extends: /etc/passwd\n" + SAMPLE_TEXT)
    assert_refused(result, out_dir)
    find_problem(result.stderr, data, "extends", "不在数据文件所在的文件夹中")
    assert "root:" not in result.output + result.stderr


def test_a_misspelt_unit_is_a_usage_error_with_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "notice.yaml"
    path.write_text(SAMPLE_TEXT, encoding="utf-8")
    out_dir = tmp_path / "units"
    result = CliRunner().invoke(main, ["extract", str(path), "--unit", "法规科",
                                       "-o", str(out_dir)])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "单位名录中没有“法规科”（是否为“法规处”？）" in result.stderr
    assert not out_dir.exists()


def test_extract_refuses_what_lint_reports(tmp_path: Path) -> None:
    """The same verdict: a stray space in a name stops the extract before any row is lost."""
    path = tmp_path / "notice.yaml"
    path.write_text(edit(("发展中心配合\n", "发展 中心配合\n")), encoding="utf-8")
    out_dir = tmp_path / "units"
    result = CliRunner().invoke(main, ["extract", str(path), "-o", str(out_dir)])
    linted = CliRunner().invoke(main, ["lint", str(path)])
    assert result.exit_code == ExitCode.DATA and linted.exit_code == ExitCode.FINDINGS
    assert "单位名称“发展 中心”中有多余的空格（是否为“发展中心”？）" in result.stderr
    assert "单位名称“发展 中心”中有多余的空格" in linted.output
    assert not out_dir.exists()
