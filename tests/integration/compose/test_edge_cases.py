"""Shapes at the edges: many signers, no 主送, a signature that would stand alone, a long
署名, template and data oddities, and what an earlier build left in the output folder."""

from __future__ import annotations

import copy

import pytest
from click.testing import CliRunner
from docx import Document
from support.gbt import (
    P,
    check_imprint,
    check_inside_type_area,
    check_page_numbers,
    mm,
)
from support.yaml_files import load_yaml, write_yaml

from docgen.cli import main
from docgen.compose.notice import Placement, render_notice
from docgen.errors import DataError, ExitCode
from docgen.notice.extends import load_file
from docgen.notice.source import Source
from docgen.notice.validate import validate
from docgen.pdf.measure import find_signature, lines, rules
from docgen.resources import DEFAULT_TEMPLATE, SAMPLE
from docgen.standard import figures as L

UPWARD = SAMPLE.parent / "examples" / "upward-signers.yaml"


@pytest.fixture(scope="module")
def many_signers(build_cache, tmp_path_factory):
    data = load_yaml(UPWARD)
    data["signers"] = ["张某某", "李某某", "王某某", "赵某某", "钱某某", "孙某某"]
    return build_cache("many-signers", write_yaml(data, tmp_path_factory.mktemp("d") / "s.yaml"))


def test_many_signers_stay_on_page_one_with_a_full_rule(many_signers):  # HEAD-09..11
    page = many_signers.pdf[0]
    rows = lines(page)
    mark = next(row for row in rows if row.text == "某某县文化和旅游局文件")
    first = next(row for row in rows if row.text.startswith("签发人："))
    assert 1.7 * P <= first.em_top - mark.em_bottom <= 3 * P
    number = next(row for row in rows if "某文旅发〔2024〕15号" in row.text)
    assert number.baseline - first.baseline == pytest.approx(2 * P, abs=0.15 * P)
    assert number.x0 == pytest.approx(mm(28) + L.CHAR, abs=mm(1))
    rule = next(rule for rule in rules(page) if rule.red)
    assert rule.x0 == pytest.approx(mm(28), abs=mm(1))
    assert rule.x1 == pytest.approx(mm(184), abs=mm(1))
    assert any(row.text.startswith("某某县人民政府") for row in rows)  # 主送 still on page 1
    check_inside_type_area(many_signers.pdf)


@pytest.fixture(scope="module")
def bare(build_cache, tmp_path_factory):
    """No 主送, no attachments, a very long sealed 署名, and short paragraphs enough to fill
    page 1 so that the signature would fall onto page 2 on its own."""
    data = load_yaml(SAMPLE)
    data.pop("recipients")
    data["attachments"] = []
    data["body"] = [f"这是第{n}段正文内容。" for n in range(1, 10)]
    data["signature"]["organ"] = "中共某某县委员会宣传部某某县文化和旅游局联合办公室"
    return build_cache("bare", write_yaml(data, tmp_path_factory.mktemp("d") / "bare.yaml"))


def test_without_recipients_the_body_keeps_the_blank_row_under_the_title(bare):  # BODY-05
    rows = lines(bare.pdf[0])
    title = [row for row in rows if row.size == pytest.approx(22, abs=0.25)][-1]
    body = next(row for row in rows if row.text.startswith("这是第1段"))
    assert 0.7 * P <= body.em_top - title.em_bottom <= 2 * P


def test_the_signature_never_stands_alone(bare):  # SIG-13
    organ, date = find_signature(bare.pdf, "中共某某县委员会宣传部某某县文化和旅游局联合办公室",
                                 "2022年5月20日")
    assert organ is not None and date is not None
    page = next(p for p in bare.pdf if any(r == organ for r in lines(p)))
    above = [row for row in lines(page) if row.baseline < organ.baseline]
    assert any(row.text.startswith("这是第") for row in above)


def test_a_long_sealed_signature_stays_on_the_page(bare):  # PAGE-04
    organ, _ = find_signature(bare.pdf, "中共某某县委员会宣传部某某县文化和旅游局联合办公室",
                                 "2022年5月20日")
    assert organ.x1 <= mm(184 + 1)
    check_inside_type_area(bare.pdf)
    check_page_numbers(bare.pdf)
    check_imprint(bare.pdf)


def test_template_data_markers_are_not_rewritten():
    data = copy.deepcopy(load_file(SAMPLE).data)
    data["issuer"]["mark"] = "某局{_{ x }_}文件"
    data["body"][0] = "原样：{_{ 7*7 }_} {%- raw %}"
    notice = validate(Source("t.yaml", data))
    document = render_notice(notice, DEFAULT_TEMPLATE, Placement())
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "某局{_{ x }_}文件"
    assert "原样：{_{ 7*7 }_} {%- raw %}" in texts


def test_a_template_without_the_number_paragraph_is_refused(tmp_path):
    template = Document(DEFAULT_TEMPLATE)
    template.paragraphs[1].style = template.styles["公文正文"]
    bad = tmp_path / "no-number.docx"
    template.save(bad)
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path / "out"),
                                       "--template", str(bad)])
    assert result.exit_code == ExitCode.TEMPLATE, result.output
    assert "发文字号" in result.stderr


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["attachments"][0]["table"]["columns"].append({"name": "序号"}), "列名“序号”重复"),
    (lambda d: d["attachments"][0]["table"]["levels"].append([]), "分组层级不能为空"),
    (lambda d: d.update(copy_number="００００１２"), "copy_number"),
    (lambda d: d.update(doc_number="晋文旅办发〔２０２２〕46号"), "半角阿拉伯数字"),
])
def test_more_refused_data(change, message):
    data = copy.deepcopy(load_file(SAMPLE).data)
    change(data)
    with pytest.raises(DataError) as caught:
        validate(Source("bad.yaml", data))
    assert message in caught.value.render()
