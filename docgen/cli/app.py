"""The ``docgen`` command group: every command registered on one group."""

from __future__ import annotations

import logging

import click

from docgen import __version__
from docgen.cli.archive import archive_group
from docgen.cli.document import build_command, check_command, lint_command, show_command
from docgen.cli.errors import DEBUG_KEY, stop_on_sigterm
from docgen.cli.ingest import import_command
from docgen.cli.issue import seal_command, sign_command
from docgen.cli.year import (
    diff_command,
    extract_command,
    next_year_command,
    units_command,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
@click.option("--debug", is_flag=True, help="出错时显示完整的 Python 调用栈。")
@click.pass_context
def main(context: click.Context, debug: bool) -> None:
    """docgen：从结构化数据生成符合 GB/T 9704-2012 的党政机关公文（DOCX 与 PDF）。

    \b
    常用：
      docgen build                    构建示例通知（data/ 中的晋文旅办发〔2022〕46号）
      docgen build 我的通知.yaml       构建自己的通知，输出到 output/我的通知/
      docgen lint 我的通知.yaml --fix  检查并修正文字问题
      docgen check 某通知.pdf          按 GB/T 9704 测量任何 PDF
      docgen extract 我的通知.yaml     每个处室一份任务清单和汇总
      docgen next-year 今年.yaml --to-year 2023  生成下一年的数据
      docgen diff 去年.yaml 今年.yaml  比较两份通知
      docgen import 去年的通知.docx    把已有的通知或分工表（Word、Excel、PDF）转成数据文件
      docgen seal 通知.pdf --seal 印章.png        盖章（不给 --seal 时用样章）
      docgen sign 通知-盖章.pdf --p12 证书.p12     数字签名（PAdES）
      docgen archive add 通知-签名.pdf --data 通知.yaml   归档；archive verify 核验
    """
    context.meta[DEBUG_KEY] = debug
    stop_on_sigterm()
    # pyHanko logs every failed trust path with a traceback; docgen reports it in Chinese.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)


for command in (build_command, check_command, lint_command, extract_command, units_command,
                show_command, diff_command, next_year_command, import_command, seal_command,
                sign_command, archive_group):
    main.add_command(command)
