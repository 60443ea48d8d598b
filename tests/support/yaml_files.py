"""Test data as YAML files: read one, write a changed copy in the data format's text form."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML


def load_yaml(path: Path) -> dict:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def write_yaml(data: dict, path: Path) -> Path:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(_as_text(data), handle)
    return path


def _as_text(value):
    """Dates and numbers back to the text the data format expects."""
    if isinstance(value, dict):
        return {key: _as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
