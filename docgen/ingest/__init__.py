"""Import: an existing notice or 分工表 (.docx, .doc/.wps/.rtf/.odt, .xlsx/.xls/.et/.csv, PDF)
read back into docgen's data.

Every reader turns its file into the same two things — a :class:`~docgen.ingest.draft.Draft`
(the notice's fields, with what is uncertain marked) and, for each table, a
:class:`~docgen.ingest.grid.Grid` of cells with their spans — and one function,
:func:`~docgen.ingest.grid.table_from_grid`, turns any grid into docgen's grouped table, so
that a merged-cell table means the same whichever program wrote it. Untrusted files are
measured before they are parsed (docgen.ingest.limits).
"""
