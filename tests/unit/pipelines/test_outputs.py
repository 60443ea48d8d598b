"""Nothing overwritten or deleted that docgen did not just make, without asking (issue #11):
the one publishing mechanism, and every command that writes without LibreOffice (extract and
diff as DOCX, next-year, lint --fix, seal --write-specimen)."""

from __future__ import annotations

import csv
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.sample_text import SAMPLE_TEXT

import docgen
from docgen.cli import main
from docgen.errors import DataError, ExitCode, OutputError, OutputExistsError, UsageError
from docgen.pipelines import publish as outputs
from docgen.resources import SAMPLE

UNITS = ["办公室", "发展中心", "产业处", "行政审批处", "法规处", "人事处", "财务处"]


def produced(tmp_path: Path, **files: str) -> dict[str, Path]:
    """Finished files in a scratch folder, as a command produces them."""
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    for name, text in files.items():
        (work / name).write_text(text, encoding="utf-8")
    return {name: work / name for name in files}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def full_disk_after(count: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies fail with ENOSPC after ``count`` have succeeded, as on a full disk."""
    real = shutil.copyfile
    done = []

    def copy(source, target, *args, **kwargs):
        if len(done) >= count:
            Path(target).write_bytes(b"\0" * 10)  # a partly written file, as ENOSPC leaves
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        done.append(target)
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(outputs.shutil, "copyfile", copy)


# ── the mechanism ────────────────────────────────────────────────────────────────────────────
def test_a_rerun_replaces_what_docgen_wrote_without_a_flag(tmp_path):
    out = tmp_path / "out"
    outputs.publish(produced(tmp_path, **{"a.docx": "1"}), out)
    second = outputs.publish(produced(tmp_path, **{"a.docx": "2"}), out)
    assert (out / "a.docx").read_text(encoding="utf-8") == "2" and second.backups == []
    assert sorted(p.name for p in out.iterdir()) == [outputs.MANIFEST, "a.docx"]


def test_an_edited_output_is_refused_and_named(tmp_path):
    out = tmp_path / "out"
    outputs.publish(produced(tmp_path, **{"a.docx": "1", "b.pdf": "1"}), out)
    (out / "a.docx").write_text("the clerk's edit", encoding="utf-8")
    with pytest.raises(OutputExistsError) as refused:
        outputs.publish(produced(tmp_path, **{"a.docx": "2", "b.pdf": "2"}), out)
    assert refused.value.exit_code == ExitCode.OUTPUT
    text = refused.value.render()
    assert str(out / "a.docx") in text and "修改过" in text and "--force" in text
    assert str(out / "b.pdf") not in text
    assert (out / "a.docx").read_text(encoding="utf-8") == "the clerk's edit"
    assert (out / "b.pdf").read_text(encoding="utf-8") == "1"  # all or nothing


def test_a_file_docgen_did_not_write_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.docx").write_text("someone's", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="不是 docgen 生成的"):
        outputs.publish(produced(tmp_path, **{"a.docx": "2"}), out)


def test_force_replaces_keeping_a_bak_and_never_overwrites_a_bak(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.docx").write_text("first", encoding="utf-8")
    (out / "a.docx.bak").write_text("older", encoding="utf-8")
    result = outputs.publish(produced(tmp_path, **{"a.docx": "new"}), out, force=True)
    assert result.backups == [out / "a.docx.2.bak"]
    assert (out / "a.docx.2.bak").read_text(encoding="utf-8") == "first"
    assert (out / "a.docx.bak").read_text(encoding="utf-8") == "older"
    assert (out / "a.docx").read_text(encoding="utf-8") == "new"


def test_an_output_equal_to_an_input_is_refused_even_with_force(tmp_path):
    data = tmp_path / "x.yaml"
    data.write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError):
        outputs.publish(produced(tmp_path, **{"x.yaml": "new"}), tmp_path, force=True,
                        inputs=[data])
    assert data.read_text(encoding="utf-8") == "mine"


def test_staging_names_are_unique_per_run_and_hidden(tmp_path, monkeypatch):
    staged: list[Path] = []
    real = shutil.copyfile
    monkeypatch.setattr(outputs.shutil, "copyfile",
                        lambda source, target: staged.append(Path(target)) or real(source, target))
    out = tmp_path / "out"
    for _ in range(4):  # four builds into one folder
        outputs.publish(produced(tmp_path, **{"a.docx": "x", "a.pdf": "x"}), out)
    folders = {path.parent for path in staged}
    assert len(folders) == 4 and all(folder.name.startswith(".") for folder in folders)
    assert sorted(p.name for p in out.iterdir()) == [outputs.MANIFEST, "a.docx", "a.pdf"]


def test_a_full_disk_leaves_the_earlier_files_untouched(tmp_path, monkeypatch):
    out = tmp_path / "out"
    outputs.publish(produced(tmp_path, **{"a.docx": "1", "b.docx": "1", "c.docx": "1"}), out)
    before = snapshot(out)
    full_disk_after(2, monkeypatch)
    with pytest.raises(OutputError) as failed:
        outputs.publish(produced(tmp_path, **{"a.docx": "2", "b.docx": "2", "c.docx": "2"}), out)
    assert failed.value.exit_code == ExitCode.OUTPUT and "未作改动" in failed.value.render()
    assert snapshot(out) == before  # no staging folder, nothing half-written


def test_a_failed_rename_puts_back_what_was_there(tmp_path, monkeypatch):
    out = tmp_path / "out"
    outputs.publish(produced(tmp_path, **{"a.docx": "1", "b.docx": "1"}), out)
    before = snapshot(out)
    real, calls = os.replace, []

    def replace(source, target):
        calls.append(target)
        if Path(target).name == "b.docx" and calls.count(target) == 1:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(source, target)

    monkeypatch.setattr(outputs.os, "replace", replace)
    with pytest.raises(OutputError):
        outputs.publish(produced(tmp_path, **{"a.docx": "2", "b.docx": "2"}), out)
    assert snapshot(out) == before


# ── extract ──────────────────────────────────────────────────────────────────────────────────
def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_extract_for_one_unit_touches_no_other_units_file_and_summarises_the_whole_notice(
        tmp_path):
    out = tmp_path / "units"
    assert run("extract", "--format", "docx", "-o", str(out)).exit_code == 0
    (out / "法规处.pdf").write_bytes(b"%PDF the other format")  # as a full run leaves it
    (out / "汇总.pdf").write_bytes(b"%PDF the summary")
    before = snapshot(out)
    result = run("extract", "--format", "docx", "--unit", "法规处", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "已删除" not in result.output
    after = snapshot(out)
    assert after.keys() == before.keys()
    unchanged = {name for name in after if after[name] == before[name]}
    assert unchanged >= {f"{unit}.docx" for unit in UNITS if unit != "法规处"}
    assert {"法规处.pdf", "汇总.pdf"} <= unchanged
    with (out / "汇总.csv").open(encoding="utf-8-sig") as handle:
        assert [row[0] for row in csv.reader(handle)][1:] == UNITS


def test_extract_on_a_full_disk_leaves_no_partial_folder(tmp_path, monkeypatch):
    out = tmp_path / "units"
    full_disk_after(3, monkeypatch)
    result = run("extract", "--format", "docx", "-o", str(out))
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_extract_on_a_full_disk_leaves_the_earlier_extract_untouched(tmp_path, monkeypatch):
    out = tmp_path / "units"
    assert run("extract", "--format", "docx", "-o", str(out)).exit_code == 0
    before = snapshot(out)
    full_disk_after(3, monkeypatch)
    assert run("extract", "--format", "docx", "-o", str(out)).exit_code == ExitCode.OUTPUT
    assert snapshot(out) == before


def test_a_unit_named_like_the_summary_gets_its_own_file(tmp_path):
    data = tmp_path / "汇总单位.yaml"
    data.write_text(SAMPLE_TEXT.replace("法规处", "汇总"), encoding="utf-8")
    out = tmp_path / "units"
    result = run("extract", str(data), "--format", "docx", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert {"汇总.docx", "汇总-2.docx", "汇总.csv"} <= {p.name for p in out.iterdir()}
    alone = run("extract", str(data), "--format", "docx", "--unit", "汇总", "-o", str(out))
    assert alone.exit_code == 0, alone.output
    assert f"已生成 {out / '汇总-2.docx'}" in alone.output  # the same name as in a full run


def test_extract_refuses_an_edited_task_list_and_force_keeps_it(tmp_path):
    out = tmp_path / "units"
    assert run("extract", "--format", "docx", "-o", str(out)).exit_code == 0
    (out / "人事处.docx").write_bytes(b"edited in Word")
    refused = run("extract", "--format", "docx", "-o", str(out))
    assert refused.exit_code == ExitCode.OUTPUT and "人事处.docx" in refused.stderr
    assert (out / "人事处.docx").read_bytes() == b"edited in Word"
    forced = run("extract", "--format", "docx", "-o", str(out), "--force")
    assert forced.exit_code == 0 and (out / "人事处.docx.bak").read_bytes() == b"edited in Word"


# ── next-year ────────────────────────────────────────────────────────────────────────────────
def test_next_year_refuses_an_existing_target(tmp_path):
    data = Path(shutil.copy(SAMPLE, tmp_path / "分工2022.yaml"))
    first = run("next-year", str(data), "--to-year", "2023")
    assert first.exit_code == 0, first.output
    target = tmp_path / "分工2023.yaml"
    edited = target.read_text(encoding="utf-8").replace("〔2023〕【待定】号", "〔2023〕12号")
    target.write_text(edited, encoding="utf-8")
    again = run("next-year", str(data), "--to-year", "2023")
    assert again.exit_code == ExitCode.OUTPUT
    assert "已生成" not in again.output and str(target) in again.stderr
    assert "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == edited


def test_next_year_force_replaces_keeping_a_bak(tmp_path):
    data = Path(shutil.copy(SAMPLE, tmp_path / "分工2022.yaml"))
    target = tmp_path / "分工2023.yaml"
    target.write_text("# 已填写的明年数据\n", encoding="utf-8")
    result = run("next-year", str(data), "--to-year", "2023", "--force")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "分工2023.yaml.bak").read_text(encoding="utf-8") == "# 已填写的明年数据\n"
    assert "〔2023〕【待定】号" in target.read_text(encoding="utf-8")
    assert "分工2023.yaml.bak" in result.output


def test_next_year_output_equal_to_its_input_is_refused(tmp_path):
    data = Path(shutil.copy(SAMPLE, tmp_path / "分工2022.yaml"))
    for extra in ([], ["--force"]):
        result = run("next-year", str(data), "--to-year", "2023", "-o", str(data), *extra)
        assert result.exit_code == ExitCode.USAGE, result.output
        assert data.read_bytes() == SAMPLE.read_bytes()


# ── diff --format docx ───────────────────────────────────────────────────────────────────────
def test_diff_table_rewrites_its_own_file_refuses_an_edited_one_and_an_input(tmp_path):
    new = tmp_path / "new.yaml"
    new.write_text(SAMPLE_TEXT.replace("〔2022〕46号", "〔2022〕47号"), encoding="utf-8")
    table = tmp_path / "对照表.docx"
    for _ in range(2):
        result = run("diff", str(SAMPLE), str(new), "--format", "docx", "-o", str(table))
        assert result.exit_code == 1 and table.is_file(), result.output
    table.write_bytes(b"edited")
    refused = run("diff", str(SAMPLE), str(new), "--format", "docx", "-o", str(table))
    assert refused.exit_code == ExitCode.OUTPUT and table.read_bytes() == b"edited"
    forced = run("diff", str(SAMPLE), str(new), "--format", "docx", "-o", str(table), "--force")
    assert forced.exit_code == 1 and (tmp_path / "对照表.docx.bak").read_bytes() == b"edited"
    over_input = run("diff", str(SAMPLE), str(new), "--format", "docx", "-o", str(new))
    assert over_input.exit_code == ExitCode.USAGE and "47号" in new.read_text(encoding="utf-8")


# ── seal --write-specimen ────────────────────────────────────────────────────────────────────
def test_write_specimen_refuses_a_file_it_did_not_write(tmp_path):
    target = tmp_path / "样章.png"
    docgen.write_specimen(target)
    docgen.write_specimen(target)  # its own file: replaced without a flag
    target.write_bytes(b"a picture of the clerk's")
    with pytest.raises(OutputExistsError):
        docgen.write_specimen(target)
    assert target.read_bytes() == b"a picture of the clerk's"
    docgen.write_specimen(target, force=True)
    assert (tmp_path / "样章.png.bak").read_bytes() == b"a picture of the clerk's"


# ── lint --fix ───────────────────────────────────────────────────────────────────────────────
def test_lint_fix_refuses_when_the_file_changed_while_it_ran(tmp_path, monkeypatch):
    path = Path(shutil.copy(SAMPLE, tmp_path / "通知.yaml"))
    from docgen.notice import lint as rules

    real = rules.fix

    def fix_while_the_clerk_saves(source):
        result = real(source)
        path.write_text(path.read_text(encoding="utf-8") + "# 刚保存的修改\n", encoding="utf-8")
        return result

    monkeypatch.setattr(rules, "fix", fix_while_the_clerk_saves)
    with pytest.raises(DataError) as refused:
        docgen.lint(path, fix=True)
    assert "改动" in refused.value.render() and str(path) in refused.value.render()
    assert path.read_text(encoding="utf-8").endswith("# 刚保存的修改\n")
    assert [p.name for p in tmp_path.iterdir()] == ["通知.yaml"]


@contextmanager
def unwritable_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder this process cannot write in (as root: with the effective uid of nobody)."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        yield folder
        folder.chmod(0o755)
        return
    folder = Path(tempfile.mkdtemp(dir="/tmp"))  # pytest's own folders are 0700
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        os.seteuid(0)
        shutil.rmtree(folder)


def test_lint_fix_in_a_read_only_folder_is_an_output_error(tmp_path):
    with unwritable_folder(tmp_path) as folder:
        path = Path(shutil.copy(SAMPLE, folder / "通知.yaml"))
        path.chmod(0o644)
        if os.geteuid() == 0:
            os.seteuid(65534)
        else:
            folder.chmod(0o555)
        result = run("lint", str(path), "--fix")
        os.seteuid(0) if os.getuid() == 0 else None
        assert result.exit_code == ExitCode.OUTPUT, result.output
        assert "无法写入" in result.stderr and "Traceback" not in result.output
        assert path.read_bytes() == SAMPLE.read_bytes()
