"""The archive: the issued, signed PDF stored with the data it was made from, hash-bound,
append-only, and checkable years later.

Layout (inside the archive folder, ``archive/`` by default)::

    catalogue.sqlite                 the catalogue (see catalogue.py)
    settings.toml                    optional: trust = ["root.pem"], retention = "30年"
    <文号>/v1/签发件.pdf              the signed PDF exactly as received
              数据/<name>.yaml        the data file(s) it was built from
              生成件.docx, 生成件.pdf  what docgen builds from that data
              信任证书/*.pem           the trust anchors it was checked against
              manifest.json           SHA-256 of every file above, and the record

An entry is staged in a hidden folder and fsynced; the catalogue records the intent (folder and
manifest hash); the folder is renamed into place; the entry is catalogued and the intent
settled in one transaction. A crash before the rename leaves nothing visible (the staging
folder is swept away, the intent dropped); a crash after it leaves a complete folder whose
manifest matches the intent, which the next archive command catalogues (roll forward). A
folder nobody intended is never adopted. One lock file serialises writers.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from . import catalogue
from .catalogue import Entry
from .errors import DataError, DocgenError, ExitCode, OutputError, Problem
from .load import Source, load_file
from .measure import open_pdf
from .model import Notice
from .names import safe_file_stem
from .pipeline import build
from .sign import SignatureReport, check_signatures
from .validate import validate

DEFAULT_ARCHIVE = Path("archive")
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
CONTEXT_CHARS = 24


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
class AddRequest:
    signed: Path
    data: Path
    template: Path | None = None
    trust: tuple[Path, ...] = ()
    accept_modified: str | None = None  # the reason, when a change after signing is accepted
    accept_untrusted: bool = False
    scanned: bool = False
    supersede: str | None = None  # the reason, when this replaces an archived version
    retention: str | None = None


@dataclass
class AddResult:
    entry: Entry
    findings: list[str] = field(default_factory=list)  # what was checked, for the user
    recovered: list[str] = field(default_factory=list)


@dataclass
class VerifyReport:
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    trust: tuple[Path, ...] = ()
    retention: str = DEFAULT_RETENTION


# ── add ──────────────────────────────────────────────────────────────────────────────────────

def add(archive: Path, request: AddRequest, timeout: float = 180.0) -> AddResult:
    """Check the signed PDF against its data and signatures, then store it atomically."""
    settings = read_settings(archive)
    trust = tuple(request.trust) + settings.trust
    source = load_file(request.data)
    notice = validate(source)
    findings: list[str] = []
    problems, exceptions, report = _check_signed(request, trust, findings)
    problems += _early_overwrite_problems(archive, notice, request)
    with tempfile.TemporaryDirectory(prefix="docgen-archive-") as scratch:
        built = build(request.data, Path(scratch) / "built", ("docx", "pdf"),
                      request.template, timeout, pdfa=True)
        built_pdf = next(path for path in built.files if path.suffix == ".pdf")
        problems += _compare_text(request, built_pdf, findings, exceptions)
        if problems:
            raise ArchiveError(problems, hint=_hint(problems, request))
        archive.mkdir(parents=True, exist_ok=True)
        with _locked(archive), catalogue.connect(archive / CATALOGUE) as connection:
            recovered = _recover(archive, connection)
            previous = catalogue.entries(connection, notice.doc_number)
            _refuse_overwrite(notice, previous, request)
            version = max((entry.version for entry in previous), default=0) + 1
            folder = f"{safe_file_stem(notice.doc_number)}/v{version}"
            files = _collect(request, source, built.files, trust)
            record = _record(notice, folder, version, built.pages, report, exceptions,
                             request, settings, previous)
            staging, manifest_hash = _stage(archive, files, record)
            catalogue.intend(connection, folder, manifest_hash)
            _checkpoint("intended")
            _place(archive, staging, folder)
            _checkpoint("renamed")
            catalogue.insert(connection, _entry_from_manifest(record, manifest_hash))
            _checkpoint("catalogued")
    return AddResult(_entry_from_manifest(record, manifest_hash), findings, recovered)


def _check_signed(request: AddRequest, trust: tuple[Path, ...],
                  findings: list[str]) -> tuple[list[str], dict[str, str], SignatureReport]:
    problems: list[str] = []
    exceptions: dict[str, str] = {}
    try:
        with open_pdf(request.signed) as document:
            pages = document.page_count
    except (RuntimeError, ValueError) as error:
        raise ArchiveError([f"{request.signed} 不是可读的 PDF：{error}"]) from error
    report = check_signatures(request.signed, list(trust))
    for problem in report.problems:
        if report.modified and problem.startswith("最后一个签名之后") and request.accept_modified:
            exceptions["accepted_modified"] = f"{problem}；理由：{request.accept_modified}"
            findings.append(f"签名之后的改动已按 --accept-modified 接受并记录：{problem}")
        else:
            problems.append(problem)
    if report.untrusted:
        if request.accept_untrusted:
            exceptions["accepted_untrusted"] = "；".join(report.untrusted)
            findings.append("不受信任的签名人已按 --accept-untrusted 接受并记录")
        else:
            problems += report.untrusted
    for check in report.signatures:
        state = "完整" if check.sound else "已损坏"
        cover = "覆盖整个文件" if check.covers_file else f"未覆盖整个文件（{check.modification}）"
        trusted = "受信任" if check.trusted else "不受信任"
        findings.append(f"签名“{check.field}”：{state}，{cover}，签名人 {check.signer}"
                        f"（{trusted}），签名时间 {check.signed_at}（{pages} 页）")
    return problems, exceptions, report


def _compare_text(request: AddRequest, built_pdf: Path, findings: list[str],
                  exceptions: dict[str, str]) -> list[str]:
    """The signed PDF must say what the notice built from the data says."""
    signed_pages = page_texts(request.signed)
    if not any(signed_pages):
        if request.scanned:
            exceptions["scanned"] = "无文字层的扫描件，未与数据比对文字"
            findings.append("扫描件：没有文字层，已按 --scanned 记录，未比对文字")
            return []
        return [f"{request.signed} 没有文字层（扫描件？），无法与数据比对",]
    built_pages = page_texts(built_pdf)
    difference = first_difference("".join(signed_pages), "".join(built_pages))
    if difference is None:
        findings.append(f"文字与数据 {request.data} 生成的通知一致（{len(built_pages)} 页）")
        return []
    where, ours, theirs = difference
    page = _page_of(signed_pages, where)
    return [f"PDF 的文字与数据 {request.data} 生成的通知不一致：第 {page} 页起，"
            f"PDF 为“{ours}”，数据生成的为“{theirs}”"]


def page_texts(pdf: Path) -> list[str]:
    """Each page's text with all white space removed."""
    with open_pdf(pdf) as document:
        return ["".join(page.get_text().split()) for page in document]


