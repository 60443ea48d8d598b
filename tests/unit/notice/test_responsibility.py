"""The responsibility parser on every 责任处室 cell of the seed, and on what can go wrong."""

from __future__ import annotations

import pytest

from docgen.compose.table import flatten
from docgen.notice.extends import load_file
from docgen.notice.model import Registry
from docgen.notice.responsibility import parse_responsibility
from docgen.notice.validate import validate
from docgen.resources import SAMPLE

NOTICE = validate(load_file(SAMPLE))
REGISTRY = NOTICE.units
ALL = ["办公室", "产业处", "行政审批处", "法规处", "人事处", "财务处"]


def roles(text: str) -> dict[str, set[str]]:
    assignments, unknown = parse_responsibility(text, REGISTRY)
    assert not unknown, unknown
    found: dict[str, set[str]] = {}
    for assignment in assignments:
        found.setdefault(assignment.unit, set()).add(assignment.role)
    return found


def expect(**units: str) -> dict[str, set[str]]:
    return {unit: set(role.split("+")) for unit, role in units.items()}


def everyone(role: str, **overrides: str) -> dict[str, set[str]]:
    return {unit: {overrides.get(unit, role)} for unit in ALL} | {
        unit: {role} for unit, role in overrides.items() if unit not in ALL}


SEED_CELLS = {
    "办公室": expect(办公室="负责"),
    "办公室牵头，各处室配合": everyone("配合", 办公室="牵头"),
    "办公室、发展中心": expect(办公室="负责", 发展中心="负责"),
    "办公室负责把关，发展中心配合各处室做好政策解读，并及时公布":
        everyone("负责", 发展中心="配合"),
    "各处室定期梳理": everyone("负责"),
    "产业处、办公室牵头，各相关处室及发展中心配合":
        everyone("配合", 产业处="牵头", 办公室="牵头", 发展中心="配合"),
    "办公室牵头，各相关处室配合": everyone("配合", 办公室="牵头"),
    "行政审批处牵头，发展中心配合": expect(行政审批处="牵头", 发展中心="配合"),
    "办公室把关,各处室落实抓好落实": everyone("负责"),
    "办公室牵头,发展中心配合 办公室牵头,法规处配合": expect(办公室="牵头", 发展中心="配合",
                                                        法规处="配合"),
    "办公室牵头,各相关处室配合": everyone("配合", 办公室="牵头"),
    "法规处把关,办公室负责报送,各发文处室落实": everyone("负责"),
    "办公室牵头,发展中心配合": expect(办公室="牵头", 发展中心="配合"),
    "人事处、财务处牵头,发展中心配合": expect(人事处="牵头", 财务处="牵头", 发展中心="配合"),
    "行政审批处": expect(行政审批处="负责"),
}


def test_every_seed_cell_is_covered_by_the_table_below():
    table = NOTICE.attachments[0].table
    column = table.column_names.index(REGISTRY.column)
    cells = {line[column].text for line in flatten(table) if line[column].text}
    assert cells == set(SEED_CELLS)


@pytest.mark.parametrize("cell", list(SEED_CELLS))
def test_seed_cell(cell):
    assert roles(cell) == SEED_CELLS[cell]


def test_duties_are_kept():
    assignments, _ = parse_responsibility("法规处把关,办公室负责报送,各发文处室落实", REGISTRY)
    duties = {a.unit: a.duty for a in assignments}
    assert duties["法规处"] == "把关" and duties["办公室"] == "报送"


def test_an_unknown_name_is_reported_with_a_suggestion():
    assignments, unknown = parse_responsibility("法规科牵头，办公室配合", REGISTRY)
    assert [(u.name, u.suggestion) for u in unknown] == [("法规科", "法规处")]
    assert unknown[0].message() == "未知处室“法规科”（是否为“法规处”？）"
    assert [(a.unit, a.role) for a in assignments] == [("办公室", "配合")]


def test_aliases_and_other_joiners():
    registry = Registry.model_validate({
        "members": [{"name": "办公室", "aliases": ["厅办公室"]}, {"name": "法规处"}],
        "groups": {"各处室": ["办公室", "法规处"]}})
    assignments, unknown = parse_responsibility("厅办公室和法规处牵头；各处室配合", registry)
    assert not unknown
    assert {(a.unit, a.role) for a in assignments} == {("办公室", "牵头"), ("法规处", "牵头")}


def test_lint_reports_unknown_names_at_their_cell(tmp_path):
    from docgen.notice.lint import lint
    text = SAMPLE.read_text(encoding="utf-8").replace("责任处室: 行政审批处\n",
                                                     "责任处室: 行政审批科\n")
    path = tmp_path / "typo.yaml"
    path.write_text(text, encoding="utf-8")
    findings = [f for f in lint(load_file(path)) if f.rule == "UNIT-UNKNOWN"]
    assert len(findings) == 1
    assert "未知处室“行政审批科”（是否为“行政审批处”？）" in findings[0].render()
    assert findings[0].problem.line == text.splitlines().index(
        next(line for line in text.splitlines() if "行政审批科" in line)) + 1


def test_collective_terms_must_name_members():
    import copy

    from docgen.errors import DataError
    from docgen.notice.source import Source
    data = copy.deepcopy(load_file(SAMPLE).data)
    data["units"]["groups"]["各处室"].append("宣传处")
    with pytest.raises(DataError) as caught:
        validate(Source("u.yaml", data))
    assert "“宣传处”不在 units.members 中" in caught.value.render()


