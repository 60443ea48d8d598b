"""How every command writes: nothing of anyone's is overwritten or deleted without asking.

Files are produced in a private scratch folder, copied into a hidden staging folder beside
their targets (a fresh random name per run), then renamed into place together: all of a
run's files appear, or none does and the earlier ones are left as they were.

docgen records what it wrote in each folder (``.docgen-outputs.json``: name → SHA-256). A
later run may replace a file that is still byte for byte what docgen wrote there, so the
everyday rebuild needs no flag; a file someone edited since, or that docgen never wrote, is
refused unless ``force``, and then it is kept under a ``.bak`` name, never deleted.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from docgen.digests import file_sha256
from docgen.errors import DataError, OutputError, OutputExistsError, Problem, UsageError
from docgen.filenames import safe_file_stem
from docgen.tempdirs import private_folder

FORMATS = ("docx", "pdf")
MANIFEST = ".docgen-outputs.json"
STAGE_PREFIX = ".docgen-stage-"


@dataclass
class Published:
    files: list[Path]
    backups: list[Path] = field(default_factory=list)  # someone's files kept under .bak names


@contextmanager
def scratch(kind: str) -> Iterator[Path]:
    """A private folder for one run's intermediate files, removed afterwards (and by the next
    run if this one is killed: its name carries this process's id)."""
    folder = private_folder(kind)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Staged:
    """Where to write one output file; ``published`` once it is in place."""

    path: Path
    published: Published | None = None


@contextmanager
def staged_file(target: Path, kind: str, *, force: bool = False, inputs: Iterable[Path] = (),
                record: bool = True) -> Iterator[Staged]:
    """A scratch path for ``target``'s content, published (as :func:`publish`) when the block
    ends without an error; refused before any work when it could not be."""
    inputs = list(inputs)
    preflight([target.name], target.parent, force=force, inputs=inputs, record=record)
    with scratch(kind) as work:
        staged = Staged(work / target.name)
        yield staged
        staged.published = publish({target.name: staged.path}, target.parent, force=force,
                                   inputs=inputs, record=record)


def preflight(names: Iterable[str], folder: Path, *, force: bool = False,
              inputs: Iterable[Path] = (), record: bool = True) -> list[Path]:
    """Refuse now what :func:`publish` would refuse later (before minutes of work); returns
    the files that ``force`` will move aside."""
    targets = [folder / name for name in names]
    refuse_inputs(targets, inputs)
    manifest = read_manifest(folder) if record else {}
    taken = [target for target in targets if _someone_elses(target, manifest)]
    if taken and not force:
        raise OutputExistsError([(path, _why_taken(path, manifest, record)) for path in taken])
    return taken


def publish(files: Mapping[str, Path], folder: Path, *, force: bool = False,
            inputs: Iterable[Path] = (), record: bool = True) -> Published:
    """Put ``files`` (name in ``folder`` → finished file) in place, all or none.

    ``inputs`` may never be overwritten; ``record`` keeps the folder's manifest (off for a
    file that is the clerk's to edit from the moment it exists, such as next year's data).
    """
    targets = {folder / name: source for name, source in files.items()}
    taken = preflight(files, folder, force=force, inputs=inputs, record=record)
    manifest = read_manifest(folder) if record else {}
    created = _make_folder(folder)
    stage: Path | None = None
    try:
        stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=folder))
        return _swap_in(targets, set(taken), stage, folder, manifest if record else None)
    except OSError as error:
        raise OutputError(f"无法写入输出目录 {folder}：{error.strerror or error}",
                          hint="检查磁盘空间与文件夹的写入权限；原有文件未作改动。") from error
    finally:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
        if created:
            with suppress(OSError):
                folder.rmdir()  # only when this run left nothing in it


def _swap_in(targets: Mapping[Path, Path], taken: set[Path], stage: Path, folder: Path,
             manifest: dict[str, str] | None) -> Published:
    """Copy into ``stage`` (where a full disk shows), then only renames; any failure puts
    back what was there."""
    staged = {target: stage / f"{index}.new" for index, target in enumerate(targets)}
    for target, source in targets.items():
        shutil.copyfile(source, staged[target])
    if manifest is not None:
        manifest = {**manifest, **{t.name: file_sha256(staged[t]) for t in targets}}
        _write_json(stage / MANIFEST, manifest)
    moved: list[tuple[Path, Path]] = []  # (target, where its earlier file went)
    placed: list[Path] = []
    try:
        for index, target in enumerate(targets):
            if target.exists() or target.is_symlink():
                keep = backup_name(target) if target in taken else stage / f"{index}.old"
                os.replace(target, keep)
                moved.append((target, keep))
            os.replace(staged[target], target)
            placed.append(target)
        if manifest is not None:
            os.replace(stage / MANIFEST, folder / MANIFEST)
    except OSError:
        _put_back(placed, moved, stage)
        raise
    return Published(list(targets), [keep for target, keep in moved if target in taken])


