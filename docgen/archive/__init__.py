"""The archive: the issued, signed PDF stored with the data it was made from, hash-bound,
append-only, and checkable years later. accession.py checks and stores (``add``), audit.py
re-checks and lists (``verify``, ``list_entries``), catalogue.py is the SQLite catalogue,
store.py describes the layout on disk and writes it atomically."""
