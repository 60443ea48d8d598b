"""The desk's long actions (build, extracts, next year, diff, seal) run one at a time in the
background; the page polls a job for its progress and, at the end, its files to download.

Each action calls the documented API with outputs inside the desk's folder
(``output/<notice>/``), so the files are the same a clerk gets from the command line, under
the same rules: docgen replaces only what it wrote itself.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen import api
from docgen.errors import DocgenError, UsageError

ACTIONS = ("build", "pdfa", "extract", "next-year", "diff", "seal", "collect", "sign",
           "archive")
ARCHIVE = "archive"  # the desk folder's archive (docgen archive add … --archive <folder>/archive)
TRUST = "证书"  # trust anchors (*.pem) for archiving: the office's root certificates
RETURNS = "收回"  # returned files, per notice: <folder>/收回/<notice>/


@dataclass
class Job:
    id: str
    action: str
    notice: str
    state: str = "排队中"  # 排队中 → 进行中 → 完成 / 失败
    done: int = 0
    total: int = 1
    files: list[str] = field(default_factory=list)  # relative to the desk's folder
    messages: list[str] = field(default_factory=list)
    error: str = ""
    open: str = ""  # a notice to open next (next year)

    def view(self) -> dict[str, Any]:
        return {"id": self.id, "action": self.action, "state": self.state, "done": self.done,
                "total": self.total, "files": self.files, "messages": self.messages,
                "error": self.error, "open": self.open}


class Jobs:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="desk-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._runner.shutdown(wait=True, cancel_futures=True)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def start(self, action: str, notice: Path, options: dict[str, Any]) -> Job:
        if action not in ACTIONS:
            raise ValueError(f"未知的操作“{action}”")
        job = Job(uuid.uuid4().hex[:12], action, notice.name)
        with self._lock:
            self._jobs[job.id] = job
        self._runner.submit(self._run, job, notice, options)
        return job

    def _run(self, job: Job, notice: Path, options: dict[str, Any]) -> None:
        job.state = "进行中"
        try:
            written = RUNNERS[job.action](self, job, notice, options)
        except DocgenError as error:
            job.state, job.error = "失败", error.render()
            return
        except Exception as error:  # a bug: shown, never lost in a thread
            job.state, job.error = "失败", f"内部错误：{error!r}"
            return
        job.files = [str(path.resolve().relative_to(self.root)) for path in written]
        job.done = job.total
        job.state = "完成"

    def output(self, notice: Path, *parts: str) -> Path:
        return self.root / "output" / notice.stem / Path(*parts)


def _build(jobs: Jobs, job: Job, notice: Path, options: dict[str, Any]) -> list[Path]:
    result = api.build(notice, output=jobs.output(notice), pdfa=job.action == "pdfa")
    job.messages = [f"共 {result.pages} 页", *result.warnings]
    return result.files


def _extract(jobs: Jobs, job: Job, notice: Path, options: dict[str, Any]) -> list[Path]:
    from docgen.notice import tasks
    from docgen.notice.extends import load_file
    from docgen.notice.verdict import require

    verdict = require(load_file(notice))
    assert verdict.notice is not None
    job.total = len(tasks.plan(verdict.notice)) + 1  # each unit's list and the 汇总

    def progressed(_: Path) -> None:
        job.done = min(job.done + 1, job.total)

    result = api.extract(notice, output=jobs.output(notice, "units"),
                         formats=("pdf", "xlsx"), progress=progressed)
    job.messages = [*result.warnings, *(f"无人认领：{orphan}" for orphan in result.orphans)]
    return result.files


def _next_year(jobs: Jobs, job: Job, notice: Path, options: dict[str, Any]) -> list[Path]:
    year = _notice_year(notice) + 1
    result = api.next_year(notice, year, output=api.next_year_target(notice, year))
    job.messages = [f"第 {point.line} 行 {point.path}：【待核】{point.text[:30]}"
                    for point in result.review]
    job.open = result.target.name
    return [result.target]


def _diff(jobs: Jobs, job: Job, notice: Path, options: dict[str, Any]) -> list[Path]:
    from docgen.desk.folder import Folder

    other = Folder(jobs.root).path(str(options.get("against") or ""))
    table = jobs.output(notice, f"修订对照表-{other.stem}.pdf")
    result = api.diff(other, notice, table=table)
    job.messages = result.render().splitlines() or ["两份通知内容相同"]
    return [result.table] if result.table else []


def _seal(jobs: Jobs, job: Job, notice: Path, options: dict[str, Any]) -> list[Path]:
    pdf = jobs.output(notice, f"{notice.stem}.pdf")
    if not pdf.exists():
        _build(jobs, job, notice, options)
    result = api.seal(pdf)
    job.messages = ["使用样章（SPECIMEN），正式印发请换用本机关印章图片"] if result.specimen else []
    return [result.target]


def _collect(jobs: Jobs, job: Job, notice: Path, options: dict[str, Any]) -> list[Path]:
    returns = jobs.root / RETURNS / notice.stem
    if not returns.is_dir() or not any(returns.iterdir()):
        raise UsageError("还没有收回的填报文件：先把各单位报回的 .xlsx 或 .docx 拖进来")
    result = api.collect(notice, [returns], as_of=options.get("as_of") or None,
                         output=jobs.output(notice, "收集"), chase=bool(options.get("chase")))
    collection = result.collection
    job.messages = [finding.render() for finding in collection.findings]
    job.messages += [f"{unit}：采用 {path.name}" for unit, path in collection.used.items()]
    job.messages += [f"与上一轮相比：{line}" for line in result.changes]
    job.messages.append(f"截至{collection.as_of:%Y-%m-%d}：{len(collection.used)} 个单位已报送，"
                        f"{len(collection.missing)} 个未报送")
    return [*result.files, *result.chase]


def _sign(jobs: Jobs, job: Job, notice: Path, options: dict[str, Any]) -> list[Path]:
    """PAdES signature on the sealed PDF (or the built one); the certificate file, uploaded
    for this job only, is removed whatever happens."""
    key = Path(options["p12"])
    try:
        pdf = _latest(jobs, notice, ("-盖章.pdf", ".pdf"))
        if pdf is None:
            _build(jobs, job, notice, options)
            pdf = jobs.output(notice, f"{notice.stem}.pdf")
        result = api.sign(pdf, p12=key, password=str(options.get("password") or "").encode())
    finally:
        shutil.rmtree(key.parent, ignore_errors=True)
    job.messages = [f"签名人：{result.signature.signer}，时间 {result.signature.signed_at}"]
    return [result.target]


def _archive(jobs: Jobs, job: Job, notice: Path, options: dict[str, Any]) -> list[Path]:
    signed = _latest(jobs, notice, ("-盖章-签名.pdf", "-签名.pdf"))
    if signed is None:
        raise UsageError("还没有签名的 PDF：先盖章、签名，再归档")
    trust = sorted((jobs.root / TRUST).glob("*.pem"))
    result = api.archive_add(signed, data=notice, archive=jobs.root / ARCHIVE, trust=trust,
                             accept_untrusted=bool(options.get("accept_untrusted")),
                             specimen=bool(options.get("specimen")))
    entry = result.entry
    job.messages = [f"已归档：{entry.doc_number} 第 {entry.version} 版（{entry.folder}）",
                    *result.findings]
    job.open = "/archive"
    return []


def _latest(jobs: Jobs, notice: Path, endings: tuple[str, ...]) -> Path | None:
    for ending in endings:
        candidate = jobs.output(notice, f"{notice.stem}{ending}")
        if candidate.exists():
            return candidate
    return None


def _notice_year(notice: Path) -> int:
    """The year in the 发文字号, as next-year reads it; this year when it has none."""
    from docgen.notice.extends import load_file
    from docgen.notice.next_year import NUMBER

    data = load_file(notice).data
    number = str(data.get("doc_number") or "") if isinstance(data, dict) else ""
    found = NUMBER.search(number)
    return int(found.group(1)) if found else dt.date.today().year


RUNNERS: dict[str, Callable[[Jobs, Job, Path, dict[str, Any]], list[Path]]] = {
    "build": _build, "pdfa": _build, "extract": _extract, "next-year": _next_year,
    "diff": _diff, "seal": _seal, "collect": _collect, "sign": _sign, "archive": _archive}
