"""Notices typed the way offices type them in Word or WPS, made from a notice's data.

Everything is in the Normal style with fonts, sizes and colours set by hand: the red header
as big red text, as a text box or as a one-row table; the 发文字号 and 签发人 on one line; the
title broken with soft line breaks; paragraphs indented with full-width spaces (or a first-line
indent); 署名 and 成文日期 pushed right; the 分工表 as a real table whose groups are vertically
merged cells, with a repeated header row and, when asked, split into two tables with the
header typed again; the 版记 as lines or as a bordered table.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree

from docgen.compose.notice import title_keep
from docgen.compose.table import flatten
from docgen.notice.model import format_date
from docgen.standard import figures as L
from docgen.standard.title_break import break_title
from support.notice_print import notice_of

RED = RGBColor(0xFF, 0x00, 0x00)
FULL_SPACE = "\u3000"
NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
}


@dataclass(frozen=True)
class Typing:
    """How the clerk typed it."""

    header: Literal["text", "textbox", "table"] = "text"
    imprint: Literal["lines", "table"] = "lines"
    indent: Literal["spaces", "first_line"] = "spaces"
    title_breaks: bool = True  # soft line breaks where the printed title breaks
    title_paragraphs: bool = False  # each title line a paragraph of its own (Enter, not a break)
    padded: bool = False  # 署名 and 成文日期 pushed right with full-width spaces, not aligned
    merged: bool = True  # group cells merged; False: left blank below the first, as in the seed
    # The table continues in a second one after this many detail rows (even inside a group,
    # whose merged cells then go on in the second table, blank), its header typed again.
    split_after_rows: int | None = None


def type_notice(data: dict[str, Any], target: Path, typing: Typing = Typing()) -> Path:
    """``data`` typed into a .docx at ``target`` the way ``typing`` says."""
    notice = notice_of(data)
    document = docx.Document()
    _header(document, notice, typing)
    _main(document, notice, typing)
    for index, attachment in enumerate(notice.attachments):
        _attachment(document, notice, index, attachment, typing)
    _imprint(document, notice, typing)
    document.save(str(target))
    return target


# ── pieces ───────────────────────────────────────────────────────────────────────────────
def line(document, text: str = "", *, size: float = 16, font: str = "仿宋_GB2312",
         bold: bool = False, red: bool = False, align: str | None = None,
         breaks: list[str] | None = None):
    """One Normal paragraph; ``breaks``: its lines, joined with soft line breaks."""
    paragraph = document.add_paragraph()
    if align:
        paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER,
                               "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    for index, part in enumerate(breaks or [text]):
        run = paragraph.add_run(part)
        _look(run, size, font, bold, red)
        if breaks and index < len(breaks) - 1:
            run.add_break(WD_BREAK.LINE)
    return paragraph


def _look(run, size: float, font: str, bold: bool = False, red: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.name = font
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    run.font.bold = bold or None
    if red:
        run.font.color.rgb = RED


def _header(document, notice, typing: Typing) -> None:
    for text in (notice.copy_number, notice.secrecy, notice.urgency):
        if text:
            line(document, text, font="黑体")
    mark_lines = notice.issuer.mark.split("\n")
    if typing.header == "textbox":
        text_box(document, mark_lines)
    elif typing.header == "table":
        table = document.add_table(rows=1, cols=1)
        cell = table.cell(0, 0)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for index, text in enumerate(mark_lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            _look(paragraph.add_run(text), 36, "方正小标宋简体", red=True)
    else:
        for text in mark_lines:
            line(document, text, size=36, font="方正小标宋简体", red=True, align="center")
    line(document)
    number = notice.doc_number
    if notice.signers:
        line(document, number + FULL_SPACE * 4 + "签发人：" + FULL_SPACE.join(notice.signers))
    else:
        line(document, number, align="center")
    rule = line(document)
    _bottom_border(rule, "FF0000")
    line(document)


def text_box(document, lines: list[str]) -> None:
    """A paragraph anchoring a text box with ``lines`` (big, red, centred), in Word's form:
    the box for new readers and the same text again in a VML fallback for old ones."""
    half_points = min(72, int(2 * 430 / max(len(text) for text in lines)))  # fits the box
    paragraphs = "".join(
        '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>'
        '<w:rFonts w:eastAsia="方正小标宋简体"/><w:color w:val="FF0000"/>'
        f'<w:sz w:val="{half_points}"/></w:rPr><w:t>{text}</w:t></w:r></w:p>' for text in lines)
    xml = f"""<w:r {" ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())}>
<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1"
 behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
<wp:extent cx="5600000" cy="{600000 * len(lines)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
<wp:wrapTopAndBottom/><wp:docPr id="1" name="文本框 1"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="{NAMESPACES['wps']}"><wps:wsp><wps:cNvSpPr txBox="1"/>
<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5600000" cy="{600000 * len(lines)}"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>
<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx>
<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t"/>
</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape id="box1" style="width:441pt;height:{47 * len(lines)}pt"
 stroked="f"><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox></v:shape>
</w:pict></mc:Fallback></mc:AlternateContent></w:r>"""
    document.add_paragraph()._p.append(etree.fromstring(xml))


def _bottom_border(paragraph, color: str) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "1"), ("color", color)):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _main(document, notice, typing: Typing) -> None:
    title = notice.title.replace("\n", "")
    lines = break_title(notice.title, L.TITLE_MAX_CHARS, title_keep(notice)) \
        if typing.title_breaks else [title]
    if typing.title_paragraphs:
        for text in lines:
            line(document, text, size=22, font="方正小标宋简体", align="center")
    else:
        line(document, size=22, font="方正小标宋简体", align="center", breaks=lines)
    line(document)
    if notice.recipients:
        line(document, notice.recipients)
    for paragraph in notice.body:
        _body_line(document, paragraph.text, paragraph.effective_level, typing)
    if notice.attachments:
        line(document)
        names = [a.title.replace("\n", "") for a in notice.attachments]
        if len(names) == 1:
            _indented(document, "附件：" + names[0], typing)
        else:
            for index, name in enumerate(names, start=1):
                prefix = "附件：" if index == 1 else FULL_SPACE * 3
                _indented(document, f"{prefix}{index}．{name}", typing)
    sealed = notice.signature.sealed
    for _ in range(3 if sealed else 1):
        line(document)
    date = format_date(notice.signature.date)
    if typing.padded:
        line(document, FULL_SPACE * (24 - len(notice.signing_organ)) + notice.signing_organ)
        line(document, FULL_SPACE * 18 + date)
    else:
        organ = line(document, notice.signing_organ, align="right")
        organ.paragraph_format.right_indent = Pt(16 * (2 if not sealed else 4))
        line(document, date, align="right")
    if notice.note:
        _indented(document, notice.note, typing)


def _body_line(document, text: str, level: int, typing: Typing) -> None:
    fonts = {1: "黑体", 2: "楷体_GB2312"}
    paragraph = _indented(document, text, typing, font=fonts.get(level, "仿宋_GB2312"))
    if level == 3:
        for run in paragraph.runs:
            run.font.bold = True


def _indented(document, text: str, typing: Typing, font: str = "仿宋_GB2312"):
    if typing.indent == "spaces":
        return line(document, FULL_SPACE * 2 + text, font=font)
    paragraph = line(document, text, font=font)
    paragraph.paragraph_format.first_line_indent = Pt(32)
    return paragraph


# ── 附件 ─────────────────────────────────────────────────────────────────────────────────
def _attachment(document, notice, index: int, attachment, typing: Typing) -> None:
    landscape = attachment.table is not None and attachment.table.landscape
    _new_page(document, landscape)
    label = "附件" + (str(index + 1) if len(notice.attachments) > 1 else "")
    line(document, label, font="黑体")
    line(document)
    frame = L.TYPE_AREA_HEIGHT if landscape else L.TYPE_AREA_WIDTH
    lines = break_title(attachment.title, frame / L.TITLE_SIZE, title_keep(notice))
    line(document, size=22, font="方正小标宋简体", align="center", breaks=lines)
    line(document)
    for paragraph in attachment.paragraphs:
        _body_line(document, paragraph.text, paragraph.effective_level, typing)
    if attachment.table is not None:
        typed_task_table(document, attachment.table, typing.split_after_rows, frame,
                         typing.merged)


def _new_page(document, landscape: bool) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    if landscape != (width > height):
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def typed_task_table(document, table, split_after_rows: int | None, frame: float,
                     merged: bool = True) -> None:
    """The 分工表 as a Word table: group cells merged down their group (vMerge), a 〃 cell
    merged with the one above, the header row repeated on every page."""
    rows = flatten(table)
    parts = [rows]
    if split_after_rows is not None and 0 < split_after_rows < len(rows):
        rest = copy.deepcopy(rows[split_after_rows:])
        for cell in rest[0]:
            if cell.merge == "continue":  # the merged cell goes on, blank, in the new table
                cell.merge = "restart"
        parts = [rows[:split_after_rows], rest]
    for number, part in enumerate(parts):
        if number:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _word_table(document, table, part, frame, merged)


def _word_table(document, table, rows, frame: float, merged: bool = True) -> None:
    names = table.column_names
    word = document.add_table(rows=1 + len(rows), cols=len(names))
    word.style = "Table Grid"
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(c.width for c in table.columns)
    for gridcol, column in zip(word._tbl.tblGrid.findall(qn("w:gridCol")), table.columns,
                               strict=True):
        gridcol.set(qn("w:w"), str(round(frame * 20 * column.width / total)))
    header = word.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, name in zip(header.cells, names, strict=True):
        _cell_text(cell, name, "center", table.font_size, bold=True)
    aligns = [c.align for c in table.columns]
    for r, grid_row in enumerate(rows, start=1):
        for c, grid_cell in enumerate(grid_row):
            _cell_text(word.cell(r, c), grid_cell.text, aligns[c], table.font_size)
    for c in range(len(names) if merged else 0):
        start = None
        for r, grid_row in enumerate([*rows, None], start=1):
            merge = grid_row[c].merge if grid_row is not None else None
            if merge != "continue" and start is not None:
                if start == r - 1:  # a merge the split cut to one row: Word keeps its mark
                    restart = OxmlElement("w:vMerge")
                    restart.set(qn("w:val"), "restart")
                    word.cell(start, c)._tc.get_or_add_tcPr().append(restart)
                else:
                    word.cell(start, c).merge(word.cell(r - 1, c))
                start = None
            if merge == "restart":
                start = r


def _cell_text(cell, text: str, align: str, size: float, bold: bool = False) -> None:
    lines = text.split("\n") if text else [""]
    for index, part in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER,
                               "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(align)
        if part:
            _look(paragraph.add_run(part), size, "仿宋_GB2312", bold=bold)


# ── 版记 ─────────────────────────────────────────────────────────────────────────────────
def _imprint(document, notice, typing: Typing) -> None:
    if notice.attachments:
        _new_page(document, False)
    imprint = notice.imprint
    printed = format_date(imprint.print_date) + "印发"
    if typing.imprint == "table":
        rows = 2 if imprint.cc else 1
        table = document.add_table(rows=rows, cols=2)
        table.style = "Table Grid"
        if imprint.cc:
            merged = table.cell(0, 0).merge(table.cell(0, 1))
            _look(merged.paragraphs[0].add_run(f"抄送：{imprint.cc}"), 14, "仿宋_GB2312")
        _look(table.cell(rows - 1, 0).paragraphs[0].add_run(imprint.printer), 14,
              "仿宋_GB2312")
        right = table.cell(rows - 1, 1).paragraphs[0]
        right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _look(right.add_run(printed), 14, "仿宋_GB2312")
        return
    if imprint.cc:
        line(document, f"{FULL_SPACE}抄送：{imprint.cc}", size=14)
    line(document, f"{FULL_SPACE}{imprint.printer}{FULL_SPACE * 6}{printed}", size=14)


def saved_by_libreoffice(source: Path, suffix: str, folder: Path) -> Path:
    """``source`` saved by LibreOffice as ``suffix`` (doc, rtf, odt, xls …), the way an
    office's older files were made."""
    import subprocess

    from docgen.libreoffice.convert import find_soffice, locked_down_profile

    profile = folder / "lo-profile"
    locked_down_profile(profile / "user")
    out = folder / f"as-{suffix}"
    out.mkdir(exist_ok=True)
    subprocess.run([find_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", suffix, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=300,
                   env={**__import__("os").environ, "HOME": str(folder)})
    target = out / f"{source.stem}.{suffix}"
    assert target.is_file(), f"LibreOffice did not write {target.name}"
    return target
