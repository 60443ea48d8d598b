"""docgen 命令行：薄薄一层，把公共接口接到终端上；错误在这里变成退出码。"""

from __future__ import annotations

import io
import json
import logging
import re
import sqlite3
import sys
import traceback
from pathlib import Path

import click
from ruamel.yaml import YAML

from docgen import __version__
from docgen.archive import DEFAULT_ARCHIVE, AddRequest, CatalogueError, list_entries
from docgen.archive import add as archive_add
from docgen.archive import verify as archive_verify
from docgen.check import annotate, check_pdf
from docgen.errors import DocgenError, ExitCode
from docgen.notice.diff import diff_notices, render_text
from docgen.notice.lint import ERROR, fix, lint
from docgen.notice.next_year import roll_file
from docgen.notice.source import load_file
from docgen.notice.validate import validate
from docgen.pdf.seal import seal_pdf, write_specimen
from docgen.pdf.sign import pdfa_kept, sign_pdf
from docgen.pipelines.build import build
from docgen.pipelines.extract import extract_units
from docgen.pipelines.revision import write_revision_table
from docgen.resources import SAMPLE
from docgen.standard import figures as L

FORMAT_CHOICES = {"docx": ("docx",), "pdf": ("pdf",), "both": ("docx", "pdf")}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def main() -> None:
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
      docgen seal 通知.pdf --seal 印章.png        盖章（不给 --seal 时用样章）
      docgen sign 通知-盖章.pdf --p12 证书.p12     数字签名（PAdES）
      docgen archive add 通知-签名.pdf --data 通知.yaml   归档；archive verify 核验
    """
    # pyHanko logs every failed trust path with a traceback; docgen reports it in Chinese.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)


@main.command("build")
@click.argument("data", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="输出目录（默认 output/<数据文件名>/）。")
@click.option("--format", "fmt", type=click.Choice(list(FORMAT_CHOICES)), default="both",
              show_default=True, help="输出格式。")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False),
              help="红头文件模板 .docx（默认 templates/redhead.docx）。")
@click.option("--timeout", type=float, default=180.0, show_default=True,
              help="单次 LibreOffice 转换的时限（秒）。")
@click.option("--draft", is_flag=True,
              help="草稿：数据中仍有【待定】【待核】时也生成，【待定】原样印出。")
@click.option("--check", "run_check", is_flag=True,
              help="生成后按 GB/T 9704 逐项测量 PDF（同 docgen check）。")
@click.option("--pdfa", is_flag=True, help="导出 PDF/A-2b（归档用），元数据同时写入 /Info 与 XMP。")
@click.option("--debug", is_flag=True, help="出错时显示完整的 Python 调用栈。")
def build_command(data: Path | None, out_dir: Path | None, fmt: str, template: Path | None,
                  timeout: float, draft: bool, run_check: bool, pdfa: bool, debug: bool) -> None:
    """把 DATA（YAML）排成公文，写出 DOCX 和/或 PDF。不给 DATA 时构建示例。

    先校验数据（一次列出全部问题），再套用模板生成 DOCX，由 LibreOffice 转为 PDF，
    并按实测结果把版记排在最后一页（偶数页）的版心底部。全部成功后才写入输出目录。
    """
    source = data or SAMPLE
    try:
        result = build(source, out_dir, FORMAT_CHOICES[fmt], template, timeout, draft, pdfa)
    except DocgenError as error:
        _fail(error, debug)
    for path in result.files:
        click.echo(f"已生成 {path}")
    for path in result.removed:
        click.echo(f"已删除 {path}（上次生成的旧文件，与本次内容不一致）")
    kind = "，PDF/A-2b" if pdfa else ""
    click.echo(f"共 {result.pages} 页（排版 {result.passes} 遍{kind}）。字体：")
    for use in result.fonts:
        click.echo(f"  {use.describe()}")
    if any(use.substituted for use in result.fonts):
        click.echo("  提示：把授权字体文件放入 fonts/ 目录即可替换上述替代字体。")
    for warning in result.warnings:
        click.echo(f"警告：{warning}", err=True)
    pdf = next((path for path in result.files if path.suffix == ".pdf"), None)
    if run_check and pdf is not None:
        report = check_pdf(pdf)
        _print_report(report, verbose=False)
        if report.failed:
            sys.exit(1)


@main.command("check")
@click.argument("pdf", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出测量结果。")
@click.option("--annotate", "annotate_to", type=click.Path(path_type=Path, dir_okay=False),
              help="另存一份标注了版心、测量位置和不符合项的 PDF（以 .png 结尾则输出逐页图片）。")
def check_command(pdf: Path, as_json: bool, annotate_to: Path | None) -> None:
    """按 GB/T 9704-2012（通用格式）测量 PDF：逐项给出 通过 / 提醒 / 不符合、实测值、
    标准值与容差及条款；有不符合项时退出码为 1。也适用于 Word、WPS 导出的 PDF。"""
    try:
        report = check_pdf(pdf)
    except (RuntimeError, ValueError) as error:
        click.echo(f"错误：无法读取 PDF {pdf}：{error}", err=True)
        sys.exit(int(ExitCode.DATA))
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        _print_report(report, verbose=True)
    if annotate_to is not None:
        if annotate_to.resolve() == pdf.resolve():
            click.echo("错误：--annotate 的输出不能覆盖被检查的 PDF", err=True)
            sys.exit(int(ExitCode.USAGE))
        try:
            for path in annotate(report, pdf, annotate_to):
                click.echo(f"已生成标注 {path}", err=as_json)
        except (OSError, ValueError) as error:
            click.echo(f"错误：无法写出标注 {annotate_to}：{error}", err=True)
            sys.exit(int(ExitCode.OUTPUT))
    if report.failed:
        sys.exit(1)


def _print_report(report, verbose: bool) -> None:
    for finding in report.findings:
        if verbose or finding.status != "PASS":
            click.echo(finding.line())
    for role, fonts in report.fonts.items():
        click.echo(f"字体 {role}：{fonts}")
    click.echo(report.summary())


def _fail(error: DocgenError, debug: bool) -> None:
    if debug:
        traceback.print_exc()
    click.echo(error.render(), err=True)
    sys.exit(int(error.exit_code))


@main.command("lint")
@click.argument("data", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--fix", "apply_fixes", is_flag=True,
              help="就地修正可机械修正的问题（标点全半角、发文字号括号），保留注释与格式。")
def lint_command(data: Path | None, apply_fixes: bool) -> None:
    """检查数据中的文字问题：标点、层级序号、发文字号、日期、重复的行与叠词、空单元格。

    每条给出规则编号、严重程度、文件:行:列与修改建议；有“错误”时退出码为 1。
    """
    path = data or SAMPLE
    try:
        source = load_file(path)
        if apply_fixes:
            for finding in fix(source, path):
                click.echo(f"已修正 {finding.render()}")
            source = load_file(path)
    except DocgenError as error:
        _fail(error, debug=False)
    findings = lint(source)
    for finding in findings:
        click.echo(finding.render())
    errors = sum(1 for finding in findings if finding.severity == ERROR)
    click.echo(f"{path}：{errors} 个错误，{len(findings) - errors} 个警告")
    if errors:
        sys.exit(1)


@main.command("extract")
@click.argument("data", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--unit", "units", multiple=True, help="只抽取这些单位（可重复）；默认全部。")
@click.option("--format", "fmt", type=click.Choice(list(FORMAT_CHOICES)), default="both",
              show_default=True, help="输出格式。")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="输出目录（默认 output/<数据文件名>/units/）。")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False),
              help="红头文件模板 .docx（取其样式）。")
@click.option("--timeout", type=float, default=180.0, show_default=True,
              help="单次 LibreOffice 转换的时限（秒）。")
def extract_command(data: Path | None, units: tuple[str, ...], fmt: str, out_dir: Path | None,
                    template: Path | None, timeout: float) -> None:
    """按处室抽取任务清单：每个单位一份（标明在每行中的角色，保留原序号，附“落实情况”空列），
    另出汇总表（汇总.csv 与文档）。"""
    done: list[Path] = []

    def progress(path: Path) -> None:
        done.append(path)
        click.echo(f"\r转换中 {len(done)} 份 {'▮' * len(done)}", nl=False, err=True)

    try:
        result = extract_units(data or SAMPLE, out_dir, list(units) or None,
                               FORMAT_CHOICES[fmt], template, timeout, progress=progress)
    except DocgenError as error:
        _fail(error, debug=False)
    if done:
        click.echo("", err=True)
    width = max([len(row[0]) for row in result.summary] + [2])
    click.echo(f"{'单位'.ljust(width, '　')}  牵头  负责  配合  合计  涉及的行")
    for unit, lead, duty, support, total, numbers in result.summary:
        click.echo(f"{unit.ljust(width, '　')}{lead:>6}{duty:>6}{support:>6}{total:>6}  {numbers}")
    for path in result.files:
        click.echo(f"已生成 {path}")
    for warning in result.warnings:
        click.echo(f"警告：{warning}", err=True)


@main.command("show")
@click.argument("data", required=False, type=click.Path(path_type=Path, dir_okay=False))
def show_command(data: Path | None) -> None:
    """打印合并后的数据：数据文件用 extends 继承另一个文件时，显示实际用于生成的完整内容。"""
    try:
        source = load_file(data or SAMPLE)
        validate(source)
    except DocgenError as error:
        _fail(error, debug=False)
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False
    stream = io.StringIO()
    yaml.dump(source.data, stream)
    click.echo(stream.getvalue(), nl=False)


@main.command("diff")
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "docx", "pdf"]), default="text",
              show_default=True, help="text：终端列出；docx / pdf：修订对照表文档。")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path, dir_okay=False),
              help="修订对照表的文件名（默认 修订对照表.docx / .pdf）。")
def diff_command(old: Path, new: Path, fmt: str, target: Path | None) -> None:
    """比较两份通知的数据：版头字段、正文段落、任务（新增、删除、修改、移动）和各处室的分工。

    相同时退出码为 0，不同时为 1（与 diff 一致），数据有误时为 3。
    """
    try:
        new_notice = validate(load_file(new))
        result = diff_notices(validate(load_file(old)), new_notice)
        if fmt != "text":
            written = write_revision_table(new_notice, result,
                                           target or Path(f"修订对照表.{fmt}"))
    except DocgenError as error:
        _fail(error, debug=False)
    click.echo(render_text(result, colour=sys.stdout.isatty()))
    if fmt != "text":
        click.echo(f"已生成 {written}")
    sys.exit(0 if result.identical else 1)


@main.command("next-year")
@click.argument("data", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--to-year", type=click.IntRange(1900, 2099), required=True, help="新的年份。")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path, dir_okay=False),
              help="新数据文件（默认把文件名中的年份换成新年份）。")
def next_year_command(data: Path, to_year: int, target: Path | None) -> None:
    """由今年的数据生成下一年的数据：发文字号和标题的年份随之改变，发文字号序号、成文日期、
    印发日期改为【待定】，正文和任务中其他的年份标上【待核】逐条列出；注释与格式保持不变。"""
    if target is None:
        stem = re.sub(r"(19|20)\d{2}", str(to_year), data.stem)
        target = data.with_name((stem if stem != data.stem else f"{stem}-{to_year}") + ".yaml")
    try:
        points = roll_file(data, to_year, target)
    except DocgenError as error:
        _fail(error, debug=False)
    click.echo(f"已生成 {target}")
    for point in points:
        click.echo(f"{target}:{point.line}: {point.path}: 【待核】{point.text[:40]}")
    click.echo(f"请填写【待定】，核对 {len(points)} 处【待核】后再生成。")


@main.command("seal")
@click.argument("pdf", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--seal", "seal_image", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="印章图片：透明背景的 PNG 或 SVG。不给时使用“样章 SPECIMEN”。")
@click.option("--diameter", type=click.FloatRange(10, 80), default=42.0, show_default=True,
              help="印章直径（毫米）。")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path, dir_okay=False),
              help="输出文件（默认 <原文件名>-盖章.pdf）。")
@click.option("--write-specimen", "specimen_to",
              type=click.Path(path_type=Path, dir_okay=False),
              help="另存样章图片（.png 或 .svg），便于查看。")
def seal_command(pdf: Path, seal_image: Path | None, diameter: float, target: Path | None,
                 specimen_to: Path | None) -> None:
    """按 GB/T 9704 7.3.5.1 在 PDF 上盖章：印章端正、居中压在发文机关署名和成文日期上，
    二者居印章中心偏下，印章顶端距正文（或附件说明）一行之内，两端不超出版心。

    位置从 PDF 本身测得，任何软件导出的公文 PDF 都可以。须在签名之前盖章。
    """
    target = target or pdf.with_name(f"{pdf.stem}-盖章.pdf")
    try:
        if specimen_to is not None:
            write_specimen(specimen_to, L.mm(diameter))
            click.echo(f"已生成样章 {specimen_to}")
        spot = seal_pdf(pdf, target, seal_image, L.mm(diameter))
    except DocgenError as error:
        _fail(error, debug=False)
    if seal_image is None:
        click.echo("注意：使用的是样章（样章 / SPECIMEN），不是真实印章。", err=True)
    click.echo(f"印章：{spot.describe()}")
    click.echo(f"已生成 {target}")


@main.command("sign")
@click.argument("pdf", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--p12", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              required=True, help="签名证书和私钥（PKCS#12：.p12 / .pfx）。")
@click.option("--password-file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="存放证书口令的文件（首行）。不给时若在终端中则询问，否则按无口令处理。")
@click.option("--reason", help="签名理由，例如“发布”。")
@click.option("--visible", is_flag=True, help="可见签名：签名域覆盖印章位置（7.3.5.1）。")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path, dir_okay=False),
              help="输出文件（默认 <原文件名>-签名.pdf）。")
def sign_command(pdf: Path, p12: Path, password_file: Path | None, reason: str | None,
                 visible: bool, target: Path | None) -> None:
    """对 PDF 做 PAdES 数字签名（pyHanko，SHA-256，增量更新），保持 PDF/A-2b。"""
    target = target or pdf.with_name(f"{pdf.stem}-签名.pdf")
    if target.resolve() == pdf.resolve():
        click.echo("错误：输出文件不能覆盖被签名的 PDF", err=True)
        sys.exit(int(ExitCode.USAGE))
    if password_file is not None:
        lines = password_file.read_bytes().splitlines()
        password: bytes | None = lines[0] if lines else b""
    elif sys.stdin.isatty():
        password = click.prompt("证书口令", hide_input=True, default="",
                                show_default=False).encode() or None
    else:
        password = None
    try:
        check = sign_pdf(pdf, target, p12, password, reason, visible)
        kept = pdfa_kept(pdf, target)
    except DocgenError as error:
        _fail(error, debug=False)
    click.echo(f"签名人：{check.signer}")
    click.echo(f"签名时间：{check.signed_at}")
    for problem in kept:
        click.echo(f"警告：签名后 {problem}", err=True)
    click.echo(f"已生成 {target}")


@main.group("archive")
def archive_group() -> None:
    """归档：签名后的 PDF 与生成它的数据一起存档，逐文件记 SHA-256，只增不改，随时核验。"""


ARCHIVE_OPTION = click.option(
    "--archive", "archive_dir", type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_ARCHIVE, show_default=True, help="归档目录。")


@archive_group.command("add")
@click.argument("signed", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--data", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              required=True, help="生成这份通知的数据（YAML）。")
@ARCHIVE_OPTION
@click.option("--trust", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              multiple=True, help="信任的根证书（PEM/DER，可重复；也可写入归档的 settings.toml）。")
@click.option("--accept-modified", is_flag=True, help="接受签名之后的改动（须同时给 --reason）。")
@click.option("--accept-untrusted", is_flag=True, help="接受不受信任的签名人（记录在案）。")
@click.option("--scanned", is_flag=True, help="无文字层的扫描件：不比对文字（记录在案）。")
@click.option("--supersede", is_flag=True, help="取代已归档的同一文号（须同时给 --reason）。")
@click.option("--reason", help="--accept-modified 或 --supersede 的理由。")
@click.option("--retention", help="保管期限（默认取归档设置，否则“永久”）。")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False),
              help="生成时所用的红头文件模板。")
def archive_add_command(signed: Path, data: Path, archive_dir: Path, trust: tuple[Path, ...],
                        accept_modified: bool, accept_untrusted: bool, scanned: bool,
                        supersede: bool, reason: str | None, retention: str | None,
                        template: Path | None) -> None:
    """核对后归档：签名完整且覆盖整个文件、签名人受信任、PDF 文字与 DATA 生成的通知一致；
    然后把签发件、数据、生成的 DOCX/PDF 和清单（manifest.json）原子地存入以文号命名的目录，
    并登记到归档目录（catalogue.sqlite）。同一文号不会被覆盖。"""
    if (accept_modified or supersede) and not (reason or "").strip():
        flag = "--accept-modified" if accept_modified else "--supersede"
        click.echo(f"错误：{flag} 须同时用 --reason 说明理由", err=True)
        sys.exit(int(ExitCode.USAGE))
    request = AddRequest(signed, data, template, trust,
                         accept_modified=reason if accept_modified else None,
                         accept_untrusted=accept_untrusted, scanned=scanned,
                         supersede=reason if supersede else None, retention=retention)
    try:
        result = archive_add(archive_dir, request)
    except DocgenError as error:
        _fail(error, debug=False)
    _echo_recovered(result.recovered)
    for finding in result.findings:
        click.echo(f"核对：{finding}")
    entry = result.entry
    click.echo(f"已归档 {entry.doc_number} 第 {entry.version} 版 → {archive_dir / entry.folder}"
               f"（保管期限：{entry.retention}）")
    click.echo(f"目录链：第 {entry.seq} 条，哈希 {entry.chain}"
               "（可记入登记簿，日后用 archive verify --head 核对）")


def _echo_recovered(folders: list[str]) -> None:
    for folder in folders:
        click.echo(f"已完成上次中断的归档：{folder}")


@archive_group.command("verify")
@click.argument("doc_number", required=False)
@click.option("--all", "check_all", is_flag=True, help="核验全部条目（默认）。")
@click.option("--head", help="此前记下的目录链哈希：核对它仍在链上（之前的条目未被删改）。")
@click.option("--trust", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              multiple=True, help="保存在归档之外的根证书：代替条目内保存的证书验证签名。")
@ARCHIVE_OPTION
def archive_verify_command(doc_number: str | None, check_all: bool, head: str | None,
                           trust: tuple[Path, ...], archive_dir: Path) -> None:
    """重新计算每个文件的 SHA-256、按归档时刻重新验证签名，比对目录与磁盘（缺失、多余、
    被改动），并核对目录的哈希链。有任何问题时退出码为 1。"""
    if doc_number and check_all:
        click.echo("错误：文号与 --all 只能给一个", err=True)
        sys.exit(int(ExitCode.USAGE))
    try:
        report = archive_verify(archive_dir, doc_number, head, trust)
    except DocgenError as error:
        _fail(error, debug=False)
    _echo_recovered(report.recovered)
    for problem in report.problems:
        click.echo(f"问题：{problem}")
    if report.head is not None:
        click.echo(f"目录链：共 {report.head[0]} 条，末端哈希 {report.head[1]}")
    click.echo(f"核验 {len(report.checked)} 个条目：" +
               (f"{len(report.problems)} 个问题" if report.problems else "全部完好"))
    if report.problems:
        sys.exit(1)


EXCEPTION_LABELS = {"accepted_modified": "签名后有改动", "accepted_untrusted": "签名人不受信任",
                    "scanned": "扫描件"}


@archive_group.command("list")
@click.option("--year", type=int, help="成文年份。")
@click.option("--unit", help="发文机关或涉及的处室。")
@click.option("--search", "text", help="在文号、标题、附注中查找。")
@ARCHIVE_OPTION
def archive_list_command(year: int | None, unit: str | None, text: str | None,
                         archive_dir: Path) -> None:
    """列出归档目录中的条目。"""
    try:
        found = list_entries(archive_dir, year, unit, text)
    except (sqlite3.DatabaseError, CatalogueError) as error:
        click.echo(f"错误：无法读取归档目录：{error}", err=True)
        sys.exit(int(ExitCode.DATA))
    for entry in found:
        state = f"，已被 {entry.superseded_by} 取代" if entry.superseded_by else ""
        flags = ("，例外：" + "、".join(EXCEPTION_LABELS.get(k, k) for k in entry.exceptions)
                 if entry.exceptions else "")
        click.echo(f"{entry.doc_number}\t第{entry.version}版\t{entry.date}\t{entry.title}\t"
                   f"{entry.retention}{state}{flags}")
    click.echo(f"共 {len(found)} 条")
