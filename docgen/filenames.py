"""File names built from data: no path separators, no '..', no control characters, no
reserved device names, bounded length."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_BYTES = 180  # leaves room for a suffix within the usual 255-byte limit
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def safe_file_stem(text: str, fallback: str = "文档") -> str:
    """A file-name stem that is safe on Linux, macOS and Windows."""
    stem = unicodedata.normalize("NFC", text)
    stem = _UNSAFE.sub("_", stem).strip(" .")
    stem = re.sub(r"\.{2,}", ".", stem)
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    encoded = stem.encode("utf-8")[:MAX_NAME_BYTES]
    stem = encoded.decode("utf-8", errors="ignore").strip(" .")
    return stem or fallback
