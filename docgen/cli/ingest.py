"""docgen import: an existing notice or 分工表 read into a data file."""

from __future__ import annotations

from pathlib import Path

import click

from docgen import api
from docgen.cli.errors import reports_errors
from docgen.cli.options import echo_backups, existing_file, output_option, timeout_option


@click.command("import")
@click.argument("source", type=existing_file())
@output_option("写出的数据文件（默认与原文件同名，扩展名为 .yaml）。", file_okay=True)
@click.option("--table-only", is_flag=True,
              help="只导入其中的表格（分工表），通知各字段留作【待定】。")
@click.option("--into", type=existing_file(),
              help="把表格替换进这份已有的数据文件（其余内容和注释不动，原文件保留为 .bak）。")
@click.option("--attachment", type=click.IntRange(min=1), default=1, show_default=True,
              help="与 --into 同用：替换第几个附件的表格。")
@timeout_option
@click.option("--force", is_flag=True,
              help="数据文件已存在时仍写出（原文件改名保留为 <文件名>.bak）。")
@reports_errors
def import_command(source: Path, target: Path | None, table_only: bool, into: Path | None,
                   attachment: int, timeout: float, force: bool) -> None:
    """把已有的通知或分工表（.docx .doc .wps .rtf .odt .xlsx .xls .et .csv .pdf）转成 docgen 的
    数据文件：找不到的字段写【待定】，推测的内容在行末标【待核】并逐条列出，没有放进任何字段的文字
    列在文件末尾。"""
    if into is not None and target is not None:
        raise click.UsageError("--into 与 -o 不能同时使用：--into 就地修改那份数据文件。")
    result = api.import_file(source, output=target, table_only=table_only, into=into,
                             attachment=attachment, force=force, timeout=timeout)
    click.echo(f"{'已替换表格' if into else '已生成'} {result.target}")
    echo_backups(result.backups)
    for note in result.notes:
        click.echo(f"提示：{note}")
    for mark in result.marks:
        click.echo(f"{result.target}:{mark.line}: {mark}")
    if into is not None:  # the notice's file is not the place for them: listed here
        for item in result.unplaced:
            click.echo(f"未放入：{item.where}：{item.text}")
    pending = sum(1 for mark in result.marks if mark.kind == "待定")
    review = len(result.marks) - pending
    where = "上面列出" if into is not None else "文末列出"
    unplaced = f"，并处理{where}的 {len(result.unplaced)} 段未放入的文字" if result.unplaced else ""
    click.echo(f"下一步：填写 {pending} 处【待定】、核对 {review} 处【待核】{unplaced}，"
               f"然后运行 docgen build {result.target}（docgen build --draft 可先出草稿）。")
