"""docgen lint on a title broken by its author (BODY-03, 7.3.1): a word split across lines
and a stub line are warned, naming the word or the stub; a clean break stays quiet."""

from __future__ import annotations

import copy

from support.yaml_files import write_yaml

from docgen.notice.extends import load_file
from docgen.notice.lint import WARNING, lint
from docgen.resources import SAMPLE

BASE = load_file(SAMPLE.parent / "examples" / "upward-signers.yaml").data  # lints clean


def title_findings(tmp_path, title: str) -> list:
    data = copy.deepcopy(BASE)
    data["title"] = title
    path = write_yaml(data, tmp_path / "case.yaml")
    return [f for f in lint(load_file(path)) if f.rule in ("BODY-02", "BODY-03")]


def test_lint_warns_an_authors_break_inside_a_word(tmp_path):
    found = title_findings(tmp_path, "某某县文化和旅游局\n关于2024年上半年政务公\n开工作情况的报告")
    assert [f.severity for f in found] == [WARNING]
    assert "“政务公开”被拆在两行" in found[0].render()
    assert found[0].problem.line


def test_lint_warns_an_authors_stub_line(tmp_path):
    found = title_findings(tmp_path, "某某县文化和旅游局关于2024年上半年\n文旅项目建设情况的报\n告")
    messages = [f.render() for f in found]
    assert any("只有“告”" in m for m in messages), messages
    assert any("“报告”被拆在两行" in m for m in messages), messages


def test_lint_keeps_the_issuers_name_whole(tmp_path):
    found = title_findings(tmp_path, "某某县文化和\n旅游局关于2024年上半年\n文旅项目建设情况的报告")
    assert any("“某某县文化和旅游局”被拆在两行" in f.render() for f in found)


def test_lint_is_quiet_on_a_clean_break(tmp_path):
    title = "某某县文化和旅游局\n关于2024年上半年文旅项目建设情况的报告"
    assert title_findings(tmp_path, title) == []
