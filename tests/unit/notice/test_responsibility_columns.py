"""Responsibility in several columns (牵头单位 / 配合单位 / 责任单位), the phrasings real tables
use, row references as the table numbers them, and the registry drafted from the data."""

from __future__ import annotations

import copy

import pytest
import yaml
from click.testing import CliRunner

from docgen import api
from docgen.cli import main
from docgen.errors import DataError
from docgen.notice import tasks
from docgen.notice.extends import load_file
from docgen.notice.lint import lint as lint_source
from docgen.notice.model import Registry, header_role
from docgen.notice.registry_draft import draft_registry
from docgen.notice.responsibility import parse_responsibility
from docgen.notice.source import Source
from docgen.notice.validate import validate
from docgen.resources import EXAMPLES, SAMPLE

THREE_LEVEL = EXAMPLES / "three-level-unsealed.yaml"
REGISTRY = Registry.model_validate({
    "members": [{"name": n} for n in ("市住建局", "市财政局", "市发改委", "甲区政府", "乙县政府",
                                      "市自然资源局")],
    "groups": {"政府各有关部门": ["市财政局", "市发改委", "市自然资源局"],
               "各区县政府": ["甲区政府", "乙县政府"]},
})


def roles(text: str) -> dict[str, str]:
    found, unknown = parse_responsibility(text, REGISTRY)
    assert not unknown, unknown
    return {a.unit: a.role for a in found}


def test_the_units_of_a_collective_term_after_deng_get_the_row_too():
    assert roles("市住建局等政府各有关部门负责落实") == {
        "市住建局": "负责", "市财政局": "负责", "市发改委": "负责", "市自然资源局": "负责"}


def test_you_x_fuze_reads_as_x_responsible():
    assert roles("由市财政局负责") == {"市财政局": "负责"}
    assert parse_responsibility("由市财政局负责", REGISTRY)[0][0].duty == ""


def test_a_parenthesised_lead_reads_as_lead():
    assert roles("市发改委（牵头）、市财政局") == {"市发改委": "牵头", "市财政局": "负责"}


def test_names_responsible_by_their_duties_are_each_responsible():
    found, _ = parse_responsibility("市发改委、市财政局按职责分工负责", REGISTRY)
    assert {(a.unit, a.role, a.duty) for a in found} == {("市发改委", "负责", ""),
                                                        ("市财政局", "负责", "")}


def test_each_of_a_collective_term_acting_by_its_duties_is_responsible():
    assert roles("各区县政府根据职责落实") == {"甲区政府": "负责", "乙县政府": "负责"}
    found, _ = parse_responsibility("各区县政府根据职责落实", REGISTRY)
    assert {a.duty for a in found} == {"落实"}  # 根据职责 says nothing about the role


def test_x_wei_zeren_danwei_reads_as_x_responsible():
    found, _ = parse_responsibility("市住建局为责任单位", REGISTRY)
    assert [(a.unit, a.role, a.duty) for a in found] == [("市住建局", "负责", "")]


def test_zhuban_and_xieban_labels_give_lead_and_support():
    assert roles("主办：市发改委 协办：市财政局、市住建局") == {
        "市发改委": "牵头", "市财政局": "配合", "市住建局": "配合"}


def test_huitong_and_huiban_give_the_first_unit_the_work_and_the_second_support():
    assert roles("市发改委会同市财政局负责") == {"市发改委": "牵头", "市财政局": "配合"}
    assert roles("市住建局会市财政局") == {"市住建局": "负责", "市财政局": "配合"}  # 会办


def test_hui_inside_a_name_is_not_a_joint():
    registry = Registry.model_validate({"members": [{"name": "市发展和改革委员会"},
                                                    {"name": "市财政局"}]})
    found, unknown = parse_responsibility("市发展和改革委员会负责，市财政局配合", registry)
    assert not unknown
    assert {a.unit: a.role for a in found} == {"市发展和改革委员会": "负责", "市财政局": "配合"}


def test_an_unregistered_collective_term_is_reported_not_dropped():
    _, unknown = parse_responsibility("市住建局等有关单位负责", REGISTRY)
    assert [u.name for u in unknown] == ["有关单位"]


