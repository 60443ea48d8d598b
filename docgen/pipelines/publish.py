"""Outputs appear all at once: produced in a scratch folder, copied next to their targets
under temporary names, then renamed into place."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from docgen.errors import OutputError
from docgen.filenames import safe_file_stem
from docgen.tempdirs import private_folder

FORMATS = ("docx", "pdf")


@contextmanager
def scratch(kind: str) -> Iterator[Path]:
    """A private folder for one run's intermediate files, removed afterwards (and by the next
    run if this one is killed: its name carries this process's id)."""
    folder = private_folder(kind)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def publish(files: list[Path], out_dir: Path, stem: str) -> tuple[list[Path], list[Path]]:
    """Move finished files into ``out_dir``: all copied under temporary names first, then
    renamed into place. Files of the other formats left from an earlier build of the same
    data would no longer match, so they are removed (and reported)."""
    created = not out_dir.exists()
    staged: list[tuple[Path, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for source in files:
            temporary = out_dir / f".{source.name}.part"
            staged.append((temporary, out_dir / source.name))
            shutil.copyfile(source, temporary)
        for temporary, target in staged:
            os.replace(temporary, target)
        published = [target for _, target in staged]
        stale = [out_dir / f"{stem}.{kind}" for kind in FORMATS]
        removed = [path for path in stale if path not in published and path.exists()]
        for path in removed:
            path.unlink()
    except OSError as exc:
        if created and out_dir.is_dir() and not any(out_dir.iterdir()):
            out_dir.rmdir()
        raise OutputError(f"无法写入输出目录 {out_dir}：{exc.strerror}") from exc
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return published, removed


def publish_folder(files: list[Path], out_dir: Path) -> tuple[list[Path], list[Path]]:
    """Like publish, for files of several stems (each stem's files published together)."""
    published: list[Path] = []
    removed: list[Path] = []
    for stem in dict.fromkeys(path.stem for path in files):
        paths, stale = publish([p for p in files if p.stem == stem], out_dir, stem)
        published += paths
        removed += stale
    return published, removed


def unique_stems(names: list[str]) -> list[str]:
    """Safe file names, made distinct in order (办公室, 办公室-2 …) when they collide."""
    stems: list[str] = []
    for name in names:
        stem = safe_file_stem(name)
        candidate, count = stem, 1
        while candidate.casefold() in (s.casefold() for s in stems):
            count += 1
            candidate = f"{stem}-{count}"
        stems.append(candidate)
    return stems
