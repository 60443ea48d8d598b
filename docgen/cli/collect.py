"""docgen collect: the units' reports back, compiled, with what is missing or late."""

from __future__ import annotations

from pathlib import Path

import click

from docgen import api
from docgen.cli.errors import exit_with_findings, reports_errors
from docgen.cli.options import echo_backups, force_option, output_option, timeout_option


@click.command("collect")
@click.argument("data", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("returned", nargs=-1, required=True,
                type=click.Path(path_type=Path, exists=False))
@click.option("--as-of", "as_of", help="按哪天判断逾期（2022-12-31 或 2022年12月31日；默认今天）。")
@click.option("--due-within", type=click.IntRange(min=0), metavar="天数",
              help="另列出这么多天内到期、尚未完成的行。")
@output_option("输出目录（默认 output/<数据文件名>/收集/）；每轮写入其中以日期命名的子目录。")
@click.option("--chase", is_flag=True,
              help="另生成催办通知（数据文件与 PDF），发给未报送或逾期的单位。")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False),
              help="红头文件模板 .docx（取其样式）。")
@timeout_option
@force_option
@reports_errors
def collect_command(data: Path, returned: tuple[Path, ...], as_of: str | None,
                    due_within: int | None, out_dir: Path | None, chase: bool,
                    template: Path | None, timeout: float, force: bool) -> None:
    """汇总各单位报回的落实情况：RETURNED 为填好的 .xlsx 工作簿或 .docx 任务清单（文件或文件夹）。

    按隐藏的行标识对应各行（排序、插行、删行、改文件名都不影响），写出落实情况汇总表
    （xlsx、docx、pdf），逐条列出未报送的单位、未填写或被删除的行、被改动的任务内容（不采用）、
    重复报送、非本通知的文件、逾期和即将到期的行（文件!单元格）。
    有未报送、未填写或逾期时退出码为 1。
    """
    result = api.collect(data, returned, as_of=as_of, due_within=due_within, output=out_dir,
                         chase=chase, template=template, timeout=timeout, force=force)
    collection = result.collection
    for finding in collection.findings:
        click.echo(finding.render())
    for unit, path in collection.used.items():
        click.echo(f"{unit}：采用 {path.name}")
    if result.previous is not None:
        click.echo(f"与上一轮（{result.previous.name}）相比：" +
                   ("无变化" if not result.changes else ""))
        for line in result.changes:
            click.echo(f"  {line}")
    for path in [*result.files, *result.chase]:
        click.echo(f"已生成 {path}")
    if chase and not result.chase:
        click.echo("各单位均已报送且无逾期，无需催办。")
    echo_backups(result.backups)
    total = sum(len(row.reports) for row in collection.rows)
    reported = sum(1 for row in collection.rows for r in row.reports if r.status == "已报送")
    click.echo(f"截至{collection.as_of:%Y-%m-%d}：{len(collection.used)} 个单位已报送，"
               f"{len(collection.missing)} 个未报送；{reported}/{total} 项已填报。")
    exit_with_findings(collection.late_or_missing)