def _data_with(cell: str) -> dict:
    data = copy.deepcopy(load_file(SAMPLE).data)
    data["attachments"][0]["table"]["rows"][0]["items"][0]["items"][0]["责任处室"] = cell
    return data


def test_an_unparsable_cell_is_a_located_lint_warning():
    findings = lint_source(Source("c.yaml", _data_with("按照有关规定执行")))
    phrase = [f for f in findings if f.rule == "UNIT-PHRASE"]
    assert len(phrase) == 1 and phrase[0].severity == "警告"
    assert "按照有关规定执行" in phrase[0].problem.message
    assert phrase[0].problem.path.endswith("责任处室")


def three_level(**units: object) -> dict:
    data = copy.deepcopy(load_file(THREE_LEVEL).data)
    data["units"].update(units)
    return data


def test_three_level_example_gives_each_lead_unit_its_rows_as_lead():
    notice = validate(load_file(THREE_LEVEL))
    found = {e.unit: [(leaf.reference, tasks.role_text(mine)) for leaf, mine in e.leaves]
             for e in tasks.plan(notice)}
    assert found["市政务服务局"][:3] == [("1", "牵头"), ("2", "牵头"), ("4", "牵头")]
    assert [r for r in found["市大数据中心"] if r[1] == "牵头"] == [
        ("3", "牵头"), ("5", "牵头"), ("6", "牵头"), ("7", "牵头")]
    assert ("5", "配合") in found["市政务服务局"]  # 市直各部门 supports row 5


