"""python -m docgen: the same as the docgen command."""

from .cli import main

main()
