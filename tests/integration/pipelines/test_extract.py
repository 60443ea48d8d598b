"""docgen extract through LibreOffice: documents and the summary written, each unit's PDF
holding exactly its rows."""


from __future__ import annotations

import csv

from click.testing import CliRunner
from docx import Document

from docgen.cli import main
from docgen.notice import tasks as extract
from docgen.notice.extends import load_file
from docgen.notice.validate import validate
from docgen.resources import SAMPLE

NOTICE = validate(load_file(SAMPLE))


TABLE = dict(extract.task_tables(NOTICE))[0]


def rows_of(unit: str) -> list[int]:
    return [leaf.number for leaf, _ in extract.plan(NOTICE, [unit])[0].leaves]


def test_extract_command_writes_documents_and_the_summary(tmp_path):
    out = tmp_path / "units"
    result = CliRunner().invoke(main, ["extract", "--unit", "法规处", "--unit", "人事处",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([".docgen-outputs.json", "人事处.docx", "人事处.pdf", "法规处.docx",
                            "法规处.pdf", "汇总.csv", "汇总.docx", "汇总.pdf"])
    with (out / "汇总.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["单位", "牵头", "负责", "配合", "合计", "涉及的行"]
    assert [row[0] for row in rows[1:]] == [unit.name for unit in NOTICE.units.members]  # all
    legal = next(row for row in rows if row[0] == "法规处")
    references = [leaf.reference for leaf, _ in extract.plan(NOTICE, ["法规处"])[0].leaves]
    assert legal[5].split("、") == references
    assert references[-1] == "4.1"  # 规范性文件报备: 序号4, its first row
    table = Document(out / "法规处.docx").tables[0]
    assert [c.text for c in table.rows[0].cells][-2:] == ["角色", "落实情况"]
    assert "法规处" in result.output


def test_each_units_pdf_holds_exactly_its_rows(tmp_path):
    import pymupdf
    out = tmp_path / "units"
    result = CliRunner().invoke(main, ["extract", "--unit", "人事处", "-o", str(out),
                                       "--format", "pdf"])
    assert result.exit_code == 0, result.output
    with pymupdf.open(out / "人事处.pdf") as pdf:
        text = "".join(page.get_text() for page in pdf).replace("\n", "")
    mine = set(rows_of("人事处"))
    for leaf in extract.leaves(TABLE, NOTICE.units):
        probe = leaf.row["具体要求"].replace(" ", "")[:14]
        assert (probe in text.replace(" ", "")) == (leaf.number in mine), leaf.number


def test_the_summary_breaks_a_list_of_rows_only_after_the_comma(tmp_path):
    import re

    import pymupdf
    out = tmp_path / "units"
    result = CliRunner().invoke(main, ["extract", "--unit", "办公室", "-o", str(out),
                                       "--format", "pdf"])
    assert result.exit_code == 0, result.output
    with pymupdf.open(out / "汇总.pdf") as pdf:
        lines = [line.strip() for line in pdf[0].get_text().splitlines()]
    listed = [line for line in lines if re.fullmatch(r"[\d.、]+", line) and "." in line]
    assert len(listed) >= 2  # 办公室's 22 rows take several lines
    for line in listed:
        assert re.fullmatch(r"(\d+\.\d+、)*\d+\.\d+、?", line), line
