"""The archive on disk: its layout, the lock, staging and placing an entry, crash recovery,
manifests and settings.

Layout (inside the archive folder, ``archive/`` by default)::

    catalogue.sqlite                 the catalogue (catalogue.py)
    settings.toml                    optional: trust = ["root.pem"], retention = "30年"
    <文号>/v1/签发件.pdf              the signed PDF exactly as received
              数据/…/<name>.yaml      the data file and the files it extends, layout kept
              生成件.docx, 生成件.pdf  what docgen builds from that data
              信任证书/*.pem           the trust anchors it was checked against
              manifest.json           SHA-256 of every file above, and the record

An entry is staged in a hidden folder and fsynced; the catalogue records the intent (folder and
manifest hash); the folder is renamed into place; the entry is catalogued and the intent
settled in one transaction. A crash before the rename leaves nothing visible (the staging
folder is swept away, the intent dropped); a crash after it leaves a complete folder whose
manifest matches the intent, which the next archive command catalogues (roll forward). A
folder nobody intended is never adopted. One lock file serialises writers.

One module on purpose (a little over 300 lines): the write protocol and the recovery that
undoes or completes it must be read together to be trusted.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from docgen.digests import file_sha256 as sha256
from docgen.errors import DataError, DocgenError, ExitCode, OutputError, Problem

from . import catalogue
from .catalogue import Entry

DEFAULT_RETENTION = "永久"
SIGNED = "签发件.pdf"
BUILT = "生成件"
DATA_DIR = "数据"
TRUST_DIR = "信任证书"
MANIFEST = "manifest.json"
CATALOGUE = "catalogue.sqlite"
SETTINGS = "settings.toml"
LOCK = ".lock"
STAGING = ".staging-"
MANIFEST_FORMAT = "docgen-archive/1"
CRASH_HOOK = "DOCGEN_ARCHIVE_CRASH_AT"  # fault injection for the crash tests
ROOT_FILES = {CATALOGUE, f"{CATALOGUE}-journal", f"{CATALOGUE}-wal", f"{CATALOGUE}-shm",
              SETTINGS, LOCK}


class ArchiveError(DocgenError):
    """The archive refused the file; every reason is listed."""

    exit_code = ExitCode.DATA

    def __init__(self, problems: list[str], hint: str = "") -> None:
        super().__init__(f"未归档：{len(problems)} 个问题", hint)
        self.problems = problems

    def render(self) -> str:
        lines = [f"未归档：{problem}" for problem in self.problems]
        lines.append(f"共 {len(self.problems)} 个问题，归档未作任何改动。")
        if self.hint:
            lines.append(f"提示：{self.hint}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Settings:
    trust: tuple[Path, ...] = ()
    retention: str = DEFAULT_RETENTION


def read_settings(archive: Path) -> Settings:
    """``settings.toml`` in the archive: trust anchors (relative to the archive) and the
    default 保管期限."""
    path = archive / SETTINGS
    if not path.is_file():
        return Settings()
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise DataError([Problem(f"无法读取归档设置：{error}", str(path))]) from error
    trust = values.get("trust", [])
    retention = values.get("retention", DEFAULT_RETENTION)
    if not isinstance(trust, list) or not all(isinstance(item, str) for item in trust):
        raise DataError([Problem("trust 应为证书文件名的列表", str(path), path="trust")])
    if not isinstance(retention, str) or not retention.strip():
        raise DataError([Problem("retention 应为文字，如“永久”“30年”", str(path),
                                 path="retention")])
    return Settings(tuple(archive / item for item in trust), retention)


# ── locking ──────────────────────────────────────────────────────────────────────────────────

@contextmanager
def locked(archive: Path) -> Iterator[bool]:
    """One writer at a time, across processes (the kernel releases it if the process dies).
    Yields True with the exclusive lock; False when the archive cannot be written (a
    read-only copy or mount): readers then take a shared lock and leave recovery alone."""
    writable = True
    try:
        handle = (archive / LOCK).open("a")
    except OSError as error:
        if error.errno not in (errno.EACCES, errno.EROFS, errno.EPERM):
            raise OutputError(f"无法打开归档 {archive}：{error.strerror}") from error
        writable = False
        try:
            handle = (archive / LOCK).open("r")
        except OSError:
            yield False  # no lock file and no way to make one: nothing can write either
            return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX if writable else fcntl.LOCK_SH)
        try:
            yield writable
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def reading(archive: Path) -> Iterator[None]:
    """A shared lock for readers, on the lock file if there is one: reading never creates a
    file (without a lock file no add has run yet, and a first add's catalogue rows appear
    in one transaction, so a read racing it sees all of an entry or none of it)."""
    try:
        handle = (archive / LOCK).open("r")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# ── writing an entry ─────────────────────────────────────────────────────────────────────────

def stage(archive: Path, files: dict[str, Path], record: dict) -> tuple[Path, str]:
    """Copy, hash and fsync everything, with its manifest, in a hidden staging folder."""
    staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=archive))
    try:
        hashes = {}
        for name, source in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            hashes[name] = {"sha256": sha256(target), "bytes": target.stat().st_size}
            target.chmod(0o444)  # archived files are read-only; verify catches the rest
            fsync(target)
        checkpoint("copied")
        manifest = {**record, "files": hashes}
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        (staging / MANIFEST).write_text(text, encoding="utf-8")
        (staging / MANIFEST).chmod(0o444)
        fsync(staging / MANIFEST)
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the entry from other archivists
        for directory in {staging, *(p.parent for p in staging.rglob("*"))}:
            fsync(directory)
        checkpoint("staged")
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"无法写入归档 {archive}：{error.strerror or error}") from error
    return staging, hashlib.sha256(text.encode("utf-8")).hexdigest()


def place(archive: Path, staging: Path, folder: str) -> None:
    """The commit point on disk: one rename of the complete staging folder."""
    final = archive / folder
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        checkpoint("folder-made")
        os.rename(staging, final)  # atomic; refuses a non-empty existing folder
        fsync(final.parent)
        fsync(archive)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        remove_if_empty(final.parent)
        raise OutputError(f"无法写入归档 {archive}：{error.strerror or error}") from error


def remove_if_empty(folder: Path) -> None:
    """A 文号 folder made for a version that never arrived (a crash before the rename)."""
    with contextlib.suppress(OSError):
        folder.rmdir()  # fails, harmlessly, when anything is inside


def recover(archive: Path, connection) -> list[str]:
    """Finish what a crash interrupted. Staging folders were never visible: swept away.
    An intent whose folder is in place with the recorded manifest hash is catalogued (roll
    forward); one whose folder never appeared is dropped. A folder nobody intended is
    never adopted: verify reports it as extra."""
    for staging in archive.glob(f"{STAGING}*"):
        shutil.rmtree(staging, ignore_errors=True)
    recovered = []
    for folder, manifest_hash in catalogue.intents(connection):
        manifest_path = archive / folder / MANIFEST
        manifest = load_manifest(manifest_path)
        if isinstance(manifest, str) or sha256(manifest_path) != manifest_hash:
            catalogue.drop_intent(connection, folder)
            remove_if_empty((archive / folder).parent)
            continue
        catalogue.insert(connection, entry_from_manifest(manifest, manifest_hash))
        recovered.append(folder)
    return recovered


def checkpoint(name: str) -> None:
    """Tests kill the process here (``DOCGEN_ARCHIVE_CRASH_AT=<name>``) to prove that a
    crash at this point leaves the archive consistent."""
    if os.environ.get(CRASH_HOOK) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# ── reading entries back ─────────────────────────────────────────────────────────────────────

def load_manifest(path: Path) -> dict | str:
    """The manifest, or a description of what is wrong with it (it may have been tampered
    with, so every shape is checked before use)."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "缺失"
    except (OSError, ValueError, RecursionError) as error:
        return f"无法读取（{type(error).__name__}）"
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        return "不是 docgen 归档清单"
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
            isinstance(value, dict) and isinstance(value.get("sha256"), str)
            and safe_member(name) for name, value in files.items()):
        return "文件清单格式不对"
    try:
        entry_from_manifest(manifest, "")
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return "记录不完整"
    return manifest


