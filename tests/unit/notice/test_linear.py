"""Loading and judging a notice grows linearly with the file: counted in Python lines executed,
never timed. bench/bench_yaml.py gives the seconds."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from support.sample_text import SAMPLE_TEXT

from docgen.notice.extends import load_file
from docgen.notice.lint import lint
from docgen.notice.validate import validation

ROWS = re.compile(r"(?ms)^      rows:[^\n]*\n(.*?)\n(?=# ── 单位名录)")


def notice_with(batches: int) -> str:
    """The sample with its task table's top-level rows repeated ``batches`` times, all
    siblings (the case where a per-row look at earlier siblings turns quadratic)."""
    rows = ROWS.search(SAMPLE_TEXT)
    assert rows, "the sample's task table moved"
    copies = [re.sub(r"(具体要求|重点任务|工作内容): ", rf"\1: 第{n}批：", rows.group(1))
              for n in range(batches)]  # no value repeats: no rule finds an early match
    return SAMPLE_TEXT[: rows.start(1)] + "\n".join(copies) + SAMPLE_TEXT[rows.end(1):]


def calls(action) -> int:
    """Python lines executed (each turn of a comprehension or generator included)."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        action()
    finally:
        sys.settrace(None)
    return count


def steps(tmp_path: Path, action) -> tuple[int, int]:
    """The work added by each of two equal steps in the file's size."""
    counts = []
    for batches in (6, 12, 18):
        path = tmp_path / f"n{batches}.yaml"
        path.write_text(notice_with(batches), encoding="utf-8")
        action(path)  # once untraced: regexes compiled, lazy imports done
        counts.append(calls(lambda path=path: action(path)))
    return counts[1] - counts[0], counts[2] - counts[1]


# Equal steps in size cost equal steps in work; a quadratic part makes the second step larger
# (by a third, when it is all the work), which these counts show plainly.
def test_loading_grows_linearly_with_the_file(tmp_path):
    first, second = steps(tmp_path, load_file)
    assert second <= first * 1.005, (first, second)


def test_validating_and_linting_grow_linearly_with_the_file(tmp_path):
    counts = []
    for batches in (6, 12, 18):
        path = tmp_path / f"n{batches}.yaml"
        path.write_text(notice_with(batches), encoding="utf-8")
        source = load_file(path)
        validation(source), lint(source)  # once untraced: regexes compiled, imports done
        counts.append(calls(lambda source=source: (validation(source), lint(source))))
    first, second = counts[1] - counts[0], counts[2] - counts[1]
    assert second <= first * 1.005, counts
