"""Checking the archive years later: every file re-hashed, every signature re-validated as of
when it was archived, catalogue and disk compared, the catalogue's hash chain walked."""

from __future__ import annotations

import difflib
import os
import sqlite3
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from docgen.errors import DataError, OutputError, UsageError
from docgen.pdf.sign import check_signatures

from . import catalogue
from .catalogue import CatalogueError, Entry
from .store import (
    CATALOGUE,
    MANIFEST,
    SIGNED,
    STAGING,
    TRUST_DIR,
    entry_from_manifest,
    load_manifest,
    locked,
    read_settings,
    reading,
    recover,
    sha256,
    unexpected_paths,
)


@dataclass
class VerifyReport:
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    head: tuple[int, str] | None = None  # the chain's last link: (seq, hash)


def verify(archive: Path, doc_number: str | None = None, head: str | None = None,
           trust: tuple[Path, ...] = (), repair: bool = False) -> VerifyReport:
    """Everything, or one 文号's versions. ``head``: a chain hash written down earlier, which
    must still be on the chain. ``trust``: anchors kept outside the archive. Nothing is
    written (the catalogue is opened read-only) unless ``repair`` asks to finish or sweep
    away an add that a crash interrupted."""
    report = VerifyReport()
    path = archive / CATALOGUE
    if path.is_symlink() or not path.is_file():
        report.problems.append(f"{archive} 中没有归档目录（{CATALOGUE}）")
        return report
    if path.stat().st_size == 0:
        report.problems.append(f"{path}：空文件（0 字节），不是归档目录")
        return report
    try:
        if repair:
            report.recovered = _repair(archive)
        with reading(archive):  # the disk is read under the same (shared) lock
            _verify_locked(archive, doc_number, head, trust, report)
    except (sqlite3.DatabaseError, CatalogueError) as error:
        report.problems.append(f"{CATALOGUE}：无法读取（{error}）")
    return report


def _repair(archive: Path) -> list[str]:
    with locked(archive) as writable:
        if not writable:
            raise OutputError(f"归档 {archive} 不可写，无法补完中断的归档")
        with catalogue.connect(archive / CATALOGUE) as connection:
            return recover(archive, connection)


def _verify_locked(archive: Path, doc_number: str | None, head: str | None,
                   trust: tuple[Path, ...], report: VerifyReport) -> None:
    with catalogue.connect(archive / CATALOGUE, writable=False) as connection:
        damage = catalogue.integrity_problems(connection)
        if damage:
            report.problems += [f"{CATALOGUE}：已损坏（{item}）" for item in damage]
            return
        unfinished = [folder for folder, _ in catalogue.intents(connection)]
        everything = catalogue.entries(connection)
    if doc_number is not None and not any(e.doc_number == doc_number for e in everything):
        raise UsageError(f"归档中没有 {doc_number}" + suggest(doc_number, everything),
                         hint="用 docgen archive list 查看已归档的文号。")
    report.problems += [f"{folder}：上次归档中断，未完成（运行 docgen archive verify --repair "
                        "补完）" for folder in unfinished]
    staging = sorted(path.name for path in archive.glob(f"{STAGING}*"))
    report.problems += [f"{name}：上次归档中断留下的暂存目录（运行 docgen archive verify "
                        "--repair 清理）" for name in staging]
    report.problems += catalogue.chain_problems(everything)
    if everything:
        last = max(everything, key=lambda entry: entry.seq)
        report.head = (last.seq, last.chain)
    if head and not any(entry.chain == head.strip().lower() for entry in everything):
        report.problems.append(f"目录链上没有 {head}：此前记下的条目已被删除或改动")
    listed = [e for e in everything if doc_number is None or e.doc_number == doc_number]
    successors = {e.supersedes: e.folder for e in everything if e.supersedes}
    for entry in listed:
        report.checked.append(entry.folder)
        report.problems += verify_entry(archive, entry, successors.get(entry.folder), trust)
    if doc_number is None:
        known = set(staging) | {folder.split("/", 1)[0] for folder in unfinished} | set(
            unfinished)
        report.problems += [f"{path}：磁盘上有，目录中没有（多余）" for path in
                            unexpected_paths(archive, everything, read_settings(archive))
                            if path not in known]


_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕",
                           "（": "〔", "）": "〕", "［": "〔", "］": "〕", "〖": "〔", "〗": "〕"})


def normalise_number(text: str) -> str:
    """A 文号 as typed, with [] 【】 () and their full-width forms read as 〔〕 and
    full-width digits as half-width."""
    return unicodedata.normalize("NFKC", text.strip().translate(_BRACKETS)).translate(
        _BRACKETS).replace(" ", "")


def suggest(doc_number: str, everything: list[Entry]) -> str:
    """（是否为“…”？） with the closest catalogued 文号, or nothing."""
    numbers = sorted({entry.doc_number for entry in everything})
    wanted = normalise_number(doc_number)
    same = [number for number in numbers if normalise_number(number) == wanted]
    close = same or difflib.get_close_matches(wanted, numbers, n=1, cutoff=0.6)
    return f"（是否为“{close[0]}”？）" if close else ""


