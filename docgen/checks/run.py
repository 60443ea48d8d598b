"""check_pdf: every registered rule, in the registry's order, on one PDF."""

from __future__ import annotations

from pathlib import Path

# Imported for their @rule registrations; the registry, not this list, fixes the order.
from docgen.checks import body, closing, fonts, imprint, masthead, page  # noqa: F401
from docgen.checks.context import Context
from docgen.checks.registry import registered
from docgen.checks.report import Report
from docgen.pdf.measure import open_pdf


def check_pdf(path: Path) -> Report:
    with open_pdf(path) as pdf:
        ctx = Context(pdf, str(path))
        for check in registered():
            check(ctx)
        return ctx.report
