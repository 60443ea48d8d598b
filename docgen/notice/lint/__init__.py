"""Text rules for a notice's data: punctuation, ordinals, 发文字号, dates, duplicates.

Each finding has a rule id, a severity, the file:line:column and key path, and a suggested
fix. The safe mechanical fixes (punctuation width next to Chinese text, the 〔〕 of a
发文字号) are also given as edits of the file's text at the exact place, so ``--fix`` changes
those characters and nothing else: comments, key order and layout stay as they were.
"""

from docgen.notice.lint.finding import ERROR, WARNING, Edit, Finding, LintError
from docgen.notice.lint.run import RULES, fix, lint

__all__ = ["ERROR", "RULES", "WARNING", "Edit", "Finding", "LintError", "fix", "lint"]
