"""Helpers the tests share: paths, YAML files of test data, the test PKI, GB/T 9704 figures."""

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
EXAMPLES = ROOT / "data" / "examples"
GOLDEN = TESTS / "golden"
SEED_TEXT = TESTS / "data" / "seed.txt"
