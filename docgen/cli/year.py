"""The year's work on a notice: per-unit extracts, next year's data, what changed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen import api
from docgen.cli.errors import exit_with_findings, reports_errors
from docgen.cli.options import (
    EXTRACT_FORMATS,
    data_argument,
    echo_backups,
    existing_file,
    force_option,
    output_option,
    timeout_option,
)


@click.command("units")
@data_argument
@reports_errors
def units_command(data: Path | None) -> None:
    """从表格的责任列（牵头单位、配合单位、责任单位等）整理出单位名录草稿：全部名称排序列出，
    统称（各…、有关…、…等）列在 groups 下待填写。核对后粘贴到数据文件中即可运行 extract。"""
    click.echo(api.units(data), nl=False)


@click.command("extract")
@data_argument
@click.option("--unit", "units", multiple=True, help="只抽取这些单位（可重复）；默认全部。")
@click.option("--format", "fmt", type=click.Choice(list(EXTRACT_FORMATS)), default="both",
              show_default=True,
              help="输出格式：xlsx 为供各单位填报的工作簿，all 为 docx、pdf 与 xlsx。")
@output_option("输出目录（默认 output/<数据文件名>/units/）。")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False),
              help="红头文件模板 .docx（取其样式）。")
@timeout_option
@force_option
@reports_errors
def extract_command(data: Path | None, units: tuple[str, ...], fmt: str, out_dir: Path | None,
                    template: Path | None, timeout: float, force: bool) -> None:
    """按处室抽取任务清单：每个单位一份（标明在每行中的角色，保留原序号，附“落实情况”空列），
    另出汇总表（汇总.csv 与文档，总是全部单位）。只抽取部分单位时，其他单位的文件不动。"""
    done: list[Path] = []

    def progress(path: Path) -> None:
        done.append(path)
        click.echo(f"\r转换中 {len(done)} 份 {'▮' * len(done)}", nl=False, err=True)

    on_terminal = sys.stderr.isatty()  # a redirected log gets no carriage-return animation
    result = api.extract(data, units=units, output=out_dir, formats=EXTRACT_FORMATS[fmt],
                         template=template, timeout=timeout,
                         progress=progress if on_terminal else None, force=force)
    if done:
        click.echo("", err=True)
    width = max([len(row[0]) for row in result.summary] + [2])
    click.echo(f"{'单位'.ljust(width, '　')}  牵头  负责  配合  合计  涉及的行")
    for unit, lead, duty, support, total, numbers in result.summary:
        click.echo(f"{unit.ljust(width, '　')}{lead:>6}{duty:>6}{support:>6}{total:>6}  {numbers}")
    for path in result.files:
        click.echo(f"已生成 {path}")
    echo_backups(result.backups)
    for warning in result.warnings:
        click.echo(f"警告：{warning}", err=True)


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "docx", "pdf"]), default="text",
              show_default=True, help="text：终端列出；docx / pdf：修订对照表文档。")
@output_option("修订对照表的文件名（默认 修订对照表.docx / .pdf）。", file_okay=True)
@force_option
@reports_errors
def diff_command(old: Path, new: Path, fmt: str, target: Path | None, force: bool) -> None:
    """比较两份通知的数据：版头字段、正文段落、任务（新增、删除、修改、移动）和各处室的分工。

    也可比较 docgen collect 的两轮收集（给出两轮的输出目录或其中的 收集结果.json）。
    相同时退出码为 0，不同时为 1（与 diff 一致），数据有误时为 3。
    """
    if old.is_dir() or new.is_dir() or old.suffix == new.suffix == ".json":
        changes = api.collect_changes(old, new)
        for line in changes:
            click.echo(line)
        click.echo(f"两轮收集之间有 {len(changes)} 处变化。" if changes
                   else "两轮收集之间没有变化。")
        exit_with_findings(bool(changes))
        return
    table = (target or Path(f"修订对照表.{fmt}")) if fmt != "text" else None
    result = api.diff(old, new, table=table, force=force)
    click.echo(result.render(styled=click.style if sys.stdout.isatty() else None))
    if result.table is not None:
        click.echo(f"已生成 {result.table}")
    exit_with_findings(not result.identical)


@click.command("next-year")
@click.argument("data", type=existing_file())
@click.option("--to-year", type=click.IntRange(1900, 2099), required=True, help="新的年份。")
@output_option("新数据文件（默认把文件名中的年份换成新年份）。", file_okay=True)
@click.option("--force", is_flag=True,
              help="新数据文件已存在时仍替换（原文件改名保留为 <文件名>.bak）。")
@reports_errors
def next_year_command(data: Path, to_year: int, target: Path | None, force: bool) -> None:
    """由今年的数据生成下一年的数据：发文字号和标题的年份随之改变，发文字号序号、成文日期、
    印发日期改为【待定】，正文和任务中其他的年份标上【待核】逐条列出；注释与格式保持不变。"""
    result = api.next_year(data, to_year, output=target, force=force)
    click.echo(f"已生成 {result.target}")
    echo_backups(result.backups)
    for point in result.review:
        click.echo(f"{result.target}:{point.line}: {point.path}: 【待核】{point.text[:40]}")
    click.echo(f"请填写【待定】，核对 {len(result.review)} 处【待核】后再生成。")
