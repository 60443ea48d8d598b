"""Loading the UNO bridge leaves Python's import statement as it was."""

from __future__ import annotations

import builtins

import pytest

from docgen.libreoffice.pool import load_uno


def test_a_missing_module_is_still_a_module_not_found_error_after_uno():
    before = builtins.__import__
    load_uno()
    assert builtins.__import__ is before
    with pytest.raises(ModuleNotFoundError):  # what libraries probing for extras catch
        import docgen_no_such_module  # noqa: F401
