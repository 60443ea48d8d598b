"""A 分工表 as a clerk keeps it in Excel: a caption line, a title merged across the table, a
header row, the groups as merged cells (or blank cells under the first), column widths."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

HEADER = ["序号", "重点任务", "工作内容", "具体要求", "责任处室"]
WIDTHS = [6, 14, 22, 48, 24]
TITLE = "2023年政务公开重点工作任务分工表"
# (序号, 重点任务, [(工作内容, [(具体要求, 责任处室), …]), …])
GROUPS = [
    ("1", "以公开促落实", [
        ("及时公布政策举措", [("印发年度重点任务分工通知并在官网公布。", "办公室"),
                              ("按时保质完成指南、年报等公开工作。", "办公室、发展中心")]),
        ("全面做好政策解读", [("政策性文件应解读尽解读，解读与文件关联发布。",
                               "办公室牵头，各处室配合")]),
    ]),
    ("2", "以公开促法治", [
        ("双公示数据报送", [("及时、完整、合规报送双公示数据。", "行政审批处"),
                            ("定期梳理自查公开情况。", "行政审批处"),
                            ("确保无瞒报情况。", "行政审批处")]),
    ]),
    ("3", "以公开促服务", [
        ("及时回应社会关切", [("做好厅长信箱等受办理工作。", "办公室")]),
    ]),
]


def detail_rows() -> list[list[str]]:
    rows = []
    for number, task, contents in GROUPS:
        for content, details in contents:
            for requirement, unit in details:
                rows.append([number, task, content, requirement, unit])
    return rows


def clerk_workbook(path: Path, *, merged: bool = True, formula: str | None = None) -> Path:
    """The 分工表 with its groups merged (``merged``) or left blank under their first cell."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook()
    sheet = book.active
    sheet.title = "分工表"
    sheet.append(["附件"])
    sheet.append([TITLE])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADER))
    sheet.append(HEADER)
    first = 4
    rows = detail_rows()
    for row in rows:
        sheet.append(row)
    for col in (1, 2, 3):  # the group columns: merged over each run of equal values
        start = 0
        for index in range(1, len(rows) + 1):
            if index < len(rows) and rows[index][:col] == rows[start][:col]:
                continue
            if index - start > 1:
                if merged:
                    sheet.merge_cells(start_row=first + start, start_column=col,
                                      end_row=first + index - 1, end_column=col)
                else:
                    for blank in range(start + 1, index):
                        sheet.cell(first + blank, col).value = None
            start = index
    for col, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + col - 1)].width = width
    for row in sheet.iter_rows(min_row=first):
        for cell in row:
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    if formula is not None:
        sheet.cell(first + len(rows), 4).value = formula
        sheet.cell(first + len(rows), 5).value = "办公室"
    book.save(path)
    return path


def soffice_convert(source: Path, suffix: str, folder: Path) -> Path:
    """``source`` saved by LibreOffice as ``suffix`` (xls, ods …), as a clerk's office would."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        message = "LibreOffice (soffice) is not installed: run `make test`, which installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    profile = (folder / "lo-profile").resolve().as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    suffix, "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=300)
    converted = folder / f"{source.stem}.{suffix}"
    assert converted.is_file(), f"LibreOffice wrote no {converted.name}"
    return converted
