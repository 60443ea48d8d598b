"""Variants: a data file that extends another and overrides only what changes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.errors import DataError
from docgen.notice.extends import load_file
from docgen.notice.validate import validate
from docgen.resources import SAMPLE


@pytest.fixture
def chain(tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "mid.yaml").write_text(
        "extends: base.yaml\ndoc_number: 晋文旅办发〔2023〕5号\nsignature:\n  date: 2023-05-18\n",
        encoding="utf-8")
    top = tmp_path / "top.yaml"
    top.write_text(
        "extends: mid.yaml  # 2023 版\n"
        "title: 山西省文化和旅游厅办公室关于印发2023年政务公开重点工作任务分工的通知\n"
        "imprint:\n  print_date: 2023-05-19\n", encoding="utf-8")
    return top


def test_a_chain_of_three_files_resolves(chain):
    notice = validate(load_file(chain))
    assert notice.doc_number == "晋文旅办发〔2023〕5号"  # from the middle file
    assert notice.title.startswith("山西省文化和旅游厅办公室关于印发2023年")  # from the top
    assert str(notice.signature.date) == "2023-05-18"
    assert str(notice.imprint.print_date) == "2023-05-19"
    assert notice.imprint.printer == "山西省文化和旅游厅办公室"  # inherited from the base
    assert notice.signature.sealed is True
    assert len(notice.attachments[0].table.rows) == 5


def test_errors_point_at_the_file_the_value_came_from(chain):
    mid = chain.parent / "mid.yaml"
    mid.write_text(mid.read_text(encoding="utf-8").replace("2023-05-18", "2023-02-30"),
                   encoding="utf-8")
    with pytest.raises(DataError) as caught:
        validate(load_file(chain))
    assert f"{mid}:4:9: signature.date: 日期“2023-02-30”不存在" in caught.value.render()


def test_a_cycle_is_a_clear_error(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_file(tmp_path / "a.yaml")
    assert "extends 形成循环：a.yaml → b.yaml → a.yaml" in caught.value.render()


def test_a_missing_base_is_located(tmp_path):
    (tmp_path / "a.yaml").write_text("title: x\nextends: nowhere.yaml\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_file(tmp_path / "a.yaml")
    assert "a.yaml:2:10: extends: 找不到 extends 指向的文件“nowhere.yaml”" in \
        caught.value.render()


def test_lists_of_items_with_ids_merge_by_id(tmp_path):
    (tmp_path / "base.yaml").write_text(
        "rows:\n  - {id: a, 要求: 一}\n  - {id: b, 要求: 二}\n", encoding="utf-8")
    (tmp_path / "over.yaml").write_text(
        "extends: base.yaml\nrows:\n  - {id: b, 要求: 二（修订）}\n  - {id: c, 要求: 三}\n",
        encoding="utf-8")
    source = load_file(tmp_path / "over.yaml")
    assert source.data == {"rows": [{"id": "a", "要求": "一"}, {"id": "b", "要求": "二（修订）"},
                                    {"id": "c", "要求": "三"}]}
    assert source.problem(("rows", 0, "要求"), "x").file.endswith("base.yaml")
    assert source.problem(("rows", 1, "要求"), "x").file.endswith("over.yaml")


def test_show_prints_the_merged_data(chain):
    result = CliRunner().invoke(main, ["show", str(chain)])
    assert result.exit_code == 0, result.output
    assert "doc_number: 晋文旅办发〔2023〕5号" in result.output
    assert "extends" not in result.output
    assert result.output.index("doc_number") < result.output.index("title")  # base order
