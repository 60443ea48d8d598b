"""GB/T 9704-2012 in figures: sizes, the line grid, positions (each tagged with its clause), and
text measured on that grid.
"""
