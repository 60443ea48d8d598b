"""One verdict: lint and build report exactly the same problems, every one at once, in file
order; lint exits 1 on errors, build 3. None of these reaches LibreOffice."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from support.sample_text import SAMPLE_TEXT, edit, sample_line

from docgen.cli import main
from docgen.errors import ExitCode
from docgen.notice.extends import load_file
from docgen.notice.next_year import roll_text

LOCATED = re.compile(r"^(\S+?:\d+:\d+: .*?\[([A-Z0-9-]+) 错误\].*)$", re.MULTILINE)


def write(tmp_path: Path, text: str, name: str = "notice.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def lint(path: Path):
    return CliRunner().invoke(main, ["lint", str(path)])


def build(path: Path, tmp_path: Path):
    return CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])


def errors_in(output: str) -> list[str]:
    return [match.group(1).split(" [可 --fix]")[0] for match in LOCATED.finditer(output)]


def test_lint_reports_the_placeholders_of_a_next_year_file(tmp_path):
    rolled, _ = roll_text(SAMPLE_TEXT, 2023)
    path = write(tmp_path, rolled)
    result = lint(path)
    assert result.exit_code == ExitCode.FINDINGS, result.output
    assert result.output.count("尚未填写") == 3 and "待核对：含年份" in result.output
    assert "[PENDING 错误]" in result.output


def test_lint_reports_missing_required_fields(tmp_path):
    text = edit((sample_line("  name:"), "")).split("\n# ── 版记")[0] + "\n"  # no imprint
    path = write(tmp_path, text)
    result = lint(path)
    assert result.exit_code == ExitCode.FINDINGS, result.output
    assert "imprint: [SCHEMA 错误] 缺少必填字段" in result.output
    assert "issuer.name: [SCHEMA 错误] 缺少必填字段" in result.output


def test_lint_and_build_report_the_same_problems_in_one_round(tmp_path):
    text = edit((sample_line("title:"), ""),  # a schema error …
                ("print_date: 2022-05-20", "print_date: 2022-05-01"),  # … a lint error …
                ("  date: 2022-05-20", "  date: 2022-05-20  # 【待核】"))  # … a placeholder
    path = write(tmp_path, text)
    linted, built = lint(path), build(path, tmp_path)
    assert linted.exit_code == ExitCode.FINDINGS and built.exit_code == ExitCode.DATA
    from_lint, from_build = errors_in(linted.output), errors_in(built.stderr)
    assert from_lint == from_build and len(from_build) == 3, (linted.output, built.stderr)
    assert [line.split(" [")[1].split(" ")[0] for line in from_build] == [
        "SCHEMA", "PENDING", "LINT-03"]  # file order: line 1, the date's line, print_date
    assert "共 3 处问题，未生成任何文件。" in built.stderr
    assert not (tmp_path / "out").exists()


def test_a_duplicated_row_id_is_an_error(tmp_path):
    row = (" " * 16 + "- 具体要求: 协调厅领导按要求出席省政府新闻发布会，"
           "重大活动积极协调厅主要领导参加。\n" + " " * 18 + "责任处室: 办公室\n")
    with_id = row.replace("- 具体要求", "- id: t7\n                  具体要求")
    path = write(tmp_path, edit((row, with_id + with_id)))  # copy-paste of a row with its id
    result = lint(path)
    assert result.exit_code == ExitCode.FINDINGS
    assert "[ID-DUP 错误] id“t7”重复" in result.output
    assert build(path, tmp_path).exit_code == ExitCode.DATA


def test_a_duplicated_id_anywhere_in_one_table_is_an_error(tmp_path):
    from docgen.notice.verdict import assess

    data = load_file(write(tmp_path, SAMPLE_TEXT)).data
    rows = data["attachments"][0]["table"]["rows"]
    rows[0]["id"], rows[1]["items"][0]["items"][0]["id"] = "a", "a"
    from docgen.notice.source import Source

    found = [f for f in assess(Source("n.yaml", data)).findings if f.rule == "ID-DUP"]
    assert len(found) == 1
    assert found[0].problem.path == "attachments[0].table.rows[1].items[0].items[0].id"


def test_a_typed_attachment_note_that_the_generated_one_repeats_is_an_error(tmp_path):
    note = "  - 附件：山西省文化和旅游厅政务公开重点工作任务分工分解表\n"
    text = edit(("  - 特此通知。\n", "  - 特此通知。\n" + note))
    path = write(tmp_path, text)
    result = lint(path)
    assert result.exit_code == ExitCode.FINDINGS
    assert "body[2]: [BODY-ATTACH 错误] 正文中写了附件说明" in result.output


def test_the_sample_has_no_error_in_the_verdict():
    from docgen.notice.verdict import assess
    from docgen.resources import SAMPLE

    verdict = assess(load_file(SAMPLE))
    assert verdict.errors == [] and verdict.notice is not None and verdict.warnings


def test_a_draft_keeps_its_placeholders_as_warnings(tmp_path):
    from docgen.notice.verdict import assess

    rolled, _ = roll_text(SAMPLE_TEXT, 2023)
    verdict = assess(load_file(write(tmp_path, rolled)), draft=True)
    assert not verdict.errors
    assert sum(f.rule == "PENDING" for f in verdict.warnings) == 6
