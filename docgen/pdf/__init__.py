"""Work on produced PDFs: measurement, metadata and PDF/A, seal placement and detection, signing.
"""
