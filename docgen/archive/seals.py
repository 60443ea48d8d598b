"""The checks on what the signed PDF carries besides its text: the seal the data asks for
(7.3.5.1, judged by the same SIG rules as ``docgen check``), not the 样章 SPECIMEN unless
accepted, and no action that runs when the file is opened (JavaScript, /Launch, …)."""

from __future__ import annotations

from pathlib import Path

from docgen.checks.closing import seal as seal_rule
from docgen.checks.context import Context
from docgen.checks.report import FAIL
from docgen.notice.model import Notice
from docgen.pdf.measure import open_pdf
from docgen.pdf.pdfa import action_problems
from docgen.pdf.seal import PlacedSeal, seals_on

PLACEMENT_RULES = ("SIG-03", "SIG-04", "SIG-05", "PAGE-04")


def check_issue(signed: Path, notice: Notice, *, name: Path, specimen: bool,
                findings: list[str], exceptions: dict[str, str]) -> list[str]:
    """Problems with the seal and the actions of ``signed`` (a private copy of ``name``)."""
    with open_pdf(signed) as document:
        problems = [f"{name} {problem}：归档的公文不得含有可执行的内容"
                    for problem in action_problems(document)]
        if "scanned" in exceptions:
            findings.append("扫描件：印章无法从文字层定位，未核对")
            return problems
        seals = seals_on(document)
        if not notice.signature.sealed:
            return problems + _unsealed_problems(seals, name)
        problems += _seal_problems(document, seals, name)
    problems += _specimen_problems(seals, name, specimen, findings, exceptions)
    if not problems:
        findings.append("印章：1 枚，位于发文机关署名和成文日期上（7.3.5.1）")
    return problems


def _unsealed_problems(seals: list[PlacedSeal], name: Path) -> list[str]:
    if not seals:
        return []
    return [f"数据中 signature.sealed 为 false（不加盖印章，7.3.5.2），但 {name} 上有 "
            f"{len(seals)} 枚印章（{_pages(seals)}）"]


def _seal_problems(document, seals: list[PlacedSeal], name: Path) -> list[str]:
    """Exactly one seal per 署名 (the data names one), where 7.3.5.1 puts it."""
    if not seals:
        return [f"数据中 signature.sealed 为 true（加盖印章），但 {name} 上没有印章（7.3.5.1）"]
    if len(seals) > 1:
        return [f"{name} 上有 {len(seals)} 枚印章（{_pages(seals)}），数据中只有 1 个发文机关"
                "署名：每个署名盖一枚印章（7.3.5.1）"]
    context = Context(document, str(name))
    seal_rule(context)
    found = context.report.findings
    if not found:
        return [f"{name} 的印章（{_pages(seals)}）不在发文机关署名和成文日期上（7.3.5.1）"]
    return [f"{name} 的印章位置不合 {finding.clause}（{finding.rule}，第 {finding.page} 页）："
            f"实测 {finding.measured}，应为 {finding.expected}"
            for finding in found if finding.rule in PLACEMENT_RULES and finding.status == FAIL]


def _specimen_problems(seals: list[PlacedSeal], name: Path, specimen: bool,
                       findings: list[str], exceptions: dict[str, str]) -> list[str]:
    if not any(seal.specimen for seal in seals):
        return []
    if specimen:
        exceptions["specimen"] = "盖的是样章（样章 / SPECIMEN），不是真实印章；按 --specimen 接受"
        findings.append("样章（SPECIMEN）已按 --specimen 接受并记录")
        return []
    return [f"{name} 上盖的是 docgen 的样章（样章 / SPECIMEN），不是真实印章"]


def _pages(seals: list[PlacedSeal]) -> str:
    return "第 " + "、".join(str(page) for page in sorted({s.page + 1 for s in seals})) + " 页"
