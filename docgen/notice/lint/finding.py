"""What lint reports (findings, their severity and edits, the error that stops a build) and
the helpers every rule reads the data and builds its findings with."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docgen.errors import DataError, Problem
from docgen.notice.source import KeyPath, Source

ERROR, WARNING = "错误", "警告"
MANUAL = "；此值带引号或跨行，--fix 不改动，请手工修改"


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    problem: Problem
    suggestion: str = ""
    edits: tuple[Edit, ...] = ()

    def render(self) -> str:
        hint = f"（建议：{self.suggestion}）" if self.suggestion else ""
        fixable = " [可 --fix]" if self.edits else ""
        head, _, message = str(self.problem).rpartition(": ")
        return f"{head}: [{self.rule} {self.severity}] {message}{hint}{fixable}"


class LintError(DataError):
    """Text errors that stop a build; warnings never do."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__([finding.problem for finding in findings],
                         hint="运行 docgen lint 查看详情，docgen lint --fix 可修正标点与括号。")

    def render(self) -> str:
        lines = [finding.render() for finding in self.findings]
        lines.append(f"共 {len(self.findings)} 个错误，未生成任何文件。")
        return "\n".join([*lines, f"提示：{self.hint}"])


def texts(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def value_at(data: Any, *path: str | int) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def new_finding(source: Source, path: KeyPath, rule: str, severity: str, message: str,
                suggestion: str = "", edits: tuple[Edit, ...] = ()) -> Finding:
    return Finding(rule, severity, source.problem(path, message), suggestion, edits)


def value_edits(source: Source, path: KeyPath, changes: list[tuple[int, int, str]]) -> tuple[
        Edit, ...]:
    """Edits of the file for changes at value offsets, when the value stands verbatim."""
    span = source.editable_span(path)
    if span is None:
        return ()
    return tuple(Edit(span[0] + start, span[0] + end, text) for start, end, text in changes)
