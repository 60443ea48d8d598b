"""Regenerates templates/redhead.docx from its recipe (docgen/recipe.py): ``make template``."""

from pathlib import Path

from docgen.compose.recipe import make_red_header

if __name__ == "__main__":
    target = Path(__file__).with_name("redhead.docx")
    make_red_header(target)
    print(f"已生成 {target}")
