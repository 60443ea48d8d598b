"""Files a clerk drops on the desk: checked by name and size while they arrive, stored under
a clean name that never replaces a file already there. What is inside them is checked later,
by the stage that reads them (collect, import), with its own limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from docgen.errors import DocgenError, ExitCode
from docgen.filenames import safe_file_stem

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a returned workbook is ~10 kB, a notice's PDF ~1 MB
MAX_FILES = 50
MAX_KEY_BYTES = 64 * 1024  # a PKCS#12 file with its chain is a few kB
RETURN_SUFFIXES = (".xlsx", ".docx")
IMPORT_SUFFIXES = (".docx", ".doc", ".wps", ".rtf", ".odt", ".xlsx", ".xls", ".et", ".csv",
                   ".pdf")


class UploadRefused(DocgenError):
    exit_code = ExitCode.USAGE


async def store(chunks: AsyncIterator[bytes], original: str, folder: Path,
                allowed: tuple[str, ...], limit: int = MAX_UPLOAD_BYTES) -> Path:
    """Write an upload into ``folder`` as ``<clean stem><suffix>`` (``-2``, ``-3`` … when
    taken); refused, leaving nothing behind, if its type or size is wrong."""
    suffix = Path(original).suffix.lower()
    if suffix not in allowed:
        raise UploadRefused(f"“{original}”不是可接收的文件类型（{'、'.join(allowed)}）")
    folder.mkdir(parents=True, exist_ok=True)
    target = free_name(folder, safe_file_stem(Path(original).stem) or "文件", suffix)
    size = 0
    try:
        with target.open("xb") as handle:
            async for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise UploadRefused(f"“{original}”超过 {_size(limit)}，未接收")
                handle.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem+suffix``, or with -2, -3 … if taken: a name nobody's file has."""
    candidate, number = folder / f"{stem}{suffix}", 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}{suffix}"
    return candidate


async def file_chunks(upload, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    while chunk := await upload.read(size):
        yield chunk


def _size(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 1024} kB"
