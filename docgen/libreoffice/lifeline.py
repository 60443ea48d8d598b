"""LibreOffice dies with docgen, however docgen dies.

``soffice`` is a script that runs ``oosplash``, which forks ``soffice.bin``: a parent-death
signal (prctl PR_SET_PDEATHSIG) set on the process docgen starts does not reach soffice.bin,
and it fires when the *thread* that started the process ends (docgen starts workers from
short-lived threads). So every soffice is started under a small guard instead: the guard leads
the process group, runs soffice in it, and holds the read end of a pipe whose only write end
docgen keeps open and never writes. When docgen exits or is killed (even by SIGKILL) the
kernel closes that end, the guard reads end-of-file and kills its whole group.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import threading
from typing import Any

# Runs with -I -S (no site, no environment): only the standard library, started in ~20 ms.
_GUARD = """
import os, signal, subprocess, sys, threading
lifeline = int(sys.argv[1])
def watch():
    while os.read(lifeline, 4096):
        pass
    os.killpg(0, signal.SIGKILL)
threading.Thread(target=watch, daemon=True).start()
child = subprocess.Popen(sys.argv[2:], pass_fds=(lifeline,))
signal.signal(signal.SIGTERM, lambda *_: os.killpg(0, signal.SIGKILL))
sys.exit(child.wait() % 256)
"""

_lock = threading.Lock()
_lifeline: tuple[int, int, int] | None = None  # (owner pid, read end, write end)


def _read_end() -> int:
    """The read end of this process's lifeline (made on first use, again after a fork)."""
    global _lifeline
    with _lock:
        if _lifeline is None or _lifeline[0] != os.getpid():
            read, write = os.pipe()  # not inheritable: only the guards get the read end
            _lifeline = (os.getpid(), read, write)
        return _lifeline[1]


def guarded_command(command: list[str], lifeline: int) -> list[str]:
    return [sys.executable, "-I", "-S", "-c", _GUARD, str(lifeline), *command]


def start_guarded(command: list[str], **options: Any) -> subprocess.Popen:
    """Start ``command`` in a new process group that is killed when docgen goes away."""
    if shutil.which(command[0]) is None:  # as Popen would say, not from inside the guard
        code = errno.EACCES if os.path.exists(command[0]) else errno.ENOENT
        raise OSError(code, os.strerror(code), command[0])
    lifeline = _read_end()
    return subprocess.Popen(guarded_command(command, lifeline), pass_fds=(lifeline,),
                            start_new_session=True, **options)
