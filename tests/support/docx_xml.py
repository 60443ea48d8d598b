"""DOCX parts as canonical XML, comparable across runs."""

from __future__ import annotations

import re

from lxml import etree

from docgen.compose.template import STYLE_NAMES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def canonical(xml: bytes) -> str:
    """rsids dropped, attributes sorted (C14N), one element per line: stable across runs.

    Of the styles part only docgen's own styles and the defaults are kept: the rest is
    python-docx's stock table and list styles, which docgen never uses.
    """
    root = etree.fromstring(xml)
    if root.tag == f"{W}styles":
        for style in root.findall(f"{W}style") + root.findall(f"{W}latentStyles"):
            name = style.find(f"{W}name")
            if name is None or name.get(f"{W}val") not in STYLE_NAMES:
                root.remove(style)
    for element in root.iter():
        for key in list(element.attrib):
            if "rsid" in key:
                del element.attrib[key]
    text = etree.tostring(root, method="c14n").decode("utf-8")
    return re.sub(r"><", ">\n<", text) + "\n"
