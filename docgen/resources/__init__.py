"""Files docgen ships: the red-header template, the sample notice and its examples.

In the repository they live where users look for them (``templates/``, ``data/``); the wheel
carries copies inside this package. Lookups go through ``importlib.resources`` so that an
installed copy finds its own files, and fall back to the repository for a source checkout.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPOSITORY = Path(__file__).resolve().parents[2]


def bundled(name: str, repository_path: str) -> Path:
    """The packaged copy of ``name`` if this is an installed docgen, else the repository file."""
    packaged = Path(str(resources.files(__package__) / name))
    if packaged.exists():
        return packaged
    return _REPOSITORY / repository_path


DEFAULT_TEMPLATE = bundled("redhead.docx", "templates/redhead.docx")
SAMPLE = bundled("sample/jinwenlv-ban-2022-46.yaml", "data/jinwenlv-ban-2022-46.yaml")
EXAMPLES = bundled("sample/examples", "data/examples")
