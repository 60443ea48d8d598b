"""The one place where library errors become messages and exit codes, and where anything
else (a bug) becomes a message, a log file and its own exit code instead of a traceback."""

from __future__ import annotations

import datetime
import functools
import os
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, ParamSpec, TypeVar

import click

from docgen.api import DocgenError, ExitCode

P = ParamSpec("P")
R = TypeVar("R")
DEBUG_KEY = "docgen.debug"


class Terminated(SystemExit):
    """Raised in the main thread on SIGTERM, so that every ``with`` unwinds: the LibreOffice
    workers are closed and the scratch folders removed before docgen exits."""


def stop_on_sigterm() -> None:
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers (and receives the signal)

    def terminate(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends at once
        raise Terminated(int(ExitCode.TERMINATED))

    signal.signal(signal.SIGTERM, terminate)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Run the command; a DocgenError is printed in Chinese and exits with its class's code;
    any other exception is a bug: a message, the traceback in a log file, ExitCode.INTERNAL.
    ``--debug`` (of the command or of docgen itself) prints the traceback too."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        debug = bool(kwargs.get("debug")) or _debug_requested()
        try:
            return command(*args, **kwargs)
        except DocgenError as error:
            if debug:
                traceback.print_exc()
            click.echo(error.render(), err=True)
            sys.exit(int(error.exit_code))
        except Terminated:
            click.echo("已中止（收到终止信号），临时文件已清理，未写入任何输出。", err=True)
            raise
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            crashed(error, debug)

    return run


def crashed(error: BaseException, debug: bool) -> NoReturn:
    if debug:
        traceback.print_exception(error)
    log = write_crash_log(error)
    where = f"详细信息已写入 {log}" if log else "详细信息无法写入日志文件"
    click.echo(f"错误：docgen 内部出错（{type(error).__name__}：{error}），这不是数据的问题。\n"
               f"{where}；请把该文件连同所用的数据一并报告给维护者。\n"
               "提示：加 --debug 可直接显示调用栈。", err=True)
    finish(ExitCode.INTERNAL)


def write_crash_log(error: BaseException) -> Path | None:
    """The traceback in ~/.cache/docgen/ (or the system's temporary folder); None if neither
    can be written."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = (f"docgen {' '.join(sys.argv[1:])}\n{datetime.datetime.now().isoformat()}\n\n"
            + "".join(traceback.format_exception(error)))
    for folder in (Path.home() / ".cache" / "docgen", Path(tempfile.gettempdir())):
        path = folder / f"docgen-crash-{stamp}-{os.getpid()}.log"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError:
            continue
        return path
    return None


def _debug_requested() -> bool:
    context = click.get_current_context(silent=True)
    return bool(context and context.find_root().meta.get(DEBUG_KEY))


def exit_with_findings(found: bool) -> None:
    """Exit 1 (ExitCode.FINDINGS) when the run found problems, as lint, check and diff do."""
    if found:
        finish(ExitCode.FINDINGS)


def finish(code: ExitCode) -> NoReturn:
    sys.exit(int(code))
