"""Hostile red-header templates: each refused in a moment, in Chinese, with exit code 4 and
nothing written; and nothing active carried from a template into what docgen writes.

Every template here is generated from the default one. The memory and time bombs are refused
by the checks before any work is done: none of these tests takes long or uses much memory.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.hostile_docx import (
    DOCUMENT,
    NUMBER,
    REMOTE,
    active_template,
    assert_nothing_active,
    hostile,
)

from docgen.cli import main
from docgen.errors import ExitCode
from docgen.resources import SAMPLE


def placeholder(expression: str) -> Callable[[str], str]:
    """document.xml with the 发文字号 placeholder replaced by ``expression``."""
    return lambda xml: xml.replace(NUMBER, expression)


def assert_refused(tmp_path: Path, template: Path, *fragments: str) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "--template", str(template),
                                       "-o", str(out), "--format", "docx"])
    assert result.exit_code == ExitCode.TEMPLATE, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith(f"错误：模板 {template.name}"), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    assert not out.exists()


MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def test_a_macro_enabled_docm_template_is_refused(tmp_path):
    template = hostile(tmp_path, name="宏.docm",
                       content_types=lambda xml: xml.replace(DOCX_TYPE, MACRO_TYPE))
    assert_refused(tmp_path, template, "启用宏")


def test_a_docx_carrying_a_vba_project_is_refused(tmp_path):
    template = hostile(tmp_path, parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" * 64})
    assert_refused(tmp_path, template, "含有宏", "vbaProject.bin")


@pytest.mark.parametrize("tag", ['{% include "a.xml" %}', '{% import "a.xml" as a %}',
                                 '{% from "a.xml" import b %}', '{% extends "a.xml" %}'])
def test_an_include_import_or_extends_in_a_template_is_refused(tmp_path, tag):
    assert_refused(tmp_path, hostile(tmp_path, document=placeholder(tag)), "不允许使用")


def test_a_huge_range_in_a_template_is_refused(tmp_path):
    template = hostile(tmp_path, document=placeholder(
        "{% for i in range(10**9) %}x{% endfor %}"))
    assert_refused(tmp_path, template, "range()")


def test_nested_empty_loops_in_a_template_are_stopped(tmp_path):
    template = hostile(tmp_path, document=placeholder(
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"))
    assert_refused(tmp_path, template, "计算量")


def test_string_multiplication_in_a_template_is_refused(tmp_path):
    template = hostile(tmp_path, document=placeholder('{{ "x" * 9000000000 }}'))
    assert_refused(tmp_path, template, "运算 *")


def test_a_string_doubled_in_a_loop_is_stopped(tmp_path):
    template = hostile(tmp_path, document=placeholder(
        '{% set ns = namespace(s="x") %}{% for i in range(64) %}'
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}"))
    assert_refused(tmp_path, template, "个字符")


def test_a_string_doubled_by_addition_is_stopped(tmp_path):
    template = hostile(tmp_path, document=placeholder(
        '{% set ns = namespace(s="x") %}{% for i in range(64) %}'
        "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}"))
    assert_refused(tmp_path, template, "运算 +")


def test_an_exponential_macro_is_stopped(tmp_path):
    template = hostile(tmp_path, document=placeholder(
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(60) }}"))
    assert_refused(tmp_path, template, "计算量")


@pytest.mark.parametrize("expression", ['{{ "x"|center(1000000000) }}',
                                        '{{ "x".ljust(1000000000) }}',
                                        '{{ "%999999999s" % "x" }}',
                                        "{{ 7 ** 999999999 }}",
                                        "{{ lipsum(1000000) }}"])
def test_amplifying_filters_methods_and_operators_are_refused(tmp_path, expression):
    assert_refused(tmp_path, hostile(tmp_path, document=placeholder(expression)))


def test_a_10_mb_text_node_is_refused(tmp_path):
    text = os.urandom(5 * 1024 * 1024 + 16).hex()  # incompressible: no ratio check applies
    template = hostile(tmp_path, document=placeholder(text))
    assert_refused(tmp_path, template, DOCUMENT, "不是有效的 XML")


LAUGHS = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))


def test_entity_amplification_in_document_xml_is_refused(tmp_path):
    def billion_laughs(xml: str) -> str:
        head, body = xml.split("?>", 1)
        body = body.replace(NUMBER, "&l9;")
        return f'{head}?><!DOCTYPE w:document [<!ENTITY l0 "ha">{LAUGHS}]>{body}'

    assert_refused(tmp_path, hostile(tmp_path, document=billion_laughs), "DOCTYPE")


def zeros_entry(path: Path, name: str, megabytes: int) -> None:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open(name, "w", force_zip64=True) as entry:
        block = bytes(1024 * 1024)
        for _ in range(megabytes):
            entry.write(block)


def test_a_zip_bomb_template_is_refused(tmp_path):
    template = hostile(tmp_path)
    zeros_entry(template, "word/media/image1.png", 200)
    assert template.stat().st_size < 1024 * 1024
    assert_refused(tmp_path, template, "解压后", "压缩炸弹")


def test_an_entry_compressed_a_thousandfold_is_refused(tmp_path):
    template = hostile(tmp_path)
    zeros_entry(template, "word/media/image1.png", 4)
    assert_refused(tmp_path, template, "压缩比")


def test_a_template_with_too_many_entries_is_refused(tmp_path):
    template = hostile(tmp_path, parts={f"word/media/{n}.bin": b"" for n in range(1500)})
    entries = len(zipfile.ZipFile(template).namelist())
    assert entries > 1500
    assert_refused(tmp_path, template, f"{entries} 个部件")


def test_an_oversized_template_file_is_refused(tmp_path):
    template = hostile(tmp_path, parts={"word/media/big.bin": os.urandom(33 * 1024 * 1024)},
                       compression=zipfile.ZIP_STORED)
    assert_refused(tmp_path, template, "过大")


def test_a_file_that_is_not_a_word_document_is_refused(tmp_path):
    template = hostile(tmp_path, content_types=lambda xml: xml.replace(
        DOCX_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"))
    assert_refused(tmp_path, template, "无法作为 Word 文档")


# -- nothing active carried into what docgen writes -------------------------------------------

def test_an_extract_carries_nothing_active_from_its_template(tmp_path):
    template = active_template(tmp_path)
    with zipfile.ZipFile(template) as archive:  # the template really carries them
        assert REMOTE in archive.read("word/_rels/settings.xml.rels").decode()
    out = tmp_path / "units"
    result = CliRunner().invoke(main, ["extract", str(SAMPLE), "--template", str(template),
                                       "-o", str(out), "--format", "docx"])
    assert result.exit_code == 0, result.output
    documents = sorted(out.glob("*.docx"))
    assert documents
    for docx in documents:
        assert_nothing_active(docx)


def test_a_revision_table_carries_no_custom_xml_from_the_default_template(tmp_path):
    target = tmp_path / "修订对照表.docx"
    result = CliRunner().invoke(main, ["diff", str(SAMPLE), str(SAMPLE), "--format", "docx",
                                       "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert_nothing_active(target)
