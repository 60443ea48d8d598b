"""Edits of a clerk's data file that keep everything else of it: comments, order, quoting,
flow-style rows and blank lines (ruamel.yaml round trip).

ruamel reproduces docgen's data files almost exactly; where it would still respell an
untouched line (an explicit ``~`` written back as an empty value), :func:`dump_keeping` puts
the clerk's own line back, so that a one-cell edit changes one line of the file.
"""

from __future__ import annotations

import difflib
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.resolver import VersionedResolver

_NULL = "tag:yaml.org,2002:null"
# An empty value (or ~) stays "nothing", so that clearing a field writes it empty.
_EMPTY_IS_NULL = {"": [(_NULL, re.compile(r"^$"))], "~": [(_NULL, re.compile(r"^~$"))]}


class TextResolver(VersionedResolver):
    """Every plain scalar is text, as docgen reads it: a date, a 序号 or ``true`` is loaded
    as its characters and written back plain, never quoted as a string that looks like a
    date (which would change a line the clerk did not mean to change)."""

    @property
    def versioned_resolver(self) -> dict:
        return _EMPTY_IS_NULL


def rt_yaml(*, as_text: bool = False) -> YAML:
    """docgen's round-trip settings: no line wrapping, lists indented under their key;
    ``as_text`` reads every scalar as text (see TextResolver)."""
    yaml = YAML(typ="rt")
    if as_text:
        yaml.Resolver = TextResolver
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_rt(text: str) -> Any:
    """The document with every scalar as text, for editing and :func:`dump_keeping`."""
    return rt_yaml(as_text=True).load(text)


def dump_rt(document: Any) -> str:
    stream = io.StringIO()
    rt_yaml(as_text=True).dump(document, stream)
    return stream.getvalue()


def dump_keeping(original: str, document: Any) -> str:
    """``document`` (loaded from ``original`` and edited) as text, with every line the edit
    did not touch spelt as in ``original``."""
    untouched = dump_rt(load_rt(original)).splitlines(keepends=True)
    edited = dump_rt(document).splitlines(keepends=True)
    own = original.splitlines(keepends=True)
    respelt = _respelt_lines(untouched, own)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, untouched, edited,
                                                        autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(respelt.get(i, untouched[i]) for i in range(i1, i2))
        else:
            out.extend(edited[j1:j2])
    return "".join(out)


def _respelt_lines(untouched: list[str], own: list[str]) -> dict[int, str]:
    """Lines of the plain re-dump that differ from the clerk's file, one for one → the
    clerk's spelling."""
    respelt: dict[int, str] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, untouched, own,
                                                        autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            respelt.update({i1 + k: own[j1 + k] for k in range(i2 - i1)})
    return respelt
