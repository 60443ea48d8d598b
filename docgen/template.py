"""The red-header template: open it, check it, render its placeholders in a sandbox.

Only the template's own text is a Jinja template; the notice's data goes in as values,
autoescaped, and is never rendered itself. Undefined names are errors, not blanks.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, UndefinedError
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .errors import TemplateError
from .recipe import ANCHOR_STYLE, STYLE_SPECS

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "redhead.docx"
REQUIRED_STYLES = tuple(spec.name for spec in STYLE_SPECS)
# Which style's font speaks for each role in the font report and the fontconfig aliases.
ROLE_STYLES = {"小标宋": "公文标题", "仿宋": "公文正文", "楷体": "二级标题", "黑体": "一级标题",
               "宋体": "页码"}


def sandbox() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def render_template(path: Path, context: dict[str, str]) -> DocxDocument:
    """Open the template, fill its placeholders, and return the python-docx document."""
    _check_container(path)
    try:
        template = DocxTemplate(str(path))
        template.render(context, jinja_env=sandbox(), autoescape=True)
    except UndefinedError as exc:
        raise TemplateError(f"模板 {path.name} 引用了未知字段：{exc.message}",
                            hint=f"可用字段：{'、'.join(context)}") from exc
    except SecurityError as exc:
        raise TemplateError(f"模板 {path.name} 试图执行不安全的操作：{exc}") from exc
    except JinjaError as exc:
        raise TemplateError(f"模板 {path.name} 的占位符写法有误：{exc}") from exc
    document = template.docx
    _check_structure(document, path)
    return document


def _check_container(path: Path) -> None:
    if not path.is_file():
        raise TemplateError(f"找不到模板文件 {path}")
    if not zipfile.is_zipfile(path):
        raise TemplateError(f"模板 {path.name} 不是有效的 .docx 文件")


def _check_structure(document: DocxDocument, path: Path) -> None:
    names = {style.name for style in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in names]
    if missing:
        raise TemplateError(f"模板 {path.name} 缺少样式：{'、'.join(missing)}",
                            hint="请在默认模板的基础上修改（make template 可重新生成默认模板）。")
    paragraphs = document.paragraphs
    if not paragraphs or paragraphs[-1].style.name != ANCHOR_STYLE:
        raise TemplateError(f"模板 {path.name} 的最后一段应为“{ANCHOR_STYLE}”样式的段落",
                            hint="正文、附件与版记生成在这一段的位置。")


@dataclass(frozen=True)
class StyleLook:
    font: str
    size: float
    color: str | None


class StyleBook:
    """Fonts, sizes and colours read back from the template's paragraph styles."""

    def __init__(self, document: DocxDocument) -> None:
        self._looks = {style.name: _look(style) for style in document.styles
                       if style.type is not None and style.name in REQUIRED_STYLES}

    def __getitem__(self, name: str) -> StyleLook:
        return self._looks[name]

    def get(self, name: str) -> StyleLook | None:
        return self._looks.get(name)

    def role_fonts(self) -> dict[str, str]:
        return {role: self[style].font for role, style in ROLE_STYLES.items()}


def _look(style) -> StyleLook:
    rpr = style.element.find(qn("w:rPr"))
    font, size, color = "", 16.0, None
    if rpr is not None:
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
    return StyleLook(font, size, color)
