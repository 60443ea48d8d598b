"""DEADLINE: every cell of a 时限 column (时限要求, 完成时限 …) reads as a date, a recurrence or
ongoing work, so that ``collect`` can tell what is late."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.notice.deadlines import is_deadline_column, parse_deadline
from docgen.notice.lint.finding import WARNING, Finding, new_finding, texts, value_at
from docgen.notice.model import DITTO, parse_date
from docgen.notice.source import Source


def notice_year(data: object) -> int | None:
    """The year a 时限 without one is read in: the 文号's, else the 成文日期's."""
    number = value_at(data, "doc_number")
    found = re.search(r"〔((?:19|20)\d{2})〕", number) if isinstance(number, str) else None
    if found:
        return int(found.group(1))
    signed = parse_date(value_at(data, "signature", "date"))
    return signed.year if signed else None


def deadlines(source: Source) -> Iterator[Finding]:
    year = notice_year(source.data)
    if year is None:
        return
    for path, text in texts(source.data):
        in_table = len(path) > 4 and path[0] == "attachments" and path[2:4] == ("table", "rows")
        if not in_table or not isinstance(path[-1], str) or not is_deadline_column(path[-1]):
            continue
        if text.strip() in ("", DITTO) or parse_deadline(text, year) is not None:
            continue
        yield new_finding(source, path, "DEADLINE", WARNING,
                          f"读不出时限“{text}”，collect 无法判断此行是否逾期",
                          "写作“6月底前”“2023年6月30日前”“每季度”“持续推进”之类")
