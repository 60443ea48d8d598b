"""Chinese text cut into words (jieba and its bundled dictionary), for marking what changed
word by word and for choosing where a title may break.

The dictionary is read the first time a text is cut, once per process, without the network,
without messages on stderr and without the cache file jieba would otherwise write.
"""

from __future__ import annotations

import functools
from typing import Any


def segment(text: str) -> list[str]:
    """``text`` as a list of words whose concatenation is ``text`` again:
    晋文旅办发〔2022〕46号 → 晋文旅, 办发, 〔, 2022, 〕, 46, 号."""
    if not text:
        return []
    return _tokenizer().lcut(text)


@functools.cache
def _tokenizer() -> Any:
    import jieba  # heavy (the dictionary is 5 MB): only when a text is first cut

    tokenizer = jieba.Tokenizer()
    # Build the prefix dictionary directly: jieba's initialize() logs to stderr and dumps a
    # shared cache file into the temp folder that another user's process could have planted.
    tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    tokenizer.initialized = True
    return tokenizer
