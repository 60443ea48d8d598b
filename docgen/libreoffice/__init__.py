"""The one wrapper around LibreOffice: a headless converter, a pool of running workers, and the
fontconfig they use.
"""
