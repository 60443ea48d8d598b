"""Private temporary folders that name their owner, and the folders of dead runs swept away.

A run killed outright (SIGKILL, a power cut) cannot remove its scratch folders or LibreOffice
profiles. Each folder's name carries the process id of the run that made it
(``docgen-build-1234-abcd``), so the next run removes the folders whose owner is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

_OWNED = re.compile(r"docgen-[a-z]+-(\d+)-")
_swept = threading.Event()


def private_folder(kind: str) -> Path:
    """A new folder ``docgen-<kind>-<pid>-…`` in the system's temporary directory; the first
    call in a process first removes the folders of dead runs."""
    if not _swept.is_set():
        _swept.set()
        sweep_dead_runs()
    return Path(tempfile.mkdtemp(prefix=f"docgen-{kind}-{os.getpid()}-"))


def sweep_dead_runs(root: Path | None = None) -> list[Path]:
    """Remove this user's docgen folders whose owning process no longer runs."""
    root = root or Path(tempfile.gettempdir())
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(root):
            match = _OWNED.match(entry.name)
            if not match or not _is_own_folder(entry) or _alive(int(match.group(1))):
                continue
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def _is_own_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False) and \
            entry.stat(follow_symlinks=False).st_uid == os.getuid()
    except OSError:
        return False


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process holds that pid
    return True
