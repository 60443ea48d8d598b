"""What the functions of docgen.api return, beside the stages' own results (BuildResult,
ExtractResult, the check Report, the archive's AddResult, VerifyReport and Entry)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.notice.diff import Diff
    from docgen.notice.lint import Finding as LintFinding
    from docgen.notice.next_year import ReviewPoint
    from docgen.pdf.seal import SealSpot
    from docgen.pdf.sign import SignatureCheck


@dataclass
class LintReport:
    """What lint found in one data file, and what ``fix`` changed first."""

    path: Path
    findings: list[LintFinding]
    fixed: list[LintFinding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        from docgen.notice.lint import ERROR

        return sum(1 for finding in self.findings if finding.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


@dataclass
class NextYearResult:
    target: Path
    review: list[ReviewPoint]  # places marked 【待核】 for the clerk to check
    backups: list[Path] = field(default_factory=list)  # a replaced file, kept (force)


@dataclass
class DiffResult:
    diff: Diff
    table: Path | None  # the 修订对照表, when one was asked for

    @property
    def identical(self) -> bool:
        return self.diff.identical

    def render(self, styled: Callable[..., str] | None = None) -> str:
        """The changes one per line; ``styled(text, fg=colour)`` colours them (click.style)."""
        from docgen.notice.diff import render_text

        return render_text(self.diff, styled)


@dataclass
class SealResult:
    target: Path
    spot: SealSpot
    specimen: bool  # the 样章 SPECIMEN was used, not a real seal
    backups: list[Path] = field(default_factory=list)  # a replaced file, kept (force)


@dataclass
class SignResult:
    target: Path
    signature: SignatureCheck
    pdfa_lost: list[str]  # how signing broke PDF/A of a PDF/A source (empty when kept)
    backups: list[Path] = field(default_factory=list)  # a replaced file, kept (force)
