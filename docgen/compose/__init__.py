"""Notice model → .docx: the red-header template filled in, then masthead, body, closing, tables
and sections written by one composer.
"""
