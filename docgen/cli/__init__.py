"""The command line: click commands by group over docgen.api, one error decorator."""

import sys

# The docgen command never asks PyMuPDF for its layout analysis (pymupdf.layout, which
# PyMuPDF 2 installs with ONNX models and loads on import): leaving it out halves the time
# every PDF-reading command spends importing PyMuPDF. A program using docgen as a library
# is not affected; it does not import the CLI.
sys.modules.setdefault("pymupdf.layout", None)

from docgen.cli.app import main  # noqa: E402 - after the line above, on purpose

__all__ = ["main"]
