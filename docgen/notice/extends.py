"""A data file laid over the file its ``extends`` names, and so on up the chain: mappings merge
key by key, lists of items with an ``id`` item by item; a missing base or a cycle is refused
at the ``extends`` key that causes it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from docgen.errors import DataError, Problem
from docgen.notice.source import KeyPath, Source, load_bytes

# A notice's data is well under 0.1 MB and a task table of a thousand rows about 1 MB; 10 MB
# is ten times anything real and still loads, validates and lints in about a minute on a
# slow machine (bench/bench_yaml.py measures it), so a bigger file is a wrong file.
MAX_DATA_BYTES = 10_000_000
ALLOW_VARIABLE = "DOCGEN_EXTENDS_PATH"  # more folders ``extends`` may reach, os.pathsep-separated
_ALLOWED: ContextVar[tuple[Path, ...]] = ContextVar("extends_allowed", default=())


@contextmanager
def extends_allowed(*folders: Path) -> Iterator[None]:
    """Let ``extends`` reach into these folders too while the block runs (the archive's private
    copies of a data file and its bases, laid out as the user had them)."""
    token = _ALLOWED.set((*_ALLOWED.get(), *(folder.resolve() for folder in folders)))
    try:
        yield
    finally:
        _ALLOWED.reset(token)


def load_file(path: str | Path, _chain: tuple[Path, ...] = (),
              _roots: tuple[Path, ...] = ()) -> Source:
    """A data file, merged over the file its ``extends`` names (and so on up the chain).
    ``extends`` reaches only into the data file's folder tree, or a folder listed in
    $DOCGEN_EXTENDS_PATH: a data file sent by someone else cannot make docgen read, and
    print in its messages, a file elsewhere on the machine."""
    path = Path(path)
    roots = _roots or _allowed_roots(path)
    try:
        size = path.stat().st_size
        if size > MAX_DATA_BYTES:
            raise DataError([Problem(f"数据文件有 {size / 1e6:.1f} MB，超过上限 "
                                     f"{MAX_DATA_BYTES / 1e6:g} MB", str(path))],
                            hint="一份通知的数据通常不足 0.1 MB（含数百行任务的分解表也不过 "
                                 "1 MB）；请确认选对了文件。")
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(f"无法读取数据文件：{exc.strerror}", str(path))]) from exc
    source = load_bytes(raw, str(path))
    base = source.data.get("extends") if isinstance(source.data, dict) else None
    if base is None:
        return source
    if not isinstance(base, str):
        raise DataError([source.problem(("extends",), "extends 应为另一个数据文件的路径")])
    chain = (*_chain, path.resolve())
    base_path = (path.parent / base).resolve()
    if base_path in chain:
        names = " → ".join(p.name for p in (*chain, base_path))
        raise DataError([source.problem(("extends",), f"extends 形成循环：{names}")])
    if not any(base_path.is_relative_to(root) for root in roots):
        raise DataError([source.problem(("extends",), f"extends 指向的“{base}”不在数据文件所在"
                                        "的文件夹中，出于安全考虑不予读取")],
                        hint=f"把被继承的文件放到数据文件所在的文件夹（或其子文件夹）中；确需"
                             f"引用别处的文件时，把那个文件夹加入环境变量 {ALLOW_VARIABLE}。")
    if not base_path.is_file():
        raise DataError([source.problem(("extends",), f"找不到 extends 指向的文件“{base}”")])
    return merge_sources(load_file(base_path, chain, roots), source)


def _allowed_roots(path: Path) -> tuple[Path, ...]:
    listed = os.environ.get(ALLOW_VARIABLE, "").split(os.pathsep)
    folders = [Path(os.path.abspath(path)).parent, path.resolve().parent]
    folders += [Path(folder) for folder in listed if folder.strip()]
    return tuple(dict.fromkeys([*(folder.resolve() for folder in folders), *_ALLOWED.get()]))


def extends_chain(path: str | Path) -> list[Path]:
    """The data file and every file its ``extends`` reaches, nearest first, found by the same
    rule as ``load_file`` (relative to the file as named, then to each resolved base). Call
    after ``load_file`` succeeded (which has already refused cycles and missing files)."""
    chain = [Path(os.path.abspath(path))]
    while True:
        data = load_bytes(chain[-1].read_bytes(), str(chain[-1])).data
        base = data.get("extends") if isinstance(data, dict) else None
        if not isinstance(base, str):
            return chain
        following = (chain[-1].parent / base).resolve()
        if following in chain:
            return chain
        chain.append(following)


def merge_sources(base: Source, over: Source) -> Source:
    """``over`` laid over ``base``: mappings merge key by key, lists of items with an ``id``
    merge item by item (new ids are appended), anything else is replaced. Each value keeps
    the file and place it came from."""
    merged = Source(over.file, None, text=over.text)

    def take(source: Source, from_path: KeyPath, to_path: KeyPath) -> None:
        for key, mark in source.marks.items():
            if key[: len(from_path)] == from_path:
                target = to_path + key[len(from_path):]
                merged.marks[target] = mark
                merged.files[target] = source.files.get(key, source.file)
                if source is over and key in over.spans:
                    merged.spans[target] = over.spans[key]

    def merge(a: Any, b: Any, a_path: KeyPath, b_path: KeyPath, path: KeyPath) -> Any:
        if isinstance(a, dict) and isinstance(b, dict):
            take(over, b_path, path)  # the mapping itself, then its keys
            result = {}
            for key, value in a.items():  # the base's order, then the new keys
                if key in b:
                    result[key] = merge(value, b[key], (*a_path, key), (*b_path, key),
                                        (*path, key))
                else:
                    take(base, (*a_path, key), (*path, key))
                    result[key] = value
            for key, value in b.items():
                if key not in a and not (path == () and key == "extends"):
                    take(over, (*b_path, key), (*path, key))
                    result[key] = value
            return result
        if _by_id(a) and _by_id(b):
            return merge_items(a, b, a_path, b_path, path)
        take(over, b_path, path)
        return b

    def merge_items(a: list, b: list, a_path: KeyPath, b_path: KeyPath, path: KeyPath) -> list:
        take(over, b_path, path)
        overrides = {item["id"]: index for index, item in enumerate(b)}
        result = []
        for index, item in enumerate(a):
            target = (*path, len(result))
            if item["id"] in overrides:
                j = overrides.pop(item["id"])
                result.append(merge(item, b[j], (*a_path, index), (*b_path, j), target))
            else:
                take(base, (*a_path, index), target)
                result.append(item)
        for j in overrides.values():  # ids the base does not have: appended in their order
            take(over, (*b_path, j), (*path, len(result)))
            result.append(b[j])
        return result

    merged.data = merge(base.data, over.data, (), (), ())
    return merged


def _by_id(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(item, dict) and isinstance(item.get("id"), str) for item in value)
