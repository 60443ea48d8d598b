"""docgen: 党政机关公文 (GB/T 9704-2012) from structured data.

The front door is :mod:`docgen.api`; its functions are re-exported here, so that
``docgen.build(...)``, ``docgen.check(...)`` and the rest work after ``import docgen``.
"""

__version__ = "0.9.0"

from docgen.api import *  # noqa: F403 - the API is the package's namespace
from docgen.api import __all__ as _api_all

__all__ = ["__version__", *_api_all]
