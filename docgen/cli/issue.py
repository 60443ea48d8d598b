"""Issuing the PDF: seal, then sign."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen import api
from docgen.cli.errors import reports_errors
from docgen.cli.options import echo_backups, existing_file, force_option, output_option


@click.command("seal")
@click.argument("pdf", type=existing_file())
@click.option("--seal", "seal_image", type=existing_file(),
              help="印章图片：透明背景的 PNG 或 SVG。不给时使用“样章 SPECIMEN”。")
@click.option("--diameter", type=click.FloatRange(10, 80), default=api.SEAL_DIAMETER_MM,
              show_default=True, help="印章直径（毫米）。")
@output_option("输出文件（默认 <原文件名>-盖章.pdf）。", file_okay=True)
@click.option("--write-specimen", "specimen_to",
              type=click.Path(path_type=Path, dir_okay=False),
              help="另存样章图片（.png 或 .svg），便于查看。")
@click.option("--again", is_flag=True,
              help="联合行文：PDF 已盖有印章时，在下一个发文机关署名上加盖另一机关的印章。")
@force_option
@reports_errors
def seal_command(pdf: Path, seal_image: Path | None, diameter: float, target: Path | None,
                 specimen_to: Path | None, again: bool, force: bool) -> None:
    """按 GB/T 9704 7.3.5.1 在 PDF 上盖章：印章端正、居中压在发文机关署名和成文日期上，
    二者居印章中心偏下，印章顶端距正文（或附件说明）一行之内，两端不超出版心。

    位置从 PDF 本身测得，任何软件导出的公文 PDF 都可以。须在签名之前盖章。已盖有印章的
    PDF 不再盖章；联合行文加 --again，在下一个署名上盖另一机关的印章。
    """
    if specimen_to is not None:
        api.write_specimen(specimen_to, diameter_mm=diameter, force=force)
        click.echo(f"已生成样章 {specimen_to}")
    result = api.seal(pdf, image=seal_image, diameter_mm=diameter, output=target,
                      again=again, force=force)
    if result.specimen:
        click.echo("注意：使用的是样章（样章 / SPECIMEN），不是真实印章。", err=True)
    click.echo(f"印章：{result.spot.describe()}")
    click.echo(f"已生成 {result.target}")
    echo_backups(result.backups)


@click.command("sign")
@click.argument("pdf", type=existing_file())
@click.option("--p12", type=existing_file(), required=True,
              help="签名证书和私钥（PKCS#12：.p12 / .pfx）。")
@click.option("--password-file", type=existing_file(),
              help="存放证书口令的文件（首行）。不给时若在终端中则询问，否则按无口令处理。")
@click.option("--reason", help="签名理由，例如“发布”。")
@click.option("--visible", is_flag=True, help="可见签名：签名域覆盖印章位置（7.3.5.1）。")
@output_option("输出文件（默认 <原文件名>-签名.pdf）。", file_okay=True)
@force_option
@reports_errors
def sign_command(pdf: Path, p12: Path, password_file: Path | None, reason: str | None,
                 visible: bool, target: Path | None, force: bool) -> None:
    """对 PDF 做 PAdES 数字签名（pyHanko，SHA-256，增量更新），保持 PDF/A-2b。"""
    password = None
    if password_file is None and sys.stdin.isatty():
        password = click.prompt("证书口令", hide_input=True, default="",
                                show_default=False).encode() or None
    result = api.sign(pdf, p12=p12, password=password, password_file=password_file,
                      reason=reason, visible=visible, output=target, force=force)
    click.echo(f"签名人：{result.signature.signer}")
    click.echo(f"签名时间：{result.signature.signed_at}")
    for problem in result.pdfa_lost:
        click.echo(f"警告：签名后 {problem}", err=True)
    click.echo(f"已生成 {result.target}")
    echo_backups(result.backups)
