"""One verdict on a notice's data, shared by lint, build, extract and archive add: the schema,
the placeholders of a rolled-over notice, the lint rules, duplicated ids and a typed 附件说明
that the generated one would repeat — every problem at once, in file order.

``assess`` never raises for what it finds; ``require`` raises one VerdictError listing every
error, so a build shows in one round what lint shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from docgen.errors import Problem
from docgen.notice.lint import ERROR, WARNING, Finding, LintError, lint
from docgen.notice.lint.finding import new_finding, value_at
from docgen.notice.model import Notice
from docgen.notice.next_year import pending
from docgen.notice.source import KeyPath, Source, format_path
from docgen.notice.validate import validation

TYPED_ATTACHMENT_NOTE = re.compile(r"^\s*附\s*件\s*[：:]")


@dataclass(frozen=True)
class Verdict:
    findings: list[Finding]  # file order
    notice: Notice | None  # None when the data does not fit the model

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity != ERROR]


class VerdictError(LintError):
    """Every error in the data, reported together; nothing was written."""

    def __init__(self, findings: list[Finding], hint: str) -> None:
        super().__init__(findings)
        self.hint = hint

    def render(self) -> str:
        lines = [finding.render() for finding in self.findings]
        lines.append(f"共 {len(self.findings)} 处问题，未生成任何文件。")
        return "\n".join([*lines, f"提示：{self.hint}"])


def assess(source: Source, *, draft: bool = False) -> Verdict:
    """Every problem in the data; a ``draft`` may keep its 【待定】 and 【待核】 (warnings)."""
    notice, schema = validation(source)
    located = {(problem.file, problem.path) for problem in schema}
    findings = [Finding("SCHEMA", ERROR, problem) for problem in schema]
    # A rule that says again what the schema said at the same place (the 〔〕 of a 发文字号,
    # say) would print the problem twice.
    findings += [finding for finding in lint(source)
                 if (finding.problem.file, finding.problem.path) not in located]
    findings += placeholders(source, draft)
    findings += duplicate_ids(source)
    findings += typed_attachment_note(source)
    return Verdict(sorted(findings, key=_file_order), notice)


def require(source: Source, *, draft: bool = False) -> Verdict:
    """The verdict, or a VerdictError listing every error (warnings never stop anything)."""
    verdict = assess(source, draft=draft)
    if verdict.errors:
        hint = "逐条修改后重新运行；docgen lint --fix 可修正标点与括号。"
        if any(finding.rule == "PENDING" for finding in verdict.errors):
            hint = "填写每个【待定】，核对每个【待核】并删去该标记后再生成（预览可用 --draft）。"
        raise VerdictError(verdict.errors, hint)
    return verdict


def _file_order(finding: Finding) -> tuple[str, int, int, str]:
    problem = finding.problem
    return (problem.file, problem.line or 0, problem.column or 0, finding.rule)


def placeholders(source: Source, draft: bool) -> list[Finding]:
    """【待定】 and 【待核】 left by next-year: errors, or warnings in a draft."""
    if draft:
        return [Finding("PENDING", WARNING, _prefixed(problem, "草稿："))
                for problem in pending(source)]
    return [Finding("PENDING", ERROR, problem) for problem in pending(source)]


def _prefixed(problem: Problem, prefix: str) -> Problem:
    return replace(problem, message=prefix + problem.message)


def duplicate_ids(source: Source) -> Iterator[Finding]:
    """ID-DUP: an ``id`` twice among the items of a list (a copied row, say), or anywhere in
    one table's row tree — extends, next-year and diff would mistake one for the other."""

    def walk(value: Any, path: KeyPath, scope: dict[str, KeyPath] | None) -> Iterator[Finding]:
        if isinstance(value, dict):
            for key, child in value.items():
                if key == "rows" and path[-1:] == ("table",):
                    yield from walk(child, (*path, key), {})
                else:
                    yield from walk(child, (*path, key), scope if key == "items" else None)
        elif isinstance(value, list):
            seen = scope if scope is not None else {}
            for index, item in enumerate(value):
                ident = item.get("id") if isinstance(item, dict) else None
                if isinstance(ident, str) and ident in seen:
                    yield new_finding(source, (*path, index, "id"), "ID-DUP", ERROR,
                                      f"id“{ident}”重复（{format_path(seen[ident])} 已用过）",
                                      "复制的行请改用新的 id，或删去重复的行")
                elif isinstance(ident, str):
                    seen[ident] = (*path, index)
                yield from walk(item, (*path, index), scope)

    return list(walk(source.data, (), None))


def typed_attachment_note(source: Source) -> list[Finding]:
    """BODY-ATTACH: a 附件说明 typed into the body, which the one generated from
    ``attachments`` would repeat."""
    if not value_at(source.data, "attachments"):
        return []
    found = []
    for index, item in enumerate(value_at(source.data, "body") or []):
        text = item.get("text") if isinstance(item, dict) else item
        path: KeyPath = ("body", index) if isinstance(item, str) else ("body", index, "text")
        if isinstance(text, str) and TYPED_ATTACHMENT_NOTE.match(text):
            found.append(new_finding(
                source, path, "BODY-ATTACH", ERROR,
                "正文中写了附件说明，而附件说明会按 attachments 自动生成，将重复印出",
                "删去这一段（附件名称写在 attachments 的 title 中）"))
    return found