def first_difference(ours: str, theirs: str) -> tuple[int, str, str] | None:
    if ours == theirs:
        return None
    index = next((i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
                 min(len(ours), len(theirs)))
    start = max(index - 6, 0)
    return (index, ours[start:index + CONTEXT_CHARS] or "（结束）",
            theirs[start:index + CONTEXT_CHARS] or "（结束）")


def _page_of(pages: list[str], index: int) -> int:
    seen = 0
    for number, text in enumerate(pages, start=1):
        seen += len(text)
        if index < seen:
            return number
    return len(pages)


def _hint(problems: list[str], request: AddRequest) -> str:
    hints = []
    if any("不会被覆盖" in problem for problem in problems) and not request.supersede:
        hints.append("发布新版本时使用 --supersede --reason 说明理由，旧版本保留")
    if any("信任" in problem for problem in problems):
        hints.append("用 --trust 根证书.pem 指定信任的证书（或写入归档的 settings.toml），"
                     "确需归档时加 --accept-untrusted")
    if any("签名之后" in problem for problem in problems):
        hints.append("签名后的改动须加 --accept-modified --reason 说明理由")
    return "；".join(hints)


def _early_overwrite_problems(archive: Path, notice: Notice, request: AddRequest) -> list[str]:
    """The same refusal as under the lock, found before the (slow) build."""
    if not (archive / CATALOGUE).is_file():
        return []
    try:
        with catalogue.connect(archive / CATALOGUE) as connection:
            _refuse_overwrite(notice, catalogue.entries(connection, notice.doc_number), request)
    except ArchiveError as error:
        return error.problems
    except sqlite3.DatabaseError as error:
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


def _collect(request: AddRequest, source: Source, built: list[Path],
             trust: tuple[Path, ...]) -> dict[str, Path]:
    """Archive name → file to copy. The data file and any file it extends are kept."""
    files = {SIGNED: request.signed}
    data_file = source.file
    data_files = [Path(data_file), *sorted({Path(f) for f in source.files.values()}
                                           - {Path(data_file)})]
    for index, path in enumerate(data_files):
        name = safe_file_stem(path.stem) + path.suffix
        files[f"{DATA_DIR}/{name if index == 0 else f'{index}-{name}'}"] = path
    for path in built:
        files[f"{BUILT}{path.suffix}"] = path
    for index, path in enumerate(trust, start=1):
        files[f"{TRUST_DIR}/{index}-{safe_file_stem(path.stem)}.pem"] = path
    return files


def _record(notice: Notice, folder: str, version: int, pages: int, report: SignatureReport,
            exceptions: dict[str, str], request: AddRequest, settings: Settings,
            previous: list[Entry]) -> dict:
    last = report.signatures[-1] if report.signatures else None
    return {
        "format": MANIFEST_FORMAT,
        "folder": folder,
        "doc_number": notice.doc_number,
        "version": version,
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
        "supersedes": previous[-1].folder if previous and request.supersede else None,
        "reason": request.supersede or "",
    }


def _units(notice: Notice) -> list[str]:
    if notice.units is None:
        return []
    from .extract import plan  # the per-unit plan names the 处室 that have tasks

    try:
        return sorted({extract.unit for extract in plan(notice) if extract.leaves})
    except DocgenError:
        return []


def _stage(archive: Path, files: dict[str, Path], record: dict) -> tuple[Path, str]:
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
            _fsync(target)
        _checkpoint("copied")
        manifest = {**record, "files": hashes}
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        (staging / MANIFEST).write_text(text, encoding="utf-8")
        (staging / MANIFEST).chmod(0o444)
        _fsync(staging / MANIFEST)
        for directory in {staging, *(p.parent for p in staging.rglob("*"))}:
            _fsync(directory)
        _checkpoint("staged")
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"无法写入归档 {archive}：{error.strerror or error}") from error
    return staging, hashlib.sha256(text.encode("utf-8")).hexdigest()


