"""The archive: the issued, signed PDF stored with the data it was made from, hash-bound,
append-only, and checkable years later. accession.py checks and stores (``add``), with the
checks on the signed PDF (signatures, changes after signing, its text against the data, scans)
in checks.py; audit.py re-checks and lists (``verify``, ``list_entries``), catalogue.py is the
SQLite catalogue, store.py describes the layout on disk and writes it atomically."""
