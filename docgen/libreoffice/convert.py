"""DOCX → PDF through LibreOffice running headless.

Each Converter owns a private LibreOffice profile (so runs never share state or lock each
other out), seeded with macros disabled and external links never updated. Every conversion
runs in its own process group, under a guard that kills the group if docgen dies (see
lifeline.py), with a time limit that kills the whole group: the conversion
timeout plus an allowance for starting LibreOffice, so that a slow start on a cold or busy
machine never eats into a conversion's time. Success is judged by the PDF on disk, because
LibreOffice exits 0 even when it wrote nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import zipfile
from pathlib import Path

from docgen.errors import ConversionError
from docgen.libreoffice.lifeline import start_guarded
from docgen.tempdirs import private_folder

DEFAULT_TIMEOUT = 180.0  # seconds one conversion may take
# Seconds LibreOffice may take to start, apart from any conversion. Generous: a cold start on a
# fresh or busy machine can take many times the usual second or two.
STARTUP_TIMEOUT = 60.0

# Macros off, links never updated, remote referer links blocked: documents are data, not code.
_LOCKED_DOWN_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Field" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""  # noqa: E501


# LIBREOFFICE 7.4 reads w:overflowPunct inverted (val="0" turns hanging punctuation *on*;
# writerfilter DomainMapper: PROP_PARA_IS_HANGING_PUNCTUATION = (value == 0)). The DOCX we
# hand out keeps Word's meaning; the copy LibreOffice converts gets the value it understands.
_PUNCT_FOR_WORD = b'<w:overflowPunct w:val="0"/>'
_PUNCT_FOR_LIBREOFFICE = b'<w:overflowPunct w:val="1"/>'
_PARTS_WITH_PARAGRAPHS = re.compile(r"word/(document|styles|header\d*|footer\d*)\.xml")


def libreoffice_copy(docx: Path, target: Path) -> Path:
    """A copy of ``docx`` with LibreOffice's reading of overflowPunct, for conversion only."""
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if _PARTS_WITH_PARAGRAPHS.fullmatch(item.filename):
                data = data.replace(_PUNCT_FOR_WORD, _PUNCT_FOR_LIBREOFFICE)
            copy.writestr(item, data)
    return target


def locked_down_profile(folder: Path) -> None:
    """A fresh LibreOffice user profile with macros off and links never updated."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "registrymodifications.xcu").write_text(_LOCKED_DOWN_PROFILE, encoding="utf-8")


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise ConversionError("找不到 LibreOffice（soffice）",
                          hint="运行 make demo 或 make test 会自动安装；也可执行 "
                               "bash scripts/setup-system.sh")


PDF_FILTER = "writer_pdf_Export"
PDFA_PART = 2  # SelectPdfVersion 2 = PDF/A-2b, the archival profile that allows transparency


def pdf_filter_data(pdfa: bool) -> dict[str, int]:
    """LibreOffice's PDF export options: PDF/A-2b when asked for, defaults otherwise."""
    return {"SelectPdfVersion": PDFA_PART} if pdfa else {}


def export_filter_argument(pdfa: bool) -> str:
    """The ``--convert-to`` value; LibreOffice 7.4+ reads export options given as JSON."""
    options = {name: {"type": "long", "value": str(value)}
               for name, value in pdf_filter_data(pdfa).items()}
    return f"pdf:{PDF_FILTER}" + (f":{json.dumps(options)}" if options else "")


# Formats a foreign document is converted to before docgen reads it (docgen.ingest.convert):
# the ``--convert-to`` value for each target suffix.
EXPORT_FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}


class Converter:
    """Converts documents with one isolated LibreOffice profile; use as a context manager."""

    def __init__(self, fontconfig: Path | None = None, timeout: float = DEFAULT_TIMEOUT,
                 soffice: str | None = None, pdfa: bool = False,
                 startup_timeout: float = STARTUP_TIMEOUT) -> None:
        self.soffice = soffice or find_soffice()
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        self.pdfa = pdfa
        self.fontconfig = fontconfig
        self._home = private_folder("lo")
        locked_down_profile(self._home / "profile" / "user")

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        shutil.rmtree(self._home, ignore_errors=True)

    def convert(self, docx: Path, out_dir: Path) -> Path:
        """Convert ``docx`` into ``out_dir``; returns the PDF's path."""
        target = out_dir / (docx.stem + ".pdf")
        staging = self._home / "staging"
        staging.mkdir(exist_ok=True)
        source = libreoffice_copy(docx, staging / docx.name)
        target.unlink(missing_ok=True)
        result = self._run(self._command(export_filter_argument(self.pdfa), source, out_dir),
                           source)
        if not is_pdf(target):
            detail = (result.stderr or result.stdout or "").strip()[-500:]
            raise ConversionError(
                f"LibreOffice 没有生成 {target.name}（退出码 {result.returncode}）"
                + (f"：{detail}" if detail else ""),
                hint="检查 DOCX 能否在 LibreOffice 中打开。",
            )
        return target

    def export(self, source: Path, out_dir: Path, kind: str) -> Path:
        """Convert a document LibreOffice can open (.doc, .rtf, .odt, .et …) to ``kind``
        (a key of EXPORT_FILTERS) in ``out_dir``, with the same locked-down profile."""
        target = out_dir / f"{source.stem}.{kind}"
        target.unlink(missing_ok=True)
        result = self._run(self._command(EXPORT_FILTERS[kind], source, out_dir), source)
        if not _is_zip(target):
            detail = (result.stderr or result.stdout or "").strip()[-500:]
            raise ConversionError(
                f"LibreOffice 无法读取 {source.name}，没有转换出 .{kind} 文件"
                + (f"：{detail}" if detail else ""),
                hint="文件可能已损坏、加了密码，或不是它的扩展名所说的格式。")
        return target

    def _command(self, convert_to: str, source: Path, out_dir: Path) -> list[str]:
        return [
            self.soffice,
            f"-env:UserInstallation={(self._home / 'profile').as_uri()}",
            "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
            "--nolockcheck", "--convert-to", convert_to, "--outdir", str(out_dir), str(source),
        ]

    def _run(self, command: list[str], source: Path) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "HOME": str(self._home), "SAL_USE_VCLPLUGIN": "svp"}
        if self.fontconfig is not None:
            env["FONTCONFIG_FILE"] = str(self.fontconfig)
        try:
            process = start_guarded(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, env=env)
        except OSError as exc:
            raise ConversionError(
                f"无法启动 LibreOffice（{command[0]}）：{exc.strerror}",
                hint="运行 make demo 或 make test 会自动安装 LibreOffice。",
            ) from exc
        try:
            # One process starts LibreOffice and converts: start-up gets its own allowance.
            stdout, stderr = process.communicate(timeout=self.startup_timeout + self.timeout)
        except subprocess.TimeoutExpired:
            kill_group(process)
            raise ConversionError(
                f"LibreOffice 转换 {source.name} 超过 {self.timeout:.0f} 秒，已终止",
                hint="文档可能过大，或 LibreOffice 卡住了；可用 --timeout 放宽时限。",
            ) from None
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def kill_group(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def is_pdf(path: Path) -> bool:
    if not path.is_file() or path.stat().st_size < 64:
        return False
    with path.open("rb") as handle:
        return handle.read(5) == b"%PDF-"


def _is_zip(path: Path) -> bool:
    return path.is_file() and zipfile.is_zipfile(path)