def _put_back(placed: list[Path], moved: list[tuple[Path, Path]], stage: Path) -> None:
    """Undo a half-done swap. Should a file not go back, the staging folder (holding it) is
    kept and named, never removed with it."""
    for path in placed:
        path.unlink(missing_ok=True)
    stuck = []
    for target, keep in reversed(moved):
        try:
            os.replace(keep, target)
        except OSError:
            stuck.append(target)
    if stuck:
        stage.rename(stage.with_name(stage.name.replace(STAGE_PREFIX, ".docgen-kept-")))
        raise OutputError(f"写入中断，{'、'.join(map(str, stuck))} 的原文件未能放回",
                          hint=f"原文件保存在 {stage.parent} 中以 .docgen-kept- 开头的文件夹里。")


def refuse_inputs(targets: Iterable[Path], inputs: Iterable[Path]) -> None:
    """An output may never be one of the command's own inputs."""
    sources = [path for path in inputs if path.exists()]
    for target in targets:
        if any(_same_file(target, source) for source in sources):
            raise UsageError(f"输出文件 {target} 就是输入文件，不会覆盖它",
                             hint="用 -o 另选一个输出文件名。")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def _someone_elses(target: Path, manifest: Mapping[str, str]) -> bool:
    """An existing file that is not, byte for byte, what docgen last wrote there."""
    if not (target.exists() or target.is_symlink()):
        return False
    if target.is_symlink() or not target.is_file():
        return True
    recorded = manifest.get(target.name)
    return recorded is None or recorded != file_sha256(target)


def _why_taken(target: Path, manifest: Mapping[str, str], record: bool) -> str:
    if not record:
        return "已存在"
    if target.name in manifest:
        return "在 docgen 上次生成后被修改过"
    return "已存在，且不是 docgen 生成的"


def backup_name(target: Path) -> Path:
    """``name.bak`` (``name.2.bak`` … when taken): a replaced file is kept, never lost."""
    candidate, count = target.with_name(f"{target.name}.bak"), 1
    while candidate.exists() or candidate.is_symlink():
        count += 1
        candidate = target.with_name(f"{target.name}.{count}.bak")
    return candidate


def _make_folder(folder: Path) -> bool:
    """Create ``folder`` if needed; True when this run created it."""
    if folder.is_dir():
        return False
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        return False
    except OSError as error:
        raise OutputError(f"无法写入输出目录 {folder}：{error.strerror}") from error
    return True


def read_manifest(folder: Path) -> dict[str, str]:
    """What docgen last wrote in ``folder`` (name → SHA-256); empty when unknown or damaged,
    which only makes docgen more careful."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {name: digest for name, digest in files.items() if isinstance(digest, str)}


def _write_json(path: Path, manifest: Mapping[str, str]) -> None:
    payload = {"about": "docgen 生成的文件及其 SHA-256，用于判断文件是否被改动过", "version": 1,
               "files": dict(sorted(manifest.items()))}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def rewrite_in_place(path: Path, text: str, *, read_as: str) -> None:
    """Replace the clerk's own file with an edited version of it (``lint --fix``), but only if
    it still holds ``read_as``, the text the edit was computed from: an edit someone saved in
    the meantime is never lost."""
    target = path.resolve()  # a symlinked data file keeps its link
    temporary: Path | None = None
    try:
        bom = target.read_bytes().startswith(b"\xef\xbb\xbf")
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".part", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(text.encode("utf-8-sig" if bom else "utf-8"))
        shutil.copymode(target, temporary)
        if _read_text(target) != read_as:  # just before the rename: nothing saved since
            raise DataError([Problem("读取之后文件被改动过（有人保存了修改），未写入任何修正",
                                     str(path))], hint="重新运行 docgen lint --fix。")
        os.replace(temporary, target)
    except OSError as error:
        raise OutputError(f"无法写入 {path}：{error.strerror or error}",
                          hint="检查文件夹的写入权限与磁盘空间；文件未作改动。") from error
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _read_text(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def unique_stems(names: list[str], reserved: Iterable[str] = ()) -> list[str]:
    """Safe file names, made distinct in order (办公室, 办公室-2 …) when they collide with
    each other or with a ``reserved`` name (the 汇总)."""
    stems: list[str] = []
    taken = [name.casefold() for name in reserved]
    for name in names:
        stem = safe_file_stem(name)
        candidate, count = stem, 1
        while candidate.casefold() in taken:
            count += 1
            candidate = f"{stem}-{count}"
        stems.append(candidate)
        taken.append(candidate.casefold())
    return stems
