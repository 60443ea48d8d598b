"""GB/T 9704 checks measured on a PDF: the report model, the rules and the annotated page images.
"""
