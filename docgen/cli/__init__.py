"""The command line: click commands by group over docgen.api, one error decorator."""

from docgen.cli.app import main

__all__ = ["main"]