def safe_member(name: object) -> bool:
    """A manifest file name stays inside its entry folder, with sane components."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    parts = PurePosixPath(name).parts
    return (not PurePosixPath(name).is_absolute() and ".." not in parts
            and name == "/".join(parts) and len(parts) <= 8
            and all(len(part.encode()) <= 255 for part in parts))


def entry_from_manifest(manifest: dict, manifest_hash: str) -> Entry:
    entry = Entry(
        folder=str(manifest["folder"]), doc_number=str(manifest["doc_number"]),
        version=int(manifest["version"]), title=str(manifest["title"]),
        issuer=str(manifest["issuer"]), date=str(manifest["date"]),
        year=int(str(manifest["date"])[:4]), pages=int(manifest["pages"]),
        note=str(manifest["note"]), retention=str(manifest["retention"]),
        signer=str(manifest["signer"]), signed_at=str(manifest["signed_at"]),
        archived_at=aware_time(manifest["archived_at"]), units=list(manifest["units"]),
        exceptions=dict(manifest["exceptions"]), supersedes=manifest["supersedes"],
        reason=str(manifest["reason"]), manifest_sha256=manifest_hash)
    if not safe_member(entry.folder):
        raise ValueError(entry.folder)
    return entry


def aware_time(value: object) -> str:
    """An ISO time with its zone, as the archive writes them (raises ValueError otherwise)."""
    text = str(value)
    if datetime.fromisoformat(text).tzinfo is None:
        raise ValueError(f"时间没有时区：{text}")
    return text


def unexpected_paths(archive: Path, entries: list[Entry], settings: Settings) -> list[str]:
    """Everything in the archive folder that neither the catalogue nor the settings account
    for: files beside the entries, folders nobody catalogued, leftovers of staging. Entry
    folders themselves are checked file by file by verify."""
    folders = {entry.folder for entry in entries}
    holders = {folder.split("/", 1)[0] for folder in folders}
    allowed = set(ROOT_FILES)
    root = os.path.abspath(archive)
    for trust in settings.trust:  # compared as written: a symlinked anchor is still allowed
        relative = os.path.relpath(os.path.abspath(trust), root)
        if not relative.startswith(".."):
            parts = PurePosixPath(Path(relative).as_posix()).parts
            allowed.update("/".join(parts[:end]) for end in range(1, len(parts) + 1))
    found = []
    for current, directories, files in os.walk(archive):
        base = Path(current).relative_to(archive).as_posix()
        prefix = "" if base == "." else f"{base}/"
        for name in sorted(directories):
            relative = prefix + name
            if relative in folders:
                directories.remove(name)  # verify_entry looks inside
            elif relative not in holders and relative not in allowed:
                found.append(relative)
                directories.remove(name)  # reported whole
        found += [prefix + name for name in sorted(files) if prefix + name not in allowed]
    return sorted(found)