def verify_entry(archive: Path, entry: Entry, successor: str | None,
                 trust: tuple[Path, ...] = ()) -> list[str]:
    folder = archive / entry.folder
    holder = folder.parent  # the 文号 folder: a link there swaps every version at once
    for path in (holder, folder):
        if path.is_symlink():
            return [f"{path.relative_to(archive).as_posix()}：是符号链接，不是归档的目录"
                    f"（指向 {os.readlink(path)}）"]
    if not folder.is_dir():
        return [f"{entry.folder}：目录中有此条目，磁盘上没有（缺失）"]
    manifest_path = folder / MANIFEST
    manifest = load_manifest(manifest_path)
    if isinstance(manifest, str):
        return [f"{entry.folder}/{MANIFEST}：{manifest}"]
    problems = []
    if sha256(manifest_path) != entry.manifest_sha256:
        problems.append(f"{entry.folder}/{MANIFEST}：与目录中记录的校验值不符（被改动）")
    else:  # the manifest is the hash-bound record: the row must agree with it
        problems += _catalogue_row_problems(entry, manifest, successor)
    recorded = manifest["files"]
    for name, expected in recorded.items():
        problems += _file_problems(folder / name, f"{entry.folder}/{name}", expected["sha256"])
    problems += [f"{entry.folder}/{name}：多余" for name in _extras(folder, set(recorded))]
    signed = folder / SIGNED
    if not any(f"/{SIGNED}：" in problem for problem in problems):
        problems += _verify_signatures(entry, folder, signed, trust, manifest["archived_at"])
    return problems


def _file_problems(path: Path, label: str, expected: str) -> list[str]:
    try:
        if path.is_symlink():
            return [f"{label}：是符号链接，不是归档的文件"]
        if not path.is_file():
            return [f"{label}：缺失"]
        if sha256(path) != expected:
            return [f"{label}：SHA-256 不符（被改动）"]
    except OSError as error:
        return [f"{label}：无法读取（{error.strerror}）"]
    return []


def _extras(folder: Path, recorded: set[str]) -> list[str]:
    """Files, links and folders in an entry that its manifest does not list."""
    expected = recorded | {MANIFEST}
    holders = {"/".join(name.split("/")[:end]) for name in expected
               for end in range(1, name.count("/") + 1)}
    extras = []
    for current, directories, files in os.walk(folder):  # os.walk does not follow links
        base = Path(current).relative_to(folder).as_posix()
        prefix = "" if base == "." else f"{base}/"
        for name in sorted(directories):
            if prefix + name not in holders or (Path(current) / name).is_symlink():
                extras.append(prefix + name)
                directories.remove(name)
        extras += [prefix + name for name in sorted(files) if prefix + name not in expected]
    return sorted(extras)


def _catalogue_row_problems(entry: Entry, manifest: dict, successor: str | None) -> list[str]:
    """The catalogue row must say what the manifest says (a changed row is tampering); the
    successor link and the chain exist only in the catalogue and are checked elsewhere."""
    expected = replace(entry_from_manifest(manifest, entry.manifest_sha256),
                       superseded_by=successor, seq=entry.seq, chain=entry.chain)
    differing = [name for name in expected.__dataclass_fields__
                 if getattr(expected, name) != getattr(entry, name)]
    return [f"{entry.folder}：目录中的 {name} 与 {MANIFEST} 不符（目录被改动）"
            for name in differing]


def _verify_signatures(entry: Entry, folder: Path, signed: Path, trust: tuple[Path, ...],
                       archived_at: str) -> list[str]:
    """Re-validated as of the time of archiving (recorded in the hash-bound manifest), so a
    certificate that expired since does not fail a sound entry. ``trust``, when given, are
    anchors kept outside the archive and replace the ones stored in the entry, so that a
    consistently rewritten entry signed by a made-up CA still fails."""
    anchors = list(trust) or sorted((folder / TRUST_DIR).glob("*.pem"))
    moment = datetime.fromisoformat(archived_at)  # from the manifest, checked aware on load
    try:
        report = check_signatures(signed, anchors, moment)
    except DataError as error:
        return [f"{entry.folder}/{SIGNED}：{error.problems[0].message}"]
    problems = list(report.problems)
    if "accepted_modified" in entry.exceptions:
        problems = [p for p in problems if not p.startswith("最后一个签名之后")]
    if report.untrusted and "accepted_untrusted" not in entry.exceptions:
        problems += report.untrusted
    return [f"{entry.folder}/{SIGNED}：{problem}" for problem in problems]


def list_entries(archive: Path, year: int | None = None, unit: str | None = None,
                 text: str | None = None) -> list[Entry]:
    if not (archive / CATALOGUE).is_file():
        return []
    with catalogue.connect(archive / CATALOGUE, writable=False) as connection:
        return catalogue.search(connection, year, unit, text)
