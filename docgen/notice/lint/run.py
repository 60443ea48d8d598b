"""lint: every rule over a notice's data, findings in file order; fix: the mechanical fixes
applied to the file in place."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from docgen.notice.lint.finding import Finding
from docgen.notice.lint.structure import dates, doc_number, table_rows, unit_names
from docgen.notice.lint.text import doubled_words, endings, ordinals, punctuation_width, title_shape
from docgen.notice.source import Source

# lint sorts findings by place and rule id (stably) and no two of these functions report the
# same id, so this order decides only which runs first, never what is printed.
RULES = (punctuation_width, ordinals, doc_number, dates, endings, title_shape, doubled_words,
         table_rows, unit_names)


def lint(source: Source) -> list[Finding]:
    """Every rule over the data; findings in file order."""
    findings = [finding for rule in RULES for finding in rule(source)]
    return sorted(findings, key=lambda f: (f.problem.line or 0, f.problem.column or 0, f.rule))


def fix(source: Source, path: Path) -> list[Finding]:
    """Apply the mechanical fixes to the file in place (atomically); returns those applied."""
    findings = [finding for finding in lint(source) if finding.edits]
    edits = sorted({edit for finding in findings for edit in finding.edits},
                   key=lambda edit: edit.start, reverse=True)
    text = source.text
    for edit in edits:
        text = text[: edit.start] + edit.text + text[edit.end:]
    if edits:
        target = path.resolve()  # a symlinked data file keeps its link
        bom = target.read_bytes().startswith(b"\xef\xbb\xbf")
        temporary = target.with_name(f".{target.name}.fix")
        temporary.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
        shutil.copymode(target, temporary)
        os.replace(temporary, target)
    return findings
