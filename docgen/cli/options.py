"""Options several commands share, spelled once."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.api import DEFAULT_ARCHIVE, DEFAULT_TIMEOUT

FORMAT_CHOICES = {"docx": ("docx",), "pdf": ("pdf",), "both": ("docx", "pdf")}
# extract also writes fill-in workbooks: xlsx alone, or with both documents (all)
EXTRACT_FORMATS = {**FORMAT_CHOICES, "xlsx": ("xlsx",), "all": ("docx", "pdf", "xlsx")}

data_argument = click.argument("data", required=False,
                               type=click.Path(path_type=Path, dir_okay=False))
format_option = click.option("--format", "fmt", type=click.Choice(list(FORMAT_CHOICES)),
                             default="both", show_default=True, help="输出格式。")
timeout_option = click.option("--timeout", type=float, default=DEFAULT_TIMEOUT,
                              show_default=True, help="单次 LibreOffice 转换的时限（秒）。")
archive_option = click.option("--archive", "archive_dir",
                              type=click.Path(path_type=Path, file_okay=False),
                              default=DEFAULT_ARCHIVE, show_default=True, help="归档目录。")


def output_option(help_text: str, file_okay: bool = False) -> click.Option:
    return click.option("-o", "--output", "target" if file_okay else "out_dir",
                        type=click.Path(path_type=Path, file_okay=file_okay,
                                        dir_okay=not file_okay), help=help_text)


def existing_file(**kwargs) -> click.Path:
    return click.Path(path_type=Path, dir_okay=False, exists=True, **kwargs)
force_option = click.option("--force", is_flag=True,
                            help="输出文件已存在且被改动过（或不是 docgen 生成的）时仍替换；"
                                 "原文件改名保留为 <文件名>.bak。")


def echo_backups(paths) -> None:
    for path in paths:
        click.echo(f"原文件已保留为 {path}")
