"""lint: every rule over a notice's data, findings in file order; fix: the data's text with
the mechanical fixes applied."""

from __future__ import annotations

from docgen.notice.lint.finding import Finding
from docgen.notice.lint.structure import dates, doc_number, table_rows, unit_names
from docgen.notice.lint.text import doubled_words, endings, ordinals, punctuation_width, title_shape
from docgen.notice.lint.timing import deadlines
from docgen.notice.source import Source

# lint sorts findings by place and rule id (stably) and no two of these functions report the
# same id, so this order decides only which runs first, never what is printed.
RULES = (punctuation_width, ordinals, doc_number, dates, endings, title_shape, doubled_words,
         table_rows, unit_names, deadlines)


def lint(source: Source) -> list[Finding]:
    """Every rule over the data; findings in file order."""
    findings = [finding for rule in RULES for finding in rule(source)]
    return sorted(findings, key=lambda f: (f.problem.line or 0, f.problem.column or 0, f.rule))


def fix(source: Source) -> tuple[str, list[Finding]]:
    """The data's text with the mechanical fixes applied, and the findings they fix; the
    caller writes it back (only if the file still holds ``source.text``)."""
    findings = [finding for finding in lint(source) if finding.edits]
    edits = sorted({edit for finding in findings for edit in finding.edits},
                   key=lambda edit: edit.start, reverse=True)
    text = source.text
    for edit in edits:
        text = text[: edit.start] + edit.text + text[edit.end:]
    return text, findings
