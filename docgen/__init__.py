"""docgen: 党政机关公文 (GB/T 9704-2012) from structured data.

The public API is the pipeline's stages; the CLI uses nothing else.
"""

from docgen.archive import AddRequest
from docgen.archive import add as archive_add
from docgen.archive import verify as archive_verify
from docgen.errors import DataError, DocgenError, ExitCode, Problem
from docgen.notice.model import Notice
from docgen.notice.source import Source, load_file
from docgen.notice.validate import validate
from docgen.pdf.seal import seal_pdf
from docgen.pdf.sign import check_signatures, sign_pdf
from docgen.pipelines.build import BuildResult, build
from docgen.resources import SAMPLE

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