def _place(archive: Path, staging: Path, folder: str) -> None:
    """The commit point on disk: one rename of the complete staging folder."""
    final = archive / folder
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, final)  # atomic; refuses a non-empty existing folder
        _fsync(final.parent)
        _fsync(archive)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"无法写入归档 {archive}：{error.strerror or error}") from error


def _entry_from_manifest(manifest: dict, manifest_hash: str) -> Entry:
    return Entry(
        folder=manifest["folder"], doc_number=manifest["doc_number"],
        version=manifest["version"], title=manifest["title"], issuer=manifest["issuer"],
        date=manifest["date"], year=int(manifest["date"][:4]), pages=manifest["pages"],
        note=manifest["note"], retention=manifest["retention"], signer=manifest["signer"],
        signed_at=manifest["signed_at"], archived_at=manifest["archived_at"],
        units=manifest["units"], exceptions=manifest["exceptions"],
        supersedes=manifest["supersedes"], reason=manifest["reason"],
        manifest_sha256=manifest_hash)


# ── verify and list ──────────────────────────────────────────────────────────────────────────

def verify(archive: Path, doc_number: str | None = None) -> VerifyReport:
    """Re-hash every file, re-validate every signature, compare catalogue and disk."""
    report = VerifyReport()
    if not (archive / CATALOGUE).is_file():
        report.problems.append(f"{archive} 中没有归档目录（{CATALOGUE}）")
        return report
    with _locked(archive):
        try:
            with catalogue.connect(archive / CATALOGUE) as connection:
                damage = catalogue.integrity_problems(connection)
                if damage:
                    report.problems += [f"{CATALOGUE}：已损坏（{item}）" for item in damage]
                    return report
                report.recovered = _recover(archive, connection)
                everything = catalogue.entries(connection)
        except sqlite3.DatabaseError as error:
            report.problems.append(f"{CATALOGUE}：无法读取（{error}）")
            return report
    listed = [e for e in everything if doc_number is None or e.doc_number == doc_number]
    if doc_number is not None and not listed:
        report.problems.append(f"归档中没有 {doc_number}")
    successors = {e.supersedes: e.folder for e in everything if e.supersedes}
    for entry in listed:
        report.checked.append(entry.folder)
        report.problems += _verify_entry(archive, entry, successors.get(entry.folder))
    if doc_number is None:
        known = {entry.folder for entry in everything}
        report.problems += [f"{folder}：磁盘上有此条目，目录中没有（多余）"
                            for folder in _folders_on_disk(archive) if folder not in known]
    return report


def _verify_entry(archive: Path, entry: Entry, successor: str | None) -> list[str]:
    folder = archive / entry.folder
    if not folder.is_dir():
        return [f"{entry.folder}：目录中有此条目，磁盘上没有（缺失）"]
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        return [f"{entry.folder}/{MANIFEST}：缺失"]
    problems = []
    if sha256(manifest_path) != entry.manifest_sha256:
        problems.append(f"{entry.folder}/{MANIFEST}：与目录中记录的校验值不符（被改动）")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        recorded = manifest["files"]
    except (ValueError, KeyError, UnicodeDecodeError):
        return [*problems, f"{entry.folder}/{MANIFEST}：无法读取"]
    problems += _catalogue_row_problems(entry, manifest, successor)
    for name, expected in recorded.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{entry.folder}/{name}：缺失")
        elif sha256(path) != expected.get("sha256"):
            problems.append(f"{entry.folder}/{name}：SHA-256 不符（被改动）")
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    problems += [f"{entry.folder}/{name}：多余的文件" for name in
                 sorted(on_disk - set(recorded) - {MANIFEST})]
    signed = folder / SIGNED
    if signed.is_file() and not any(SIGNED in problem for problem in problems):
        problems += _verify_signatures(entry, folder, signed)
    return problems


