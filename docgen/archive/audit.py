"""Checking the archive years later: every file re-hashed, every signature re-validated as of
when it was archived, catalogue and disk compared, the catalogue's hash chain walked."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from docgen.errors import DataError
from docgen.pdf.sign import check_signatures

from . import catalogue
from .catalogue import CatalogueError, Entry
from .store import (
    CATALOGUE,
    MANIFEST,
    SIGNED,
    TRUST_DIR,
    entry_from_manifest,
    load_manifest,
    locked,
    read_settings,
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
           trust: tuple[Path, ...] = ()) -> VerifyReport:
    """Everything, or one 文号's versions. ``head``: a chain hash written down earlier, which
    must still be on the chain. ``trust``: anchors kept outside the archive."""
    report = VerifyReport()
    if not (archive / CATALOGUE).is_file():
        report.problems.append(f"{archive} 中没有归档目录（{CATALOGUE}）")
        return report
    try:
        with locked(archive) as writable:  # the disk is read under the same lock
            _verify_locked(archive, doc_number, head, trust, writable, report)
    except (sqlite3.DatabaseError, CatalogueError) as error:
        report.problems.append(f"{CATALOGUE}：无法读取（{error}）")
    return report


def _verify_locked(archive: Path, doc_number: str | None, head: str | None,
                   trust: tuple[Path, ...], writable: bool, report: VerifyReport) -> None:
    with catalogue.connect(archive / CATALOGUE, writable) as connection:
        damage = catalogue.integrity_problems(connection)
        if damage:
            report.problems += [f"{CATALOGUE}：已损坏（{item}）" for item in damage]
            return
        if writable:
            report.recovered = recover(archive, connection)
        else:
            report.problems += [f"{folder}：归档未完成（以可写方式运行 verify 可以补完）"
                                for folder, _ in catalogue.intents(connection)]
        everything = catalogue.entries(connection)
    report.problems += catalogue.chain_problems(everything)
    if everything:
        last = max(everything, key=lambda entry: entry.seq)
        report.head = (last.seq, last.chain)
    if head and not any(entry.chain == head.strip().lower() for entry in everything):
        report.problems.append(f"目录链上没有 {head}：此前记下的条目已被删除或改动")
    listed = [e for e in everything if doc_number is None or e.doc_number == doc_number]
    if doc_number is not None and not listed:
        report.problems.append(f"归档中没有 {doc_number}")
    successors = {e.supersedes: e.folder for e in everything if e.supersedes}
    for entry in listed:
        report.checked.append(entry.folder)
        report.problems += verify_entry(archive, entry, successors.get(entry.folder), trust)
    if doc_number is None:
        report.problems += [f"{path}：磁盘上有，目录中没有（多余）" for path in
                            unexpected_paths(archive, everything, read_settings(archive))]


def verify_entry(archive: Path, entry: Entry, successor: str | None,
                 trust: tuple[Path, ...] = ()) -> list[str]:
    folder = archive / entry.folder
    if folder.is_symlink() or not folder.is_dir():
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
