"""The desk: docgen in a browser (``docgen serve``), for clerks who live in Word, not in YAML.

A small local web app (FastAPI, Jinja templates, one plain script) over the same library the
command line uses: the notices of one folder, a form and a grid that edit the data file in
place (comments and layout kept), page previews from a warm LibreOffice, and the findings of
lint and check at the field they concern. Like the CLI it is a front end: it sits beside
docgen.cli and reaches the rest of docgen through docgen.api and the notice stage.
"""
