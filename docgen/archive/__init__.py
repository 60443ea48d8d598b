"""The archive: the issued, signed PDF stored with the data it was made from, hash-bound,
append-only, and checkable years later. ``add`` checks and stores, ``verify`` re-checks,
``list_entries`` reads the catalogue; store.py describes the layout on disk."""

from .accession import AddRequest, AddResult, add, first_difference, page_texts
from .audit import VerifyReport, list_entries, verify
from .catalogue import CatalogueError, Entry
from .store import (
    CATALOGUE,
    CRASH_HOOK,
    DEFAULT_ARCHIVE,
    MANIFEST,
    SIGNED,
    ArchiveError,
    read_settings,
)

__all__ = [
    "CATALOGUE",
    "CRASH_HOOK",
    "DEFAULT_ARCHIVE",
    "MANIFEST",
    "SIGNED",
    "AddRequest",
    "AddResult",
    "ArchiveError",
    "CatalogueError",
    "Entry",
    "VerifyReport",
    "add",
    "first_difference",
    "list_entries",
    "page_texts",
    "read_settings",
    "verify",
]
