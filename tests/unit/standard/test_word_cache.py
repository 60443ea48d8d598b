"""jieba's dictionary is cached where only this user can write, and a cache nobody can vouch
for is never read."""

from __future__ import annotations

import os

import jieba
import pytest

from docgen.standard import words


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "docgen"


def built() -> tuple[dict, int]:
    tokenizer = jieba.Tokenizer()
    return tokenizer.gen_pfdict(tokenizer.get_dict_file())


def test_the_first_process_writes_a_private_cache_the_next_reads(cache_home):
    first = words._prefix_dictionary(jieba.Tokenizer(), "test")
    cached = cache_home / "jieba-test.marshal"
    assert cached.exists() and cached.stat().st_mode & 0o077 == 0
    assert cache_home.stat().st_mode & 0o077 == 0
    assert words._prefix_dictionary(jieba.Tokenizer(), "test") == first == built()


def test_a_cache_others_may_write_is_not_read(cache_home):
    words._prefix_dictionary(jieba.Tokenizer(), "test")
    cached = cache_home / "jieba-test.marshal"
    cached.write_bytes(words.marshal.dumps(({"假": 1}, 1)))
    os.chmod(cached, 0o666)
    assert words._prefix_dictionary(jieba.Tokenizer(), "test") == built()


def test_a_damaged_cache_is_built_again_and_replaced(cache_home):
    cache_home.mkdir(mode=0o700)
    cached = cache_home / "jieba-test.marshal"
    cached.write_bytes(b"\x00not marshal")
    os.chmod(cached, 0o600)
    assert words._prefix_dictionary(jieba.Tokenizer(), "test") == built()
    assert words._read_private(cached) == built()


def test_no_writable_cache_folder_means_no_cache(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file where the folder should be
    assert words._prefix_dictionary(jieba.Tokenizer(), "test") == built()
