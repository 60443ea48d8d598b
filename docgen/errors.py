"""Errors users see: Chinese messages with file:line:column and key path, exit codes by class."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # the run worked and found problems: lint errors, check failures, differences
    USAGE = 2  # click's own code for a bad command line
    DATA = 3  # the YAML is unreadable or invalid
    TEMPLATE = 4  # the red-header template is missing, broken or unsafe
    CONVERSION = 5  # LibreOffice failed, hung or wrote nothing
    OUTPUT = 6  # the output folder cannot be written
    LAYOUT = 7  # the document could not be laid out to the standard
    INTERNAL = 70  # a bug in docgen (EX_SOFTWARE): the traceback is written to a log file
    TERMINATED = 143  # stopped by SIGTERM (128 + 15), after cleaning up


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file."""

    message: str
    file: str = ""
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    path: str = ""  # key path such as attachments[0].table.rows[2]

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        head = ": ".join(part for part in (where, self.path) if part)
        return f"{head}: {self.message}" if head else self.message


class DocgenError(Exception):
    """Base of every error docgen reports to a user; knows its exit code and a hint."""

    exit_code = ExitCode.DATA

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        text = f"错误：{self.message}"
        if self.hint:
            text += f"\n提示：{self.hint}"
        return text


class DataError(DocgenError):
    """All problems found in the data, reported together."""

    exit_code = ExitCode.DATA

    def __init__(self, problems: list[Problem], hint: str = "") -> None:
        self.problems = sorted(problems, key=_problem_order)
        count = len(self.problems)
        super().__init__(f"数据有 {count} 处问题", hint)

    def render(self) -> str:
        lines = [str(problem) for problem in self.problems]
        lines.append(f"共 {len(self.problems)} 处问题，未生成任何文件。")
        if self.hint:
            lines.append(f"提示：{self.hint}")
        return "\n".join(lines)


def _problem_order(problem: Problem) -> tuple[str, int, int]:
    return (problem.file, problem.line or 0, problem.column or 0)


class TemplateError(DocgenError):
    exit_code = ExitCode.TEMPLATE


class ConversionError(DocgenError):
    exit_code = ExitCode.CONVERSION


class OutputError(DocgenError):
    exit_code = ExitCode.OUTPUT


class OutputExistsError(OutputError):
    """Files in the way of an output that docgen may not replace: someone's edits, or files
    docgen did not write. Exit code OUTPUT: the data and the command line are fine, the place
    the output would go is taken (like a read-only folder); the way out is there too."""

    def __init__(self, taken: list[tuple[object, str]]) -> None:
        self.taken = taken
        lines = "".join(f"\n  {path}：{why}" for path, why in taken)
        super().__init__(f"以下文件不会被覆盖：{lines}",
                         hint="要保留这些文件，请用 -o 另选输出位置或先把它们移走；确定要替换时加 "
                              "--force（原文件改名保留为 <文件名>.bak）。")


class LayoutError(DocgenError):
    exit_code = ExitCode.LAYOUT


class UsageError(DocgenError):
    """Options that contradict each other or would overwrite an input."""

    exit_code = ExitCode.USAGE
