"""The one place where library errors become messages and exit codes."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from typing import NoReturn, ParamSpec, TypeVar

import click

from docgen.api import DocgenError, ExitCode

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Run the command; a DocgenError is printed in Chinese and exits with its class's code
    (the traceback too when the command was given ``--debug``)."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except DocgenError as error:
            if kwargs.get("debug"):
                traceback.print_exc()
            click.echo(error.render(), err=True)
            sys.exit(int(error.exit_code))

    return run


def exit_with_findings(found: bool) -> None:
    """Exit 1 (ExitCode.FINDINGS) when the run found problems, as lint, check and diff do."""
    if found:
        finish(ExitCode.FINDINGS)


def finish(code: ExitCode) -> NoReturn:
    sys.exit(int(code))
