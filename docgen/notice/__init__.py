"""The notice as data: YAML source with its line map, the typed model, validation,
responsibilities, lint rules, next year and diff.
"""