def test_extract_command_on_three_level_gives_leads_their_rows(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(THREE_LEVEL), "--format", "docx",
                                       "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("市大数据中心"))
    assert line.split()[1:] == ["4", "0", "0", "4", "3、5、6、7"]


def test_a_lead_not_named_in_the_parse_column_still_gets_its_row():
    data = three_level(columns={"牵头单位": "lead", "配合单位": "parse"})
    leads = {e.unit: e.roles()["牵头"] for e in tasks.plan(validate(Source("c.yaml", data)))}
    assert leads["市大数据中心"] == 4


def test_the_old_column_form_reads_that_column_only():
    data = three_level(column="配合单位")
    del data["units"]["columns"]
    plan = {e.unit: e.roles() for e in tasks.plan(validate(Source("c.yaml", data)))}
    assert plan["市大数据中心"] == {"负责": 1}  # 市直各部门 (row 5); 牵头单位 is not read
    assert plan["市公安局"] == {"负责": 4}


def test_columns_are_recognised_from_their_headers():
    data = three_level()
    del data["units"]["columns"]
    found = {e.unit: e.roles() for e in tasks.plan(validate(Source("c.yaml", data)))}
    assert found["市大数据中心"]["牵头"] == 4 and found["市公安局"]["配合"] == 4


def _per_row_numbers() -> Source:
    """序号 numbers every row but the first column is a group (重点任务)."""
    data = copy.deepcopy(load_file(SAMPLE).data)
    table = data["attachments"][0]["table"]
    table["columns"] = [{"name": "重点任务", "width": 30}, {"name": "序号", "width": 10},
                        {"name": "工作内容", "width": 60}, {"name": "责任处室", "width": 40}]
    table["levels"] = [["重点任务"]]
    table["rows"] = [{"重点任务": "以公开促落实", "items": [
        {"序号": "1", "工作内容": "甲", "责任处室": "办公室"},
        {"序号": "2", "工作内容": "乙", "责任处室": "法规处"}]},
        {"重点任务": "以公开促规范", "items": [
            {"序号": "3", "工作内容": "丙", "责任处室": "法规处"}]}]
    return Source("c.yaml", data)


def test_per_row_numbers_are_cited_as_the_table_numbers_them():
    notice = validate(_per_row_numbers())
    legal = tasks.plan(notice, ["法规处"])[0]
    assert [leaf.reference for leaf, _ in legal.leaves] == ["2", "3"]
    assert tasks.summary_rows([legal])[0][-1] == "2、3"


def test_group_numbers_are_cited_with_the_place_in_the_group():
    notice = validate(load_file(SAMPLE))
    references = [leaf.reference for leaf, _ in tasks.plan(notice, ["法规处"])[0].leaves]
    assert all(r.count(".") == 1 and r.split(".")[0].isdigit() for r in references)


def test_extract_without_units_says_how_to_write_them():
    data = copy.deepcopy(load_file(THREE_LEVEL).data)
    del data["units"]
    with pytest.raises(DataError) as caught:
        tasks.plan(validate(Source("c.yaml", data)))
    assert "docgen units" in caught.value.render()


def test_units_command_drafts_a_registry_from_the_cells(tmp_path):
    data = copy.deepcopy(load_file(THREE_LEVEL).data)
    del data["units"]
    bare = tmp_path / "bare.yaml"
    bare.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["units", str(bare)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# ") and "粘贴" in result.output
    block = yaml.safe_load(result.output)["units"]
    names = [m["name"] for m in block["members"]]
    assert names == sorted(names)
    assert set(names) == {"市政务服务局", "市大数据中心", "市公安局", "市市场监管局",
                          "市人力资源社会保障局", "市医保局", "数据提供部门"}
    assert block["groups"] == {"各区人民政府": [], "市直各部门": [], "市直有关部门": []}
    assert block["columns"] == {"牵头单位": "lead", "配合单位": "support"}


def test_units_separates_deng_and_parses_phrasings(tmp_path):
    data = copy.deepcopy(load_file(SAMPLE).data)
    data["attachments"][0]["table"]["rows"][0]["items"][0]["items"][0]["责任处室"] = \
        "由办公室负责，市住建局等政府各有关部门负责落实，主办：法规处 协办：人事处及财务处"
    draft = tmp_path / "d.yaml"
    draft.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    block = yaml.safe_load(api.units(draft))["units"]
    names = {m["name"] for m in block["members"]}
    assert {"办公室", "市住建局", "法规处", "人事处", "财务处"} <= names
    assert "政府各有关部门" in block["groups"]


@pytest.mark.parametrize("header", ["责任领导", "牵头领导", "牵头县领导", "责任人", "联系人",
                                    "牵头负责人"])
def test_a_column_of_people_is_not_read_as_units(header):
    assert header_role(header) is None


@pytest.mark.parametrize(("header", "role"), [("牵头单位", "lead"), ("主办处室", "lead"),
                                              ("配合部门", "support"), ("协办处室", "support"),
                                              ("责任单位", "parse"), ("主要责任单位", "parse")])
def test_columns_of_units_keep_their_roles(header, role):
    assert header_role(header) == role


def _with_a_leader_column() -> dict:
    data = three_level()
    del data["units"]["columns"]
    table = data["attachments"][0]["table"]
    table["columns"].append({"name": "责任领导", "width": 12})
    pending = list(table["rows"])
    while pending:
        row = pending.pop()
        if row.get("items"):
            pending += row["items"]
        else:
            row["责任领导"] = "张三、李四"
    return data


def test_a_column_of_leaders_gives_no_unit_warning():
    findings = lint_source(Source("c.yaml", _with_a_leader_column()))
    assert not [f for f in findings if f.problem.path.endswith("责任领导")]


def test_a_column_of_leaders_is_left_out_of_the_drafted_registry():
    data = _with_a_leader_column()
    del data["units"]
    draft = draft_registry(data)
    assert "责任领导" not in draft.columns
    assert "张三" not in draft.members


def duties(text: str) -> dict[str, tuple[str, str]]:
    found, unknown = parse_responsibility(text, REGISTRY)
    assert not unknown, unknown
    return {a.unit: (a.role, a.duty) for a in found}


def test_a_generic_noun_after_deng_joins_the_names_before_and_after_it():
    assert duties("市住建局等部门（单位）和各区县政府按职责分工负责") == {
        "市住建局": ("负责", ""), "甲区政府": ("负责", ""), "乙县政府": ("负责", "")}


def test_names_before_deng_bumen_wait_for_the_role_word_after_the_next_names():
    assert roles("市住建局等单位和市财政局配合") == {"市住建局": "配合", "市财政局": "配合"}


def test_a_generic_noun_before_the_role_word_does_not_hide_it():
    assert roles("市住建局等部门配合") == {"市住建局": "配合"}
    assert roles("市财政局、市发改委等单位牵头") == {"市财政局": "牵头", "市发改委": "牵头"}
