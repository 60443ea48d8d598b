"""Older and other formats made readable: .doc, .wps, .rtf, .odt → .docx and .et → .xlsx
through LibreOffice, headless, with macros off and links never followed (the profile
docgen.libreoffice.convert sets up for every conversion).

The file's first bytes are checked against its extension before LibreOffice sees it:
LibreOffice opens almost anything as plain text, so a damaged or misnamed file would
otherwise come back as a "document" of garbage instead of an error.
"""

from __future__ import annotations

from pathlib import Path

from docgen.errors import ConversionError
from docgen.libreoffice.convert import DEFAULT_TIMEOUT

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003, WPS and ET files
ZIP = b"PK\x03\x04"  # .odt (and a .wps/.et that WPS saved in the newer, zipped form)
RTF = b"{\\rtf"
SIGNATURES = {".doc": (OLE2,), ".wps": (OLE2, ZIP), ".rtf": (RTF,), ".odt": (ZIP,),
              ".et": (OLE2, ZIP)}
FORMAT_NAMES = {".doc": "Word 97-2003 文档", ".wps": "WPS 文字文档", ".rtf": "RTF 文档",
                ".odt": "OpenDocument 文本", ".et": "WPS 表格文档"}
TO_DOCX = (".doc", ".wps", ".rtf", ".odt")
TO_XLSX = (".et",)


def to_docx(path: Path, work_dir: Path, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """``path`` (.doc, .wps, .rtf, .odt) converted to a .docx in ``work_dir``."""
    return _convert(path, work_dir, timeout, "docx", TO_DOCX)


def to_xlsx(path: Path, work_dir: Path, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """``path`` (.et) converted to a .xlsx in ``work_dir``."""
    return _convert(path, work_dir, timeout, "xlsx", TO_XLSX)


def _convert(path: Path, work_dir: Path, timeout: float, kind: str,
             accepted: tuple[str, ...]) -> Path:
    from docgen.libreoffice.convert import Converter

    suffix = path.suffix.lower()
    if suffix not in accepted:
        raise ConversionError(f"{path.name}：不能转换为 .{kind}"
                              f"（可转换的格式：{'、'.join(accepted)}）")
    _check_signature(path, suffix)
    out_dir = work_dir / f"converted-{kind}"
    out_dir.mkdir(parents=True, exist_ok=True)
    with Converter(timeout=timeout) as converter:
        return converter.export(path, out_dir, kind)


def _check_signature(path: Path, suffix: str) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise ConversionError(f"无法读取 {path.name}：{exc.strerror}") from exc
    if not any(head.startswith(signature) for signature in SIGNATURES[suffix]):
        raise ConversionError(
            f"{path.name} 不是{FORMAT_NAMES[suffix]}，LibreOffice 无法按 {suffix} 读取",
            hint="文件可能已损坏，或扩展名与内容不符；"
                 "请在 Word 或 WPS 中打开后另存为 .docx 再导入。")
