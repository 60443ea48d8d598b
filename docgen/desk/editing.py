"""The desk's edits of a data file, as small operations on key paths.

Each operation is what one gesture in the browser means — set a field, insert, delete or move
an item of a list (a paragraph, a table row), indent a row into the row above it or outdent
it — applied to the round-trip document, so the file keeps the clerk's comments and layout
and a one-cell edit is a one-line change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from docgen.errors import DataError, Problem
from docgen.notice.roundtrip import dump_keeping, load_rt

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Edit:
    op: str
    path: Path_
    value: Any = None  # set: the new value ("" or None clears); insert: the new item
    by: int = 0  # move: -1 up, +1 down


def apply(text: str, edits: list[Edit], name: str) -> str:
    """``text`` with every edit applied, in order; a bad path is a located DataError."""
    document = load_rt(text)
    for edit in edits:
        operation = OPERATIONS.get(edit.op)
        if operation is None:
            raise _bad(name, edit, f"未知的操作“{edit.op}”")
        try:
            operation(document, edit)
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise _bad(name, edit, f"无法在此处{_VERBS[edit.op]}（{error}）") from error
    return dump_keeping(text, document)


_VERBS = {"set": "修改", "insert": "插入", "delete": "删除", "move": "移动",
          "indent": "降级", "outdent": "升级", "rename_column": "改列名"}


def _bad(name: str, edit: Edit, message: str) -> DataError:
    from docgen.notice.source import format_path

    return DataError([Problem(message, name, path=format_path(edit.path))])


def _parent(document: Any, path: Path_) -> tuple[Any, str | int]:
    node = document
    for part in path[:-1]:
        node = node[part]
    return node, path[-1]


def _set(document: Any, edit: Edit) -> None:
    parent, key = _parent(document, edit.path)
    value = edit.value
    if isinstance(value, list):  # a list of names (签发人): in the style the file had
        old = parent.get(key) if isinstance(parent, CommentedMap) else None
        value = CommentedSeq(value)
        # an empty [] keeps no style (None): it was written inline, and stays so
        if not (isinstance(old, CommentedSeq) and old.fa.flow_style() is False):
            value.fa.set_flow_style()
    if isinstance(parent, CommentedMap) and value in (None, "") and key not in parent:
        return
    if isinstance(parent, CommentedMap) and key not in parent:
        parent.insert(len(parent), key, value)
    else:
        parent[key] = value


def _insert(document: Any, edit: Edit) -> None:
    parent, index = _parent(document, edit.path)
    items = parent if isinstance(parent, CommentedSeq) else None
    if items is None or not isinstance(index, int):
        raise TypeError("不是列表中的位置")
    value = edit.value
    if isinstance(value, dict):
        value = CommentedMap(value)
        if items and isinstance(items[0], CommentedMap) and items[0].fa.flow_style():
            value.fa.set_flow_style()  # a new row looks like its neighbours
    items.insert(min(max(index, 0), len(items)), value)


def _delete(document: Any, edit: Edit) -> None:
    parent, key = _parent(document, edit.path)
    del parent[key]


def _move(document: Any, edit: Edit) -> None:
    """Up or down among its siblings; past the first or last, into the neighbouring group
    at the same depth (a task moved from one 工作内容 to the next)."""
    parent, index = _parent(document, edit.path)
    if not isinstance(parent, CommentedSeq) or not isinstance(index, int) or edit.by not in (
            -1, 1):
        raise TypeError("只能把列表中的项上移或下移一位")
    target = index + edit.by
    if 0 <= target < len(parent):
        parent.insert(target, parent.pop(index))
        return
    neighbour = _neighbour_items(document, edit.path, edit.by)
    if neighbour is None:
        raise IndexError("已在最前或最后")
    row = parent.pop(index)
    neighbour.insert(len(neighbour) if edit.by < 0 else 0, row)
    if not parent:  # the group it left is empty: gone with its last row
        group_list, group_index = _parent(document, edit.path[:-2])
        del group_list[group_index]


def _neighbour_items(document: Any, path: Path_, by: int) -> CommentedSeq | None:
    if len(path) < 4 or path[-2] != "items":
        return None
    group_list, group_index = _parent(document, path[:-2])
    target = group_index + by
    if not isinstance(group_index, int) or not 0 <= target < len(group_list):
        return None
    items = group_list[target].get("items") if isinstance(group_list[target], dict) else None
    return items if isinstance(items, CommentedSeq) else None


def _rename_column(document: Any, edit: Edit) -> None:
    """A column renamed everywhere it is named: columns, levels and every row's key."""
    table = document
    for part in edit.path:
        table = table[part]
    old, new = edit.value["old"], str(edit.value["new"]).strip()
    names = [column["name"] for column in table["columns"]]
    if not new or new in names:
        raise ValueError(f"列名“{new}”为空或已有")
    table["columns"][names.index(old)]["name"] = new
    for level in table.get("levels") or []:
        if old in level:
            level[level.index(old)] = new
    _rename_key(table.get("rows") or [], old, new)


def _rename_key(rows: Any, old: str, new: str) -> None:
    for row in rows:
        if isinstance(row, CommentedMap):
            if old in row:
                position = list(row).index(old)
                row.insert(position, new, row.pop(old))
            _rename_key(row.get("items") or [], old, new)


def _indent(document: Any, edit: Edit) -> None:
    """The row becomes the last item of the row above it (one level deeper)."""
    parent, index = _parent(document, edit.path)
    if not isinstance(index, int) or index == 0:
        raise IndexError("上方没有可并入的行")
    above = parent[index - 1]
    items = above.get("items")
    if items is None:
        items = CommentedSeq()
        above["items"] = items
    items.append(parent.pop(index))


def _outdent(document: Any, edit: Edit) -> None:
    """The row leaves its group and follows it, one level up."""
    if len(edit.path) < 4 or edit.path[-2] != "items":
        raise IndexError("已是最外一级")
    parent, index = _parent(document, edit.path)
    group_list, group_index = _parent(document, edit.path[:-2])
    row = parent.pop(index)
    if not parent:
        del group_list[group_index]["items"]
    group_list.insert(group_index + 1, row)


OPERATIONS = {"set": _set, "insert": _insert, "delete": _delete, "move": _move,
              "indent": _indent, "outdent": _outdent, "rename_column": _rename_column}
