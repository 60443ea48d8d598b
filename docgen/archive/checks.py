"""The checks on a signed PDF before anything is stored: that it is a readable PDF, its
signatures (sound, covering the file, by a trusted signer, or the change or signer accepted
with a reason), and that its text is the text of the notice built from the data (a scan
without a text layer only when accepted). Each returns problems that refuse the entry;
findings (what was checked, for the user) and exceptions (what was accepted, for the record)
are collected on the way."""

from __future__ import annotations

from pathlib import Path

from docgen.archive.store import ArchiveError
from docgen.pdf.measure import open_pdf
from docgen.pdf.sign import SignatureCheck, SignatureReport, check_signatures

CONTEXT_CHARS = 24


def check_signed(signed: Path, trust: list[Path], *, name: Path, accept_modified: str | None,
                 accept_untrusted: bool, findings: list[str]
                 ) -> tuple[list[str], dict[str, str], SignatureReport]:
    """Problems, accepted exceptions and the signature report of ``signed`` (a private copy
    of the file the user named ``name``), its signers checked against the ``trust`` anchors."""
    problems: list[str] = []
    exceptions: dict[str, str] = {}
    pages = _page_count(signed, name)
    report = check_signatures(signed, trust)
    for problem in report.problems:
        if report.modified and problem.startswith("最后一个签名之后") and accept_modified:
            exceptions["accepted_modified"] = f"{problem}；理由：{accept_modified}"
            findings.append(f"签名之后的改动已按 --accept-modified 接受并记录：{problem}")
        else:
            problems.append(problem)
    if report.untrusted:
        if accept_untrusted:
            exceptions["accepted_untrusted"] = "；".join(report.untrusted)
            findings.append("不受信任的签名人已按 --accept-untrusted 接受并记录")
        else:
            problems += report.untrusted
    findings += [_describe(check, pages) for check in report.signatures]
    return problems, exceptions, report


def _page_count(signed: Path, name: Path) -> int:
    try:
        with open_pdf(signed) as document:
            return document.page_count
    except (RuntimeError, ValueError) as error:
        raise ArchiveError([f"{name} 不是可读的 PDF：{error}"]) from error


def _describe(check: SignatureCheck, pages: int) -> str:
    state = "完整" if check.sound else "已损坏"
    cover = "覆盖整个文件" if check.covers_file else f"未覆盖整个文件（{check.modification}）"
    trusted = "受信任" if check.trusted else "不受信任"
    return (f"签名“{check.field}”：{state}，{cover}，签名人 {check.signer}"
            f"（{trusted}），签名时间 {check.signed_at}（{pages} 页）")


def compare_text(signed: Path, built_pdf: Path, *, name: Path, data: Path, scanned: bool,
                 findings: list[str], exceptions: dict[str, str]) -> list[str]:
    """The signed PDF must say what the notice built from the data says; ``name`` and
    ``data`` are the files as the user named them, for the messages."""
    signed_pages = page_texts(signed)
    if not any(signed_pages):
        if scanned:
            exceptions["scanned"] = "无文字层的扫描件，未与数据比对文字"
            findings.append("扫描件：没有文字层，已按 --scanned 记录，未比对文字")
            return []
        return [f"{name} 没有文字层（扫描件？），无法与数据比对",]
    built_pages = page_texts(built_pdf)
    difference = first_difference("".join(signed_pages), "".join(built_pages))
    if difference is None:
        findings.append(f"文字与数据 {data} 生成的通知一致（{len(built_pages)} 页）")
        return []
    where, ours, theirs = difference
    page = _page_of(signed_pages, where)
    return [f"PDF 的文字与数据 {data} 生成的通知不一致：第 {page} 页起，"
            f"PDF 为“{ours}”，数据生成的为“{theirs}”"]


def page_texts(pdf: Path) -> list[str]:
    """Each page's text with all white space removed."""
    with open_pdf(pdf) as document:
        return ["".join(page.get_text().split()) for page in document]


def first_difference(ours: str, theirs: str) -> tuple[int, str, str] | None:
    if ours == theirs:
        return None
    index = next((i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
                 min(len(ours), len(theirs)))
    start = max(index - 6, 0)
    return (index, ours[start:index + CONTEXT_CHARS] or "（结束）",
            theirs[start:index + CONTEXT_CHARS] or "（结束）")


def _page_of(pages: list[str], index: int) -> int:
    seen = 0
    for number, text in enumerate(pages, start=1):
        seen += len(text)
        if index < seen:
            return number
    return len(pages)
