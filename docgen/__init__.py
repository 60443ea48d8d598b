"""docgen: 党政机关公文 (GB/T 9704-2012) from structured data.

The public API is the pipeline's stages; the CLI uses nothing else.
"""

from .archive import AddRequest
from .archive import add as archive_add
from .archive import verify as archive_verify
from .errors import DataError, DocgenError, ExitCode, Problem
from .load import Source, load_file
from .model import Notice
from .pipeline import SAMPLE, BuildResult, build
from .seal import seal_pdf
from .sign import check_signatures, sign_pdf
from .validate import validate

__version__ = "0.5.0"

__all__ = [
    "SAMPLE",
    "AddRequest",
    "BuildResult",
    "DataError",
    "DocgenError",
    "ExitCode",
    "Notice",
    "Problem",
    "Source",
    "archive_add",
    "archive_verify",
    "build",
    "check_signatures",
    "load_file",
    "seal_pdf",
    "sign_pdf",
    "validate",
]
