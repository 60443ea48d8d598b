"""A build passes lint's warnings on to the user."""


from __future__ import annotations


def test_build_prints_lint_warnings(sample):
    assert any("LINT-01" in warning for warning in sample.result.warnings)
