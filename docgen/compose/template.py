"""The red-header template: open it, check it, render its placeholders in a sandbox.

Only the template's own text is a Jinja template, rendered sandboxed, autoescaped and strict
about undefined names. The notice's data never goes through Jinja or docxtpl at all: the
template is rendered with opaque markers, and the markers are then replaced by the values as
plain text (docxtpl would otherwise rewrite sequences such as ``{_{`` in the data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import TemplateError as JinjaError
from jinja2 import UndefinedError
from jinja2.sandbox import SecurityError

from docgen.compose.active_content import strip_active_content
from docgen.compose.recipe import STYLE_SPECS
from docgen.compose.safe_docx import check_package
from docgen.compose.sandbox import BoundedSandbox, TemplateLimit
from docgen.errors import TemplateError
from docgen.standard.styles import FALLBACK_STYLES, Style

STYLE_NAMES = tuple(spec.name for spec in STYLE_SPECS)
REQUIRED_STYLES = tuple(name for name in STYLE_NAMES if name not in FALLBACK_STYLES)
# Which style's font speaks for each role in the font report and the fontconfig aliases.
ROLE_STYLES = {"小标宋": Style.TITLE, "仿宋": Style.BODY, "楷体": Style.HEADING_2,
               "黑体": Style.HEADING_1, "宋体": Style.PAGE_NUMBER}


def sandbox() -> BoundedSandbox:
    """A fresh environment per render: its work budget is that render's."""
    return BoundedSandbox()


_LIMIT_HINT = "模板中的占位符只需写字段名，如 {{ 发文机关标志 }}；请删去其中的循环、运算或载入。"
MARKER = "\u2063"  # INVISIBLE SEPARATOR: brackets a placeholder's marker in the rendered XML
_STORIES = re.compile(r"/word/(document|header\d*|footer\d*)\.xml")


def render_template(path: Path, context: dict[str, str]) -> DocxDocument:
    """Open the template, fill its placeholders, and return the python-docx document
    (without macros, attached templates or external links, whatever the template had)."""
    check_package(path)
    markers = {name: f"{MARKER}{index}{MARKER}" for index, name in enumerate(context)}
    template = _open(path)
    try:
        template.render(markers, jinja_env=sandbox(), autoescape=True)
    except UndefinedError as exc:
        raise TemplateError(f"模板 {path.name} 引用了未知字段：{exc.message}",
                            hint=f"可用字段：{'、'.join(context)}") from exc
    except TemplateLimit as exc:
        raise TemplateError(f"模板 {path.name}：{exc}", hint=_LIMIT_HINT) from exc
    except SecurityError as exc:
        raise TemplateError(f"模板 {path.name} 试图执行不安全的操作：{exc}") from exc
    except JinjaError as exc:
        raise TemplateError(f"模板 {path.name} 的占位符写法有误：{exc}") from exc
    except (ArithmeticError, RecursionError, TypeError, ValueError) as exc:
        raise TemplateError(f"模板 {path.name} 的占位符无法求值：{exc}",
                            hint=_LIMIT_HINT) from exc
    document = template.docx
    _fill_values(document, {markers[name]: value for name, value in context.items()})
    strip_active_content(document)
    _check_structure(document, path)
    return document


def _open(path: Path) -> DocxTemplate:
    template = DocxTemplate(str(path))
    try:
        template.init_docx()
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise TemplateError(f"模板 {path.name} 无法作为 Word 文档（.docx）打开：{exc}",
                            hint="请在 Word 或 WPS 中另存为“Word 文档（.docx）”后再用。") from exc
    return template


def _fill_values(document: DocxDocument, values: dict[str, str]) -> None:
    """Replace each marker with its value, as text; a newline in a value becomes a line break."""
    for part in document.part.package.iter_parts():
        if not _STORIES.fullmatch(str(part.partname)):
            continue
        for text in list(part.element.iter(qn("w:t"))):
            if text.text and MARKER in text.text:
                _fill_text(text, values)


def _fill_text(text, values: dict[str, str]) -> None:
    content = text.text
    for marker, value in values.items():
        content = content.replace(marker, value)
    lines = content.split("\n")
    text.text = lines[0]
    anchor = text
    for line in lines[1:]:
        anchor.addnext(OxmlElement("w:br"))
        anchor = anchor.getnext()
        following = OxmlElement("w:t")
        following.text = line
        following.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        anchor.addnext(following)
        anchor = following


def _check_structure(document: DocxDocument, path: Path) -> None:
    names = {style.name for style in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in names]
    if missing:
        raise TemplateError(f"模板 {path.name} 缺少样式：{'、'.join(missing)}",
                            hint="请在默认模板的基础上修改（make template 可重新生成默认模板）。")
    paragraphs = document.paragraphs
    present = {paragraph.style.name for paragraph in paragraphs}
    for needed in (Style.MARK, Style.DOC_NUMBER):
        if needed not in present:
            raise TemplateError(f"模板 {path.name} 中没有“{needed}”样式的段落",
                                hint="版头的位置按这两段排定；请勿删除它们或改用其他样式。")
    if not paragraphs or paragraphs[-1].style.name != Style.ANCHOR:
        raise TemplateError(f"模板 {path.name} 的最后一段应为“{Style.ANCHOR}”样式的段落",
                            hint="正文、附件与版记生成在这一段的位置。")


@dataclass(frozen=True)
class StyleLook:
    font: str
    size: float
    color: str | None
    tracking: float | None  # character spacing in points (negative: condensed)


class StyleBook:
    """Fonts, sizes and colours read back from the template's paragraph styles."""

    def __init__(self, document: DocxDocument) -> None:
        self._looks = {style.name: _look(style) for style in document.styles
                       if style.type is not None and style.name in STYLE_NAMES}

    def present(self, name: str) -> str:
        """``name``, or the style that stands in for it in a template made before it."""
        return name if name in self._looks else FALLBACK_STYLES.get(name, name)

    def __getitem__(self, name: str) -> StyleLook:
        return self._looks[self.present(name)]

    def get(self, name: str) -> StyleLook | None:
        return self._looks.get(name)

    def role_fonts(self) -> dict[str, str]:
        return {role: self[style].font for role, style in ROLE_STYLES.items()}


def _look(style) -> StyleLook:
    rpr = style.element.find(qn("w:rPr"))
    font, size, color, tracking = "", 16.0, None, None
    if rpr is not None:
        spacing = rpr.find(qn("w:spacing"))
        if spacing is not None:
            tracking = int(spacing.get(qn("w:val"))) / 20
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            font = fonts.get(qn("w:eastAsia")) or fonts.get(qn("w:ascii")) or ""
        sz = rpr.find(qn("w:sz"))
        if sz is not None:
            size = int(sz.get(qn("w:val"))) / 2
        colour = rpr.find(qn("w:color"))
        if colour is not None:
            color = colour.get(qn("w:val"))
    if not font:
        raise TemplateError(f"模板样式“{style.name}”没有指定中文字体")
    return StyleLook(font, size, color, tracking)
