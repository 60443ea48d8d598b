"""Next year's data from this year's: the document's own year moves on, what must be decided
again becomes a visible placeholder, and every other year in the text is marked for review.

The YAML is rewritten round-trip (comments, key order and layout kept). Placeholders
(【待定】) and review marks (a 【待核】 comment at the end of a line) stop a final build until a
person has dealt with each of them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from docgen.errors import DataError, Problem
from docgen.notice.model import PLACEHOLDER
from docgen.notice.source import Source, load_bytes

REVIEW = "【待核】"
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
NUMBER = re.compile(r"〔((?:19|20)\d{2})〕[^〕]*?号$")


@dataclass(frozen=True)
class ReviewPoint:
    path: str
    line: int
    text: str


def roll_text(text: str, to_year: int) -> tuple[str, list[ReviewPoint]]:
    """This year's YAML text → next year's, and the places a person must look at."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)  # docgen's data files indent lists under keys
    data = yaml.load(text)
    number = data.get("doc_number", "")
    match = NUMBER.search(number) if isinstance(number, str) else None
    if match is None:
        raise DataError([Problem("发文字号中没有找到〔年份〕，无法推算下一年", path="doc_number")])
    year = int(match.group(1))
    data["doc_number"] = number[: match.start()] + f"〔{to_year}〕{PLACEHOLDER}号"
    for key in ("title",):
        data[key] = _next_year(data.get(key), year, to_year)
    for attachment in data.get("attachments") or []:
        attachment["title"] = _next_year(attachment.get("title"), year, to_year)
    data["signature"]["date"] = PLACEHOLDER
    data["imprint"]["print_date"] = PLACEHOLDER
    points: list[tuple[tuple, ReviewPoint]] = []
    _mark_years(data, (), points, skip={"doc_number", "title", "date", "print_date"})
    _assign_ids(data)
    stream = io.StringIO()
    yaml.dump(data, stream)
    rolled = stream.getvalue()
    # Each point's line, found by its key path: the file may hold other 【待核】 marks already
    # (an imported file's, last year's unresolved ones).
    lines = load_bytes(rolled.encode("utf-8"), "next-year.yaml").marks
    return rolled, [ReviewPoint(p.path, lines.get(key, (0, 0))[0], p.text)
                    for key, p in points]


def _next_year(value: Any, year: int, to_year: int) -> Any:
    if not isinstance(value, str):
        return value
    return value.replace(f"{year}年", f"{to_year}年")


def _mark_years(node: Any, path: tuple, points: list[tuple[tuple, ReviewPoint]],
                skip: set[str]) -> None:
    items = node.items() if isinstance(node, CommentedMap) else (
        enumerate(node) if isinstance(node, CommentedSeq) else ())
    for key, value in list(items):
        here = (*path, key)
        if isinstance(value, str):
            if key in skip and len(path) <= 2:
                continue
            years = sorted(set(YEAR.findall(value)))
            if years:
                node.yaml_add_eol_comment(f"{REVIEW} 含年份 {'、'.join(years)}，请核对后删去此标记",
                                          key)
                points.append((here, ReviewPoint(_format(here), 0, value)))  # line: once written
        else:
            _mark_years(value, here, points, skip)


def _assign_ids(data: Any) -> None:
    """Task rows get stable ids (t1, t1-2, t1-2-3) so that next year's diff can match them."""
    for attachment in data.get("attachments") or []:
        table = attachment.get("table") if isinstance(attachment, dict) else None
        if isinstance(table, dict):
            _ids(table.get("rows") or [], "t")


def _ids(rows: list, prefix: str) -> None:
    for index, row in enumerate(rows, start=1):
        if isinstance(row, CommentedMap):
            if "id" not in row:
                row.insert(0, "id", f"{prefix}{index}")
            _ids(row.get("items") or [], f"{row['id']}-")


def _format(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def roll_file(source_path: Path, to_year: int, staged: Path) -> list[ReviewPoint]:
    """Next year's data written to ``staged``, a scratch file: the caller puts it in place,
    refusing to overwrite a file the clerk may already have filled in."""
    text, points = roll_text(source_path.read_text(encoding="utf-8-sig"), to_year)
    staged.write_text(text, encoding="utf-8")
    return points


def pending(source: Source) -> list[Problem]:
    """Placeholders and review marks still in the data: a final build refuses them."""
    problems = []
    for number, line in enumerate(source.text.split("\n"), start=1):
        if PLACEHOLDER in line.split("#")[0]:
            problems.append(Problem(f"尚未填写：{line.strip()}", source.file, number,
                                    line.index(PLACEHOLDER) + 1))
        elif REVIEW in line:
            column = line.index(REVIEW)
            reason = line[column + len(REVIEW):].strip() or "核对后删去行末的【待核】标记"
            problems.append(Problem(f"待核对：{reason}", source.file, number, column + 1))
    return problems
