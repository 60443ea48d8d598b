"""The stages run in order: build, per-unit extracts and the revision table, each published
atomically.
"""
