"""Nothing active in what docgen writes: macros, attached templates, external links, ActiveX,
embedded OLE objects and custom XML are removed from a document before it is saved.

A template's parts are otherwise carried into every output: a remote attachedTemplate that
Word fetches on opening, a link or a remote picture that leaks the reader's address, a macro
project. The text around a link is kept; a picture or object that only points outside goes.
"""

from __future__ import annotations

import re

from docx.document import Document as DocxDocument
from docx.opc.part import XmlPart
from docx.oxml.ns import qn

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Relationship types whose targets are code, controls, other documents or foreign data.
_ACTIVE_TYPES = re.compile(r"/(vbaProject|wordVbaData|keyMapCustomizations|control|"
                           r"activeXControlBinary|customXml|oleObject|package|aFChunk|"
                           r"attachedTemplate|subDocument|frame)$")
# Elements that only exist for an active relationship and go with it whole.
_HOSTS = (qn("w:object"), qn("w:pict"), qn("w:drawing"))
_DROPPED = (qn("w:attachedTemplate"), qn("w:subDoc"), qn("w:altChunk"))


def strip_active_content(document: DocxDocument) -> list[str]:
    """Remove active relationships (and what refers to them) from every part; returns the
    targets removed, for a report."""
    removed: list[str] = []
    for part in list(document.part.package.iter_parts()):
        active = {rid: rel for rid, rel in part.rels.items()
                  if rel.is_external or _ACTIVE_TYPES.search(rel.reltype)}
        if isinstance(part, XmlPart):
            _drop_references(part, set(active))
            for element in list(part.element.iter(*_DROPPED)):
                _remove(element)
        for rid, rel in active.items():
            removed.append(rel.target_ref)
            del part.rels[rid]
    return removed


def _drop_references(part: XmlPart, rids: set[str]) -> None:
    if not rids:
        return
    for element in list(part.element.iter()):
        names = [name for name, value in element.attrib.items()
                 if name.startswith(f"{{{_R}}}") and value in rids]
        if not names:
            continue
        if element.tag == qn("w:hyperlink"):
            for name in names:
                del element.attrib[name]  # the link goes, its text stays
        elif element.tag == qn("a:blip") and qn("r:embed") not in names \
                and element.get(qn("r:embed")):
            for name in names:
                del element.attrib[name]  # a linked copy beside an embedded picture
        else:
            _remove(_host(element))


def _host(element):
    for ancestor in element.iterancestors():
        if ancestor.tag in _HOSTS:
            return ancestor
    return element


def _remove(element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)
