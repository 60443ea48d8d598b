"""Chinese text cut into words (jieba and its bundled dictionary, plus the 公文 terms in
gongwen_terms.txt), for marking what changed word by word and for choosing where a title may
break.

The dictionary is read the first time a text is cut, once per process, without the network,
without messages on stderr and without the cache file jieba would otherwise write.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from importlib import resources
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
    # Build the prefix dictionary directly: jieba's initialize() logs to stderr and dumps a
    # shared cache file into the temp folder that another user's process could have planted.
    tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    tokenizer.initialized = True
    for term in gongwen_terms():
        tokenizer.add_word(term, max(TERM_FREQUENCY, tokenizer.suggest_freq(term)))
    return tokenizer
