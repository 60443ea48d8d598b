"""Commands on one notice: build, check, lint, show."""

from __future__ import annotations

import json
from pathlib import Path

import click

from docgen import api
from docgen.cli.errors import exit_with_findings, reports_errors
from docgen.cli.options import (
    FORMAT_CHOICES,
    data_argument,
    echo_backups,
    existing_file,
    force_option,
    format_option,
    output_option,
    timeout_option,
)


@click.command("build")
@data_argument
@output_option("输出目录（默认 output/<数据文件名>/）。")
@format_option
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False),
              help="红头文件模板 .docx（默认 templates/redhead.docx）。")
@timeout_option
@click.option("--draft", is_flag=True,
              help="草稿：数据中仍有【待定】【待核】时也生成，【待定】原样印出。")
@click.option("--check", "run_check", is_flag=True,
              help="生成后按 GB/T 9704 逐项测量 PDF（同 docgen check）。")
@click.option("--pdfa", is_flag=True, help="导出 PDF/A-2b（归档用），元数据同时写入 /Info 与 XMP。")
@click.option("--debug", is_flag=True, help="出错时显示完整的 Python 调用栈。")
@force_option
@reports_errors
def build_command(data: Path | None, out_dir: Path | None, fmt: str, template: Path | None,
                  timeout: float, draft: bool, run_check: bool, pdfa: bool, debug: bool,
                  force: bool) -> None:
    """把 DATA（YAML）排成公文，写出 DOCX 和/或 PDF。不给 DATA 时构建示例。

    先校验数据（一次列出全部问题），再套用模板生成 DOCX，由 LibreOffice 转为 PDF，
    并按实测结果把版记排在最后一页（偶数页）的版心底部。全部成功后才写入输出目录。
    """
    result = api.build(data, output=out_dir, formats=FORMAT_CHOICES[fmt], template=template,
                       timeout=timeout, draft=draft, pdfa=pdfa, force=force)
    for path in result.files:
        click.echo(f"已生成 {path}")
    echo_backups(result.backups)
    pdf = next((path for path in result.files if path.suffix == ".pdf"), None)
    kind = "，PDF/A-2b" if pdfa else ""
    fonts = "字体：" if pdf is not None else ""
    click.echo(f"共 {result.pages} 页（排版 {result.passes} 遍{kind}）。{fonts}")
    if pdf is not None:  # fonts are chosen for the PDF; a DOCX names them and leaves the rest
        print_fonts(result.fonts)
    for warning in result.warnings:
        click.echo(f"警告：{warning}", err=True)
    if run_check and pdf is not None:
        report = api.check(pdf)
        print_report(report, verbose=False)
        exit_with_findings(report.failed)


def print_fonts(fonts) -> None:
    for use in fonts:
        click.echo(f"  {use.describe()}")
    if any(use.substituted for use in fonts):
        click.echo("  提示：把授权字体文件放入 fonts/ 目录即可替换上述替代字体。")


@click.command("check")
@click.argument("pdf", type=existing_file())
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出测量结果。")
@click.option("--annotate", "annotate_to", type=click.Path(path_type=Path, dir_okay=False),
              help="另存一份标注了版心、测量位置和不符合项的 PDF（以 .png 结尾则输出逐页图片）。")
@force_option
@reports_errors
def check_command(pdf: Path, as_json: bool, annotate_to: Path | None, force: bool) -> None:
    """按 GB/T 9704-2012（通用格式）测量 PDF：逐项给出 通过 / 提醒 / 不符合、实测值、
    标准值与容差及条款；有不符合项时退出码为 1。也适用于 Word、WPS 导出的 PDF。"""
    report = api.check(pdf)
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print_report(report, verbose=True)
    if annotate_to is not None:
        for path in api.annotate(report, pdf, annotate_to, force=force):
            click.echo(f"已生成标注 {path}", err=as_json)
    exit_with_findings(report.failed)


def print_report(report, verbose: bool) -> None:
    for finding in report.findings:
        if verbose or finding.status != "PASS":
            click.echo(finding.line())
    for role, fonts in report.fonts.items():
        click.echo(f"字体 {role}：{fonts}")
    click.echo(report.summary())


@click.command("lint")
@data_argument
@click.option("--fix", "apply_fixes", is_flag=True,
              help="就地修正可机械修正的问题（标点全半角、发文字号括号），保留注释与格式。")
@click.option("--draft", is_flag=True,
              help="按草稿检查：【待定】与【待核】只作警告（与 build --draft 一致）。")
@reports_errors
def lint_command(data: Path | None, apply_fixes: bool, draft: bool) -> None:
    """检查数据中的文字问题：标点、层级序号、发文字号、日期、重复的行与叠词、空单元格。

    每条给出规则编号、严重程度、文件:行:列与修改建议；有“错误”时退出码为 1。
    """
    report = api.lint(data, fix=apply_fixes, draft=draft)
    for finding in report.fixed:
        click.echo(f"已修正 {finding.render()}")
    for finding in report.findings:
        click.echo(finding.render())
    click.echo(f"{report.path}：{report.errors} 个错误，{report.warnings} 个警告")
    exit_with_findings(report.errors > 0)


@click.command("show")
@data_argument
@reports_errors
def show_command(data: Path | None) -> None:
    """打印合并后的数据：数据文件用 extends 继承另一个文件时，显示实际用于生成的完整内容。"""
    click.echo(api.show(data), nl=False)
