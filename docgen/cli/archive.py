"""The archive commands: add, verify, list."""

from __future__ import annotations

from pathlib import Path

import click

from docgen import api
from docgen.cli.errors import exit_with_findings, reports_errors
from docgen.cli.options import archive_option, existing_file


@click.group("archive")
def archive_group() -> None:
    """归档：签名后的 PDF 与生成它的数据一起存档，逐文件记 SHA-256，只增不改，随时核验。"""


@archive_group.command("add")
@click.argument("signed", type=existing_file())
@click.option("--data", type=existing_file(), required=True, help="生成这份通知的数据（YAML）。")
@archive_option
@click.option("--trust", type=existing_file(), multiple=True,
              help="信任的根证书（PEM/DER，可重复；也可写入归档的 settings.toml）。")
@click.option("--accept-modified", is_flag=True, help="接受签名之后的改动（须同时给 --reason）。")
@click.option("--accept-untrusted", is_flag=True, help="接受不受信任的签名人（记录在案）。")
@click.option("--scanned", is_flag=True, help="无文字层的扫描件：不比对文字（记录在案）。")
@click.option("--specimen", is_flag=True, help="接受盖样章（SPECIMEN）的签发件（记录在案）。")
@click.option("--supersede", is_flag=True, help="取代已归档的同一文号（须同时给 --reason）。")
@click.option("--reason", help="--accept-modified 或 --supersede 的理由。")
@click.option("--retention", help="保管期限（默认取归档设置，否则“永久”）。")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False),
              help="生成时所用的红头文件模板。")
@reports_errors
def archive_add_command(signed: Path, data: Path, archive_dir: Path, trust: tuple[Path, ...],
                        accept_modified: bool, accept_untrusted: bool, scanned: bool,
                        specimen: bool, supersede: bool, reason: str | None,
                        retention: str | None, template: Path | None) -> None:
    """核对后归档：签名完整且覆盖整个文件、签名人受信任、PDF 文字与 DATA 生成的通知一致、
    印章与数据相符（加盖印章的每个署名一枚、位置合 7.3.5.1，不是样章）、不含 JavaScript 等动作；
    然后把签发件、数据、生成的 DOCX/PDF 和清单（manifest.json）原子地存入以文号命名的目录，
    并登记到归档目录（catalogue.sqlite）。同一文号不会被覆盖。"""
    result = api.archive_add(signed, data=data, archive=archive_dir, trust=trust,
                             accept_modified=accept_modified, accept_untrusted=accept_untrusted,
                             scanned=scanned, specimen=specimen, supersede=supersede,
                             reason=reason, retention=retention, template=template)
    echo_recovered(result.recovered)
    for finding in result.findings:
        click.echo(f"核对：{finding}")
    entry = result.entry
    click.echo(f"已归档 {entry.doc_number} 第 {entry.version} 版 → {archive_dir / entry.folder}"
               f"（保管期限：{entry.retention}）")
    click.echo(f"目录链：第 {entry.seq} 条，哈希 {entry.chain}"
               "（可记入登记簿，日后用 archive verify --head 核对）")


def echo_recovered(folders: list[str]) -> None:
    for folder in folders:
        click.echo(f"已完成上次中断的归档：{folder}")


@archive_group.command("verify")
@click.argument("doc_number", required=False)
@click.option("--all", "check_all", is_flag=True, help="核验全部条目（默认）。")
@click.option("--head", help="此前记下的目录链哈希：核对它仍在链上（之前的条目未被删改）。")
@click.option("--trust", type=existing_file(), multiple=True,
              help="保存在归档之外的根证书：代替条目内保存的证书验证签名。")
@click.option("--repair", is_flag=True, help="补完（或清理）因中断而未完成的归档，然后核验。")
@archive_option
@reports_errors
def archive_verify_command(doc_number: str | None, check_all: bool, head: str | None,
                           trust: tuple[Path, ...], repair: bool, archive_dir: Path) -> None:
    """重新计算每个文件的 SHA-256、按归档时刻重新验证签名，比对目录与磁盘（缺失、多余、
    被改动、符号链接），并核对目录的哈希链。有任何问题时退出码为 1。核验只读，不写任何
    文件；--repair 才会补完中断的归档。"""
    if doc_number and check_all:
        raise api.UsageError("文号与 --all 只能给一个")
    report = api.archive_verify(archive_dir, doc_number=doc_number, head=head, trust=trust,
                                repair=repair)
    echo_recovered(report.recovered)
    for problem in report.problems:
        click.echo(f"问题：{problem}")
    if report.head is not None:
        click.echo(f"目录链：共 {report.head[0]} 条，末端哈希 {report.head[1]}")
    click.echo(f"核验 {len(report.checked)} 个条目：" +
               (f"{len(report.problems)} 个问题" if report.problems else "全部完好"))
    exit_with_findings(bool(report.problems))


EXCEPTION_LABELS = {"accepted_modified": "签名后有改动", "accepted_untrusted": "签名人不受信任",
                    "scanned": "扫描件", "specimen": "样章"}


LIST_COLUMNS = ("文号", "版本", "成文日期", "标题", "保管期限", "归档时间", "状态")


@archive_group.command("list")
@click.option("--year", type=int, help="成文年份。")
@click.option("--unit", help="发文机关或涉及的处室。")
@click.option("--search", "text", help="在文号、标题、附注中查找。")
@archive_option
@reports_errors
def archive_list_command(year: int | None, unit: str | None, text: str | None,
                         archive_dir: Path) -> None:
    """列出归档目录中的条目。"""
    found = api.archive_list(archive_dir, year=year, unit=unit, search=text)
    if found:
        click.echo("\t".join(LIST_COLUMNS))
    for entry in found:
        state = f"已被 {entry.superseded_by} 取代" if entry.superseded_by else "现行"
        flags = ("；例外：" + "、".join(EXCEPTION_LABELS.get(k, k) for k in entry.exceptions)
                 if entry.exceptions else "")
        click.echo(f"{entry.doc_number}\t第{entry.version}版\t{entry.date}\t{entry.title}\t"
                   f"{entry.retention}\t{entry.archived_local}\t{state}{flags}")
    click.echo(f"共 {len(found)} 条")
