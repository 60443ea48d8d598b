"""Accession (adding to the archive): check everything first, on private copies of the inputs
(the signed PDF's own checks are checks.py), store the entry atomically (store.py) and
catalogue it (catalogue.py)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from docgen.archive import catalogue
from docgen.archive.catalogue import CatalogueError, Entry
from docgen.archive.checks import check_signed, compare_text
from docgen.archive.seals import check_issue
from docgen.archive.store import (
    BUILT,
    CATALOGUE,
    DATA_DIR,
    MANIFEST_FORMAT,
    SIGNED,
    TRUST_DIR,
    ArchiveError,
    Settings,
    checkpoint,
    entry_from_manifest,
    locked,
    place,
    read_settings,
    recover,
    stage,
)
from docgen.errors import DataError, DocgenError, OutputError
from docgen.filenames import safe_file_stem
from docgen.libreoffice.convert import DEFAULT_TIMEOUT
from docgen.notice.extends import extends_allowed, extends_chain, load_file
from docgen.notice.model import Notice
from docgen.notice.validate import validate
from docgen.notice.verdict import require
from docgen.pdf.pdfa import pdfa_problems
from docgen.pdf.sign import SignatureReport
from docgen.pipelines.build import build


@dataclass(frozen=True)
class AddRequest:
    signed: Path
    data: Path
    template: Path | None = None
    trust: tuple[Path, ...] = ()
    accept_modified: str | None = None  # the reason, when a change after signing is accepted
    accept_untrusted: bool = False
    scanned: bool = False
    specimen: bool = False  # the 样章 SPECIMEN accepted in place of a real seal (recorded)
    supersede: str | None = None  # the reason, when this replaces an archived version
    retention: str | None = None


@dataclass
class AddResult:
    entry: Entry
    findings: list[str] = field(default_factory=list)  # what was checked, for the user
    recovered: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Snapshot:
    """Private copies of the inputs: what is checked is what is stored, even if someone
    changes the originals while the notice is being built."""

    signed: Path
    data: Path
    data_files: dict[str, Path]  # archive name (数据/…, extends layout kept) → copy
    trust: dict[str, Path]  # archive name (信任证书/…) → copy


def add(archive: Path, request: AddRequest, timeout: float = DEFAULT_TIMEOUT) -> AddResult:
    """Check the signed PDF against its data and signatures, then store it atomically."""
    settings = read_settings(archive)
    source = load_file(request.data)
    require(source)  # located errors point into the user's files, not the copies
    findings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="docgen-archive-") as scratch, \
            extends_allowed(Path(scratch) / "in"):  # the copies keep the user's layout
        snapshot = _snapshot(request, Path(scratch), tuple(request.trust) + settings.trust)
        notice = _snapshot_notice(snapshot, source, request, Path(scratch))
        problems, exceptions, report = check_signed(
            snapshot.signed, list(snapshot.trust.values()), name=request.signed,
            accept_modified=request.accept_modified, accept_untrusted=request.accept_untrusted,
            findings=findings)
        problems += _early_overwrite_problems(archive, notice, request)
        built = build(snapshot.data, Path(scratch) / "built", ("docx", "pdf"),
                      request.template, timeout, pdfa=True)
        built_pdf = next(path for path in built.files if path.suffix == ".pdf")
        problems += compare_text(snapshot.signed, built_pdf, name=request.signed,
                                 data=request.data, scanned=request.scanned,
                                 findings=findings, exceptions=exceptions)
        problems += check_issue(snapshot.signed, notice, name=request.signed,
                                specimen=request.specimen, findings=findings,
                                exceptions=exceptions)
        if problems:
            raise ArchiveError(problems, hint=_hint(problems, request))
        pdfa = not pdfa_problems(snapshot.signed)
        findings.append("签发件是 PDF/A-2b" if pdfa else "签发件不是 PDF/A-2b（照常归档，已记录）")
        record = _record(notice, built.pages, report, exceptions, request, settings)
        record.update(pdfa=pdfa, data_file=_data_name(snapshot))
        try:
            archive.mkdir(parents=True, exist_ok=True)
            entry, recovered = _store(archive, notice, request, record,
                                      _collect(snapshot, built.files))
        except sqlite3.Error as error:
            raise OutputError(f"无法写入归档目录 {archive / CATALOGUE}：{error}") from error
        except OSError as error:
            raise OutputError(f"无法写入归档 {archive}：{error.strerror or error}") from error
    return AddResult(entry, findings, recovered)


def _store(archive: Path, notice: Notice, request: AddRequest, record: dict,
           files: dict[str, Path]) -> tuple[Entry, list[str]]:
    """Under the lock: refuse an overwrite, stage, record the intent, place, catalogue."""
    with locked(archive) as writable:
        if not writable:
            raise ArchiveError([f"归档目录 {archive} 不可写"])
        with catalogue.connect(archive / CATALOGUE) as connection:
            recovered = recover(archive, connection)
            everything = catalogue.entries(connection)
            previous = [e for e in everything if e.doc_number == notice.doc_number]
            _refuse_overwrite(notice, previous, request)
            version = max((entry.version for entry in previous), default=0) + 1
            record.update(folder=f"{_folder_stem(notice.doc_number, everything)}/v{version}",
                          version=version,
                          supersedes=previous[-1].folder if previous else None)
            staging, manifest_hash = stage(archive, files, record)
            try:
                catalogue.intend(connection, record["folder"], manifest_hash)
            except sqlite3.Error:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            checkpoint("intended")
            place(archive, staging, record["folder"])
            checkpoint("renamed")
            catalogue.insert(connection, entry_from_manifest(record, manifest_hash))
            checkpoint("catalogued")
            return catalogue.entries(connection, notice.doc_number)[-1], recovered


def _snapshot(request: AddRequest, work: Path, trust: tuple[Path, ...]) -> Snapshot:
    chain = extends_chain(request.data)
    root = Path(os.path.commonpath([path.parent for path in chain]))
    copies = {}
    for path in chain:
        relative = path.relative_to(root).as_posix()
        target = work / "in" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        copies[f"{DATA_DIR}/{relative}"] = target
    anchors = {}
    (work / "trust").mkdir()
    for index, path in enumerate(trust, start=1):
        name = f"{index}-{safe_file_stem(path.stem)}.pem"
        anchors[f"{TRUST_DIR}/{name}"] = _copy_in(path, work / "trust" / name)
    signed = _copy_in(request.signed, work / "signed.pdf")
    return Snapshot(signed, work / "in" / chain[0].relative_to(root), copies, anchors)


def _copy_in(source: Path, target: Path) -> Path:
    try:
        shutil.copyfile(source, target)
    except OSError as error:
        raise ArchiveError([f"无法读取 {source}：{error.strerror}"]) from error
    return target


def _snapshot_notice(snapshot: Snapshot, source, request: AddRequest, work: Path) -> Notice:
    """The notice from the copies, which must be the data that was just validated."""
    changed = ArchiveError([f"数据文件 {request.data} 在归档过程中被改动"], hint="请重新运行。")
    try:
        copied = load_file(snapshot.data)
        copies = (work / "in").resolve()
        inside = all(path.resolve().is_relative_to(copies)
                     for path in extends_chain(snapshot.data))
    except DataError as error:
        raise changed from error
    if copied.data != source.data or not inside:
        raise changed
    return validate(copied)


def _data_name(snapshot: Snapshot) -> str:
    return next(name for name, path in snapshot.data_files.items() if path == snapshot.data)


def _folder_stem(doc_number: str, everything: list[Entry]) -> str:
    """The sanitised 文号; two 文号 that sanitise alike get told apart by a hash."""
    stem = safe_file_stem(doc_number)
    taken = {e.folder.rsplit("/", 1)[0] for e in everything if e.doc_number != doc_number}
    mine = {e.folder.rsplit("/", 1)[0] for e in everything if e.doc_number == doc_number}
    if mine:
        return next(iter(mine))
    if stem in taken:
        stem = f"{stem}-{hashlib.sha256(doc_number.encode()).hexdigest()[:8]}"
    return stem


def _hint(problems: list[str], request: AddRequest) -> str:
    hints = []
    if any("不会被覆盖" in problem for problem in problems) and not request.supersede:
        hints.append("发布新版本时使用 --supersede --reason 说明理由，旧版本保留")
    if any("信任" in problem for problem in problems):
        hints.append("用 --trust 根证书.pem 指定信任的证书（或写入归档的 settings.toml），"
                     "确需归档时加 --accept-untrusted")
    if any("签名之后" in problem for problem in problems):
        hints.append("签名后的改动须加 --accept-modified --reason 说明理由")
    if any("样章" in problem for problem in problems):
        hints.append("样章只用于试行流程；确需归档样章件时加 --specimen（记录在案）")
    return "；".join(hints)


def _early_overwrite_problems(archive: Path, notice: Notice, request: AddRequest) -> list[str]:
    """The same refusal as under the lock, found before the (slow) build."""
    if not (archive / CATALOGUE).is_file():
        return []
    try:
        with catalogue.connect(archive / CATALOGUE, writable=False) as connection:
            _refuse_overwrite(notice, catalogue.entries(connection, notice.doc_number), request)
    except ArchiveError as error:
        return error.problems
    except (sqlite3.DatabaseError, CatalogueError) as error:
        return [f"{archive / CATALOGUE}：无法读取（{error}）"]
    return []


def _refuse_overwrite(notice: Notice, previous: list[Entry], request: AddRequest) -> None:
    if previous and not request.supersede:
        latest = previous[-1]
        raise ArchiveError([f"{notice.doc_number} 已于 {latest.archived_at} 归档"
                            f"（{latest.folder}），归档条目不会被覆盖"],
                           hint="发布新版本时使用 --supersede --reason 说明理由，旧版本保留。")
    if request.supersede and not previous:
        raise ArchiveError([f"--supersede：归档中没有 {notice.doc_number}，无可取代的版本"])


def _collect(snapshot: Snapshot, built: list[Path]) -> dict[str, Path]:
    """Archive name → file to copy."""
    files = {SIGNED: snapshot.signed, **snapshot.data_files, **snapshot.trust}
    for path in built:
        files[f"{BUILT}{path.suffix}"] = path
    return files


def _record(notice: Notice, pages: int, report: SignatureReport, exceptions: dict[str, str],
            request: AddRequest, settings: Settings) -> dict:
    """The manifest's record; folder, version and supersedes are filled in under the lock."""
    last = report.signatures[-1] if report.signatures else None
    return {
        "format": MANIFEST_FORMAT,
        "folder": "",
        "doc_number": notice.doc_number,
        "version": 0,
        "title": notice.title.replace("\n", ""),
        "issuer": notice.issuer.name,
        "date": notice.signature.date.isoformat(),
        "pages": pages,
        "note": notice.note or "",
        "retention": request.retention or settings.retention,
        "signer": last.signer if last else "",
        "signed_at": last.signed_at if last else "",
        "signatures": [asdict(check) for check in report.signatures],
        "archived_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "units": _units(notice),
        "exceptions": exceptions,
        "supersedes": None,
        "reason": request.supersede or "",
    }


def _units(notice: Notice) -> list[str]:
    if notice.units is None:
        return []
    from docgen.notice.tasks import plan  # the per-unit plan names the 处室 that have tasks

    try:
        return sorted({extract.unit for extract in plan(notice) if extract.leaves})
    except DocgenError:
        return []
