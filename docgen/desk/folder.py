"""The one folder the desk may touch: names inside it, never a path out of it.

A name from the browser is resolved against the folder and refused if it climbs out (``..``),
is absolute, or is a symlink that leads elsewhere. Every read hands out a version (the
SHA-256 of the bytes); a write carries the version it was computed from and is refused if
the file changed on disk since — another editor's save is never overwritten.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DocgenError, ExitCode

DATA_SUFFIXES = (".yaml", ".yml")
MAX_DATA_BYTES = 4 * 1024 * 1024  # a 25-row notice is 15 kB; a data file this big is a mistake


class OutsideFolder(DocgenError):
    exit_code = ExitCode.USAGE


class ChangedOnDisk(DocgenError):
    exit_code = ExitCode.DATA


@dataclass(frozen=True)
class Snapshot:
    name: str
    text: str
    version: str


def version_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


class Folder:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def path(self, name: str) -> Path:
        """The file ``name`` stands for, inside the folder, or OutsideFolder."""
        if not name or "\\" in name or name.startswith("/") or ".." in Path(name).parts:
            raise OutsideFolder(f"文件名“{name}”不在工作文件夹内")
        candidate = self.root / name
        resolved = candidate.resolve()
        if resolved != self.root and self.root not in resolved.parents:
            raise OutsideFolder(f"“{name}”指向工作文件夹之外")
        return candidate

    def data_files(self) -> list[Path]:
        """The notices' data files, newest first (``*.expected.yaml`` answer sheets aside)."""
        files = [path for path in self.root.iterdir()
                 if path.suffix in DATA_SUFFIXES and path.is_file()
                 and not path.name.endswith(".expected.yaml")
                 and self._inside(path)]
        return sorted(files, key=lambda path: path.stat().st_mtime, reverse=True)

    def _inside(self, path: Path) -> bool:
        resolved = path.resolve()
        return self.root in resolved.parents

    def read(self, name: str) -> Snapshot:
        path = self.path(name)
        if path.suffix not in DATA_SUFFIXES:
            raise OutsideFolder(f"“{name}”不是数据文件（.yaml）")
        raw = path.read_bytes()
        if len(raw) > MAX_DATA_BYTES:
            raise OutsideFolder(f"“{name}”过大（{len(raw)} 字节），不在工作台中打开")
        return Snapshot(name, raw.decode("utf-8-sig"), version_of(raw))

    def write(self, name: str, text: str, *, expected_version: str) -> Snapshot:
        """Replace the file with ``text`` if it is still at ``expected_version``."""
        from docgen.pipelines.publish import rewrite_in_place

        current = self.read(name)
        if current.version != expected_version:
            raise ChangedOnDisk(f"“{name}”已在别处被修改，未保存本次更改",
                                hint="重新打开文件，再做修改。")
        try:
            rewrite_in_place(self.path(name), text, read_as=current.text)
        except DocgenError as error:  # saved by someone between our read and the rename
            raise ChangedOnDisk(f"“{name}”已在别处被修改，未保存本次更改",
                                hint="重新打开文件，再做修改。") from error
        return self.read(name)

    def create(self, name: str, text: str) -> Snapshot:
        """A new data file; never over an existing one."""
        path = self.path(name)
        if path.suffix not in DATA_SUFFIXES:
            raise OutsideFolder(f"“{name}”须以 .yaml 结尾")
        try:
            with path.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError as error:
            raise ChangedOnDisk(f"“{name}”已存在，未覆盖") from error
        return self.read(name)
