"""GB/T 9704 conformance checks of any notice PDF: the rules, their report, annotated pages."""

from docgen.checks.annotate import annotate
from docgen.checks.report import FAIL, PASS, WARN, Finding, Report
from docgen.checks.run import check_pdf

__all__ = ["FAIL", "PASS", "WARN", "Finding", "Report", "annotate", "check_pdf"]