def test_structured_cells_generate_their_text_and_check_their_names(tmp_path):
    from docgen.notice.lint import lint
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "责任处室: 行政审批处\n",
        "责任处室: {lead: [行政审批处, 产业处], support: [发展中心], responsible: [法规科]}\n")
    path = tmp_path / "structured.yaml"
    path.write_text(text, encoding="utf-8")
    source = load_file(path)
    notice = validate(source)
    last = notice.attachments[0].table.rows[4]["items"][0]["items"][1]
    assert last["责任处室"] == "行政审批处、产业处牵头，发展中心配合，法规科"
    unknown = [f for f in lint(source) if f.rule == "UNIT-UNKNOWN"]
    assert any("未知处室“法规科”（是否为“法规处”？）" in f.render() for f in unknown)


def test_a_malformed_structured_cell_is_a_located_error(tmp_path):
    from docgen.errors import DataError
    text = SAMPLE.read_text(encoding="utf-8").replace("责任处室: 行政审批处\n",
                                                     "责任处室: {leed: [行政审批处]}\n")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        validate(load_file(path))
    assert "未知字段“leed”（可用 lead、support、responsible）" in caught.value.render()


def test_parenthesised_roles_and_names_inside_longer_names():
    assert roles("办公室（牵头），法规处（配合）") == expect(办公室="牵头", 法规处="配合")
    assignments, unknown = parse_responsibility("省政府办公室牵头，办公室配合", REGISTRY)
    assert [u.name for u in unknown] == ["省政府办公室"]
    assert {(a.unit, a.role) for a in assignments} == {("办公室", "配合")}


def test_a_one_member_collective_term_is_still_a_collective():
    assert roles("发展中心牵头，厅属各单位配合") == expect(发展中心="牵头")


# ── names that used to be dropped (issue #11): every name is matched or reported ──────────
def rows_per_unit(tmp_path, text: str) -> tuple[dict[str, int], list[str]]:
    """Rows each unit's extract would get, and the errors the verdict reports."""
    from docgen.notice import tasks
    from docgen.notice.verdict import assess

    path = tmp_path / "notice.yaml"
    path.write_text(text, encoding="utf-8")
    source = load_file(path)
    errors = [finding.render() for finding in assess(source).errors]
    notice = validate(source) if not errors or all("SCHEMA" not in e for e in errors) else None
    counts = {e.unit: len(e.leaves) for e in tasks.plan(notice)} if notice else {}
    return counts, errors


SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
CELL = "责任处室: 行政审批处牵头，发展中心配合"


def test_the_sample_gives_every_unit_its_rows(tmp_path):
    counts, errors = rows_per_unit(tmp_path, SAMPLE_TEXT)
    assert errors == [] and counts["发展中心"] == 11 and counts["办公室"] == 22


def test_a_stray_space_inside_a_name_is_reported_and_the_row_is_not_lost(tmp_path):
    counts, errors = rows_per_unit(tmp_path, SAMPLE_TEXT.replace(CELL, CELL.replace(
        "发展中心", "发展 中心")))
    assert counts["发展中心"] == 11  # was 10: the row went to nobody
    assert len(errors) == 1
    assert "[UNIT-UNKNOWN 错误] 单位名称“发展 中心”中有多余的空格（是否为“发展中心”？）" \
        in errors[0]
    assert errors[0].startswith(f"{tmp_path / 'notice.yaml'}:")


def test_an_unregistered_name_with_latin_letters_is_reported(tmp_path):
    _, errors = rows_per_unit(tmp_path, SAMPLE_TEXT.replace(CELL, CELL.replace(
        "发展中心", "IT科")))
    assert len(errors) == 1 and "未知处室“IT科”" in errors[0]


def test_names_with_latin_letters_and_digits_are_unit_names(tmp_path):
    text = SAMPLE_TEXT.replace("    - {name: 财务处}\n", "    - {name: 财务处}\n"
                               "    - {name: IT科}\n    - {name: 12345热线中心}\n")
    text = text.replace(CELL, "责任处室: 行政审批处牵头，IT科、12345热线中心配合")
    counts, errors = rows_per_unit(tmp_path, text)
    assert errors == [] and counts["IT科"] == 1 and counts["12345热线中心"] == 1
    assignments, unknown = parse_responsibility("X2办公室牵头", REGISTRY)
    assert [u.name for u in unknown] == ["X2办公室"] and not assignments  # not our 办公室


def test_a_collective_term_named_like_a_unit_does_not_take_its_rows(tmp_path):
    text = SAMPLE_TEXT.replace("    厅属各单位: [发展中心]\n",
                               "    厅属各单位: [发展中心]\n    办公室: [发展中心]\n")
    counts, errors = rows_per_unit(tmp_path, text)
    assert counts == {}  # refused: the data cannot be extracted as it stands …
    assert any("集合称谓“办公室”与单位名称（或其别称）相同" in error for error in errors)
    registry = Registry.model_validate({
        "members": [{"name": "办公室"}, {"name": "发展中心"}], "groups": {"办公室": ["发展中心"]}})
    assignments, _ = parse_responsibility("办公室牵头", registry)
    assert [(a.unit, a.role) for a in assignments] == [("办公室", "牵头")]  # … and 办公室 keeps it
