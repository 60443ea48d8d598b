"""The command line: a thin layer over docgen.api."""
