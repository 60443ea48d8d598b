"""LibreOffice dies with docgen: no soffice of a killed run survives it, and the temporary
folders of dead runs are removed by the next run.

docgen runs as a real subprocess (``python -m docgen build``); the test waits until that run
has a soffice, kills docgen, then polls, with a generous deadline, until no process of that
run is left. No fixed sleeps: each wait ends as soon as its condition holds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import docgen
from docgen.resources import SAMPLE
from docgen.tempdirs import sweep_dead_runs

DEADLINE = 120.0  # seconds; a loaded 2-core machine can take long to start LibreOffice
REPOSITORY = Path(docgen.__file__).resolve().parents[1]


def processes() -> dict[int, tuple[int, str]]:
    """Every live process: pid → (parent pid, command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if fields.get("State", "").startswith("Z"):
            continue  # a zombie has exited
        found[int(entry.name)] = (int(fields["PPid"]), command)
    return found


def descendants(root: int) -> dict[int, str]:
    table = processes()
    family, grown = {root}, True
    while grown:
        more = {pid for pid, (parent, _) in table.items() if parent in family} - family
        family |= more
        grown = bool(more)
    return {pid: table[pid][1] for pid in family - {root} if pid in table}


def wait_for(condition, what: str):
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)  # a polling interval, not a synchronisation
    pytest.fail(f"no {what} within {DEADLINE:.0f} s")


def start_build(tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    return subprocess.Popen([sys.executable, "-m", "docgen", "build", str(SAMPLE),
                             "-o", str(tmp_path / "out")], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def soffice_of(run: subprocess.Popen) -> dict[int, str]:
    return {pid: command for pid, command in descendants(run.pid).items()
            if "soffice" in command}


def alive(pids) -> list[int]:
    table = processes()
    return [pid for pid in pids if pid in table]


@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_no_soffice_survives_a_killed_build(tmp_path, kill):
    run = start_build(tmp_path)
    try:
        soffice = wait_for(lambda: soffice_of(run) if any(
            "soffice.bin" in c for c in soffice_of(run).values()) else None, "soffice.bin")
        family = descendants(run.pid)
        run.send_signal(kill)
        run.communicate()
        wait_for(lambda: not alive(family), "end of every process of the killed run")
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert soffice  # the run did have LibreOffice running when it was killed
    assert not (tmp_path / "out").exists()


def test_a_terminated_build_removes_its_temporary_folders(tmp_path):
    before = set(Path(tempfile.gettempdir()).glob("docgen-*"))
    run = start_build(tmp_path)
    wait_for(lambda: any("soffice.bin" in c for c in soffice_of(run).values()), "soffice.bin")
    run.send_signal(signal.SIGTERM)
    _, stderr = run.communicate()
    assert run.returncode == 128 + signal.SIGTERM, stderr.decode()
    assert "已中止" in stderr.decode()
    left = {path for path in Path(tempfile.gettempdir()).glob(f"docgen-*-{run.pid}-*")}
    assert not left - before


def test_the_folder_of_a_dead_run_is_removed_by_the_next_run(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    leftover = Path(tempfile.mkdtemp(prefix=f"docgen-worker-{pid}-"))
    (leftover / "profile").mkdir()
    mine = Path(tempfile.mkdtemp(prefix=f"docgen-build-{os.getpid()}-"))
    try:
        assert leftover in sweep_dead_runs()
        assert not leftover.exists()
        assert mine.exists()  # a live run's folder stays
    finally:
        mine.rmdir()