def _catalogue_row_problems(entry: Entry, manifest: dict, successor: str | None) -> list[str]:
    """The catalogue row must say what the manifest says (a changed row is tampering)."""
    try:
        expected = replace(_entry_from_manifest(manifest, entry.manifest_sha256),
                           superseded_by=successor)
    except (KeyError, TypeError, ValueError):
        return [f"{entry.folder}/{MANIFEST}：内容不完整"]
    differing = [name for name in expected.__dataclass_fields__
                 if getattr(expected, name) != getattr(entry, name)]
    return [f"{entry.folder}：目录中的 {name} 与 {MANIFEST} 不符（目录被改动）"
            for name in differing]


def _verify_signatures(entry: Entry, folder: Path, signed: Path) -> list[str]:
    trust = sorted((folder / TRUST_DIR).glob("*.pem"))
    try:
        report = check_signatures(signed, trust)
    except DataError as error:
        return [f"{entry.folder}/{SIGNED}：{error.problems[0].message}"]
    problems = list(report.problems)
    if "accepted_modified" in entry.exceptions:
        problems = [p for p in problems if not p.startswith("最后一个签名之后")]
    if report.untrusted and "accepted_untrusted" not in entry.exceptions:
        problems += report.untrusted
    return [f"{entry.folder}/{SIGNED}：{problem}" for problem in problems]


def _folders_on_disk(archive: Path) -> list[str]:
    return sorted(f"{top.name}/{version.name}" for top in archive.iterdir()
                  if top.is_dir() and not top.name.startswith(".")
                  for version in top.iterdir() if version.is_dir())


def list_entries(archive: Path, year: int | None = None, unit: str | None = None,
                 text: str | None = None) -> list[Entry]:
    if not (archive / CATALOGUE).is_file():
        return []
    with catalogue.connect(archive / CATALOGUE) as connection:
        return catalogue.search(connection, year, unit, text)


# ── crash safety ─────────────────────────────────────────────────────────────────────────────

@contextmanager
def _locked(archive: Path) -> Iterator[None]:
    """One writer at a time, across processes (released by the kernel if the process dies)."""
    with (archive / LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _recover(archive: Path, connection) -> list[str]:
    """Finish what a crash interrupted. Staging folders were never visible: swept away.
    An add records its intent (folder + manifest hash) in the catalogue before the rename;
    a placed folder whose manifest still has that hash is catalogued (roll forward), an
    intent whose folder never appeared is dropped. A folder nobody intended is never
    adopted: verify reports it as extra."""
    for staging in archive.glob(f"{STAGING}*"):
        shutil.rmtree(staging, ignore_errors=True)
    recovered = []
    for folder, manifest_hash in catalogue.intents(connection):
        manifest_path = archive / folder / MANIFEST
        if not manifest_path.is_file() or sha256(manifest_path) != manifest_hash:
            catalogue.drop_intent(connection, folder)
            continue
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        catalogue.insert(connection, _entry_from_manifest(manifest, manifest_hash))
        recovered.append(folder)
    return recovered


def _checkpoint(name: str) -> None:
    """Tests kill the process here (``DOCGEN_ARCHIVE_CRASH_AT=<name>``) to prove that a
    crash at this point leaves the archive consistent."""
    if os.environ.get(CRASH_HOOK) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_settings(archive: Path) -> Settings:
    """``settings.toml`` in the archive: trust anchors (relative to the archive) and the
    default 保管期限."""
    path = archive / SETTINGS
    if not path.is_file():
        return Settings()
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise DataError([Problem(f"无法读取归档设置：{error}", str(path))]) from error
    trust = values.get("trust", [])
    retention = values.get("retention", DEFAULT_RETENTION)
    if not isinstance(trust, list) or not all(isinstance(item, str) for item in trust):
        raise DataError([Problem("trust 应为证书文件名的列表", str(path), path="trust")])
    if not isinstance(retention, str) or not retention.strip():
        raise DataError([Problem("retention 应为文字，如“永久”“30年”", str(path),
                                 path="retention")])
    return Settings(tuple(archive / item for item in trust), retention)

