"""docgen lint: every rule fires on a case and stays quiet on its neighbour; --fix changes
only the intended characters; build stops on lint errors."""


from __future__ import annotations

import copy
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.yaml_files import write_yaml

from docgen.cli import main
from docgen.errors import ExitCode
from docgen.notice.extends import load_file
from docgen.notice.lint import lint
from docgen.resources import SAMPLE

BASE = load_file(SAMPLE.parent / "examples" / "upward-signers.yaml").data  # lints clean


def rules_for(tmp_path: Path, change) -> set[str]:
    data = copy.deepcopy(BASE)
    change(data)
    path = write_yaml(data, tmp_path / "case.yaml")
    return {finding.rule for finding in lint(load_file(path))}


def body(text):
    return lambda d: d["body"].__setitem__(0, text)


def row(**cells):
    return lambda d: d["attachments"][0]["table"]["rows"].__setitem__(0, cells)


CASES = [  # (rule, change that fires it, a close change that must not)
    ("LINT-01", body("办公室把关,各处室落实"), body("办公室把关，使用 Version 2.0, beta 版")),
    ("LINT-01", body("特此报告."), body("按 2.0 版执行。")),
    ("LINT-02", body("一.总体要求"), body("一、总体要求")),
    ("LINT-02", body("（一）、加强领导"), body("（一）加强领导")),
    ("LINT-02", body("1、按季度报送"), body("1.按季度报送")),
    ("LINT-02", body("（1）、报送内容"), body("（1）报送内容")),
    ("NO-02", lambda d: d.update(doc_number="某文旅发[2024]15号"),
     lambda d: d.update(doc_number="某文旅发〔2024〕15号")),
    ("NO-03", lambda d: d.update(doc_number="某文旅发〔2024〕第15号"),
     lambda d: d.update(doc_number="某文旅发〔2024〕150号")),
    ("NO-03", lambda d: d.update(doc_number="某文旅发〔2024〕015号"),
     lambda d: d.update(doc_number="某文旅发〔2024〕105号")),
    ("NO-YEAR", lambda d: d["signature"].update(date="2025-01-05"),
     lambda d: d["signature"].update(date="2024-12-30")),
    ("NO-YEAR", lambda d: d.update(title="某某县文化和旅游局关于2023年文旅项目建设情况的报告"),
     lambda d: d.update(title="某某县文化和旅游局关于2024年文旅项目建设情况的报告")),
    ("LINT-03", lambda d: d["imprint"].update(print_date="2024-07-04"),
     lambda d: d["imprint"].update(print_date="2024-07-05")),
    ("LINT-07", lambda d: d.update(recipients="某某县人民政府"),
     lambda d: d.update(recipients="某某县人民政府：")),
    ("LINT-07", lambda d: d["imprint"].update(cc="县委办公室，县政府办公室"),
     lambda d: d["imprint"].update(cc="县委办公室，县政府办公室。")),
    ("BODY-04", lambda d: d.update(title="某某县文化和旅游局关于项目建设情况的报告。"),
     lambda d: d.update(title="某某县文化和旅游局关于项目建设情况的报告")),
    ("BODY-12", lambda d: d["attachments"][0].update(title="项目进展情况表。"),
     lambda d: d["attachments"][0].update(title="项目进展情况表")),
    ("BODY-03", lambda d: d.update(title="某某县文化和旅游局关于\n上半年\n文旅项目建设情况的报告"),
     lambda d: d.update(title="某某县文化和旅游局\n关于上半年文旅项目建设情况的报告")),
    ("BODY-02", lambda d: d.update(
        title="某某县文化和旅游局关于二〇二四年上半年文旅项目建设情况\n的报告"),
     lambda d: d.update(title="某某县文化和旅游局\n关于上半年文旅项目建设情况的报告")),
    ("TEXT-DUP", body("各处室落实抓好落实。"), body("政策性文件应解读尽解读。")),
    ("TABLE-DUP", lambda d: d["attachments"][0]["table"]["rows"].__setitem__(
        1, dict(d["attachments"][0]["table"]["rows"][0])), lambda d: None),
    ("TABLE-EMPTY", row(项目名称="古城墙保护修缮工程", 牵头单位=None, 完成时限="2024年10月"),
     row(项目名称="古城墙保护修缮工程", 牵头单位="县文物保护中心", 完成时限="2024年10月")),
]


def with_column(name: str, values: list[str | None]):
    """A column added to the example's three-row table, one value per row."""
    def change(data):
        table = data["attachments"][0]["table"]
        table["columns"].append({"name": name, "width": 10})
        for row_, value in zip(table["rows"], values, strict=True):
            row_[name] = value
    return change


def test_an_empty_cell_in_a_column_most_rows_fill_is_reported(tmp_path):
    assert "TABLE-EMPTY" in rules_for(tmp_path, with_column("责任人", ["张三", None, "王五"]))


def test_an_optional_column_left_mostly_empty_is_not_reported(tmp_path):
    assert "TABLE-EMPTY" not in rules_for(tmp_path, with_column("备注", [None, "暂缓", None]))
    assert "TABLE-EMPTY" not in rules_for(tmp_path, with_column("备注", ["", "〃", "〃"]))


def test_an_empty_support_column_beside_a_named_lead_is_not_reported(tmp_path):
    assert "TABLE-EMPTY" not in rules_for(
        tmp_path, with_column("配合单位", ["县文旅局", None, "县财政局"]))


@pytest.mark.parametrize(("rule", "fires", "quiet"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_and_stays_quiet(tmp_path, rule, fires, quiet):
    assert rule in rules_for(tmp_path, fires)
    assert rule not in rules_for(tmp_path, quiet)


def test_the_seeds_real_quirks_are_reported():
    findings = lint(load_file(SAMPLE))
    messages = [finding.render() for finding in findings]
    assert any("TABLE-DUP" in m and "人大代表建议、政协提案办理公开" in m for m in messages)
    assert any("TEXT-DUP" in m and "落实抓好落实" in m for m in messages)
    widths = [f for f in findings if f.rule == "LINT-01"]
    assert len(widths) == 8 and all(f.edits for f in widths)
    assert all(f.problem.line and f.problem.column for f in findings)


def test_fix_changes_only_the_intended_characters(tmp_path):
    path = tmp_path / "seed.yaml"
    original = SAMPLE.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(path), "--fix"])
    assert result.exit_code == 0, result.output
    fixed = path.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(original.splitlines(), fixed.splitlines(), strict=True)
               if a != b]
    assert len(changed) == 8
    for before, after in changed:
        assert before.replace(",", "，") == after  # comments, keys, layout untouched
    assert "LINT-01" not in CliRunner().invoke(main, ["lint", str(path)]).output


def test_fix_repairs_the_brackets_of_a_doc_number(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("〔2022〕46号", "[2022]46号")
    path = tmp_path / "brackets.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(path), "--fix"])
    assert "已修正" in result.output and "NO-02" in result.output
    assert "晋文旅办发〔2022〕46号" in path.read_text(encoding="utf-8")


def test_build_stops_on_lint_errors_and_prints_warnings(tmp_path):
    data = copy.deepcopy(BASE)
    data["imprint"]["print_date"] = "2024-07-01"
    bad = write_yaml(data, tmp_path / "bad.yaml")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(bad), "-o", str(out)])
    assert result.exit_code == ExitCode.DATA
    assert "LINT-03 错误" in result.stderr and "未生成任何文件" in result.stderr
    assert not out.exists()
    result = CliRunner().invoke(main, ["lint", str(bad)])
    assert result.exit_code == 1
