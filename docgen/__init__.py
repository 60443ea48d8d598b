"""docgen: 党政机关公文 (GB/T 9704-2012) from structured data.

The public API is the pipeline's stages; the CLI uses nothing else.
"""

from .errors import DataError, DocgenError, ExitCode, Problem
from .load import Source, load_file
from .model import Notice
from .pipeline import SAMPLE, BuildResult, build
from .validate import validate

__version__ = "0.4.0"

__all__ = [
    "SAMPLE",
    "BuildResult",
    "DataError",
    "DocgenError",
    "ExitCode",
    "Notice",
    "Problem",
    "Source",
    "build",
    "load_file",
    "validate",
]
