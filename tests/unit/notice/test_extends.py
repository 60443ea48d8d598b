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


# ── extends stays inside the data file's folder tree ─────────────────────────────────────────
def test_extends_outside_the_data_folder_is_refused_and_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:$6$SECRETHASH:19000:0:99999:7:::\n", encoding="utf-8")
    (tmp_path / "notices").mkdir()
    data = tmp_path / "notices" / "a.yaml"
    for target in (str(secret), "../secret.txt", "/etc/shadow"):
        data.write_text(f"title: x\nextends: {target}\n", encoding="utf-8")
        with pytest.raises(DataError) as caught:
            load_file(data)
        shown = caught.value.render()
        assert f"a.yaml:2:10: extends: extends 指向的“{target}”不在数据文件所在的文件夹中" in shown
        assert "SECRETHASH" not in shown and "root:" not in shown


def test_a_symlink_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "outside.yaml").write_text("title: 外部\n", encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "base.yaml").symlink_to(tmp_path / "outside.yaml")
    (tmp_path / "in" / "a.yaml").write_text("extends: base.yaml\n", encoding="utf-8")
    with pytest.raises(DataError, match="数据有 1 处问题") as caught:
        load_file(tmp_path / "in" / "a.yaml")
    assert "不在数据文件所在的文件夹中" in caught.value.render()


def test_extends_reaches_a_folder_the_user_allowed(tmp_path, monkeypatch):
    (tmp_path / "共用").mkdir()
    (tmp_path / "共用" / "base.yaml").write_text("title: 共用\n", encoding="utf-8")
    (tmp_path / "2023").mkdir()
    (tmp_path / "2023" / "a.yaml").write_text("extends: ../共用/base.yaml\n", encoding="utf-8")
    monkeypatch.setenv("DOCGEN_EXTENDS_PATH", str(tmp_path / "共用"))
    assert load_file(tmp_path / "2023" / "a.yaml").data == {"title": "共用"}


def test_a_data_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    from docgen.notice import extends

    monkeypatch.setattr(extends, "MAX_DATA_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text("title: " + "字" * 100 + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_file(path)
    assert "超过上限 0.0001 MB" in caught.value.render()
