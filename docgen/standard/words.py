"""Chinese text cut into words (jieba and its bundled dictionary, plus the 公文 terms in
gongwen_terms.txt), for marking what changed word by word and for choosing where a title may
break.

The dictionary is read the first time a text is cut, once per process, without the network
and without messages on stderr. jieba's own cache file lives in the shared temp folder, where
another user could plant one; docgen keeps its own in the user's cache folder instead
(``~/.cache/docgen``, private to the user), which turns 0.55 s of building the dictionary
into 0.18 s of reading it in every later process.
"""

from __future__ import annotations

import functools
import marshal
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

# A 公文 term must outweigh the everyday words it overlaps (公开重点, 务公), not merely its
# own pieces as jieba's suggested frequency would.
TERM_FREQUENCY = 20000


def segment(text: str, keep: Iterable[str] = ()) -> list[str]:
    """``text`` as a list of words whose concatenation is ``text`` again:
    晋文旅办发〔2022〕46号 → 晋文旅, 办发, 〔, 2022, 〕, 46, 号. Each phrase of ``keep`` (the
    issuer's name, a 文号) found in the text is one word."""
    if not text:
        return []
    pattern = _keep_pattern(tuple(keep))
    if pattern is None:
        return _tokenizer().lcut(text)
    words: list[str] = []
    for piece in pattern.split(text):
        if piece and pattern.fullmatch(piece):
            words.append(piece)
        elif piece:
            words += _tokenizer().lcut(piece)
    return words


def _keep_pattern(keep: tuple[str, ...]) -> re.Pattern[str] | None:
    phrases = sorted({phrase for phrase in keep if phrase and len(phrase) > 1}, key=len,
                     reverse=True)
    return re.compile("(" + "|".join(map(re.escape, phrases)) + ")") if phrases else None


def gongwen_terms() -> list[str]:
    text = resources.files("docgen.standard").joinpath("gongwen_terms.txt").read_text("utf-8")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@functools.cache
def _tokenizer() -> Any:
    import jieba  # heavy (the dictionary is 5 MB): only when a text is first cut

    tokenizer = jieba.Tokenizer()
    # Not jieba's initialize(): it logs to stderr and reads a cache file from the shared temp
    # folder that another user's process could have planted.
    dictionary = Path(jieba.__file__).with_name("dict.txt")
    tokenizer.FREQ, tokenizer.total = _prefix_dictionary(
        tokenizer, f"{jieba.__version__}-{dictionary.stat().st_size}")
    tokenizer.initialized = True
    for term in gongwen_terms():
        tokenizer.add_word(term, max(TERM_FREQUENCY, tokenizer.suggest_freq(term)))
    return tokenizer


def _prefix_dictionary(tokenizer: Any, edition: str) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary: from docgen's private cache when there, else built (and
    cached for the next process, if the cache folder can be written). ``edition`` names the
    jieba version and dictionary the cache was built from."""
    cache = _cache_folder()
    name = f"jieba-{edition}.marshal"
    if cache is not None and (cached := _read_private(cache / name)) is not None:
        return cached
    built = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    if cache is not None:
        _write_private(cache / name, built)
    return built


def _cache_folder() -> Path | None:
    """``$XDG_CACHE_HOME/docgen`` or ``~/.cache/docgen``, made private to the user; None when
    it cannot be, and then nothing is cached."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "docgen"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder if _private(folder) else None
    except OSError:
        return None


def _private(path: Path) -> bool:
    """Owned by this user and writable by nobody else (so nobody else chose its content)."""
    info = path.lstat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) \
        and not stat.S_ISLNK(info.st_mode)


def _read_private(path: Path) -> tuple[dict[str, int], int] | None:
    try:
        if not _private(path):
            return None
        freq, total = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None  # missing, unreadable or damaged: built again
    return (freq, total) if isinstance(freq, dict) and isinstance(total, int) else None


def _write_private(path: Path, value: tuple[dict[str, int], int]) -> None:
    temporary: Path | None = None
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
        temporary = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(marshal.dumps(value))
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
