"""The archive: checks before storing, tamper evidence afterwards, crash and race safety.

Every case here works on the real chain: the sample built as PDF/A-2b, sealed, signed with a
throwaway CA (conftest), then added through the CLI.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner
from support.pki import PASSWORD
from support.yaml_files import load_yaml, write_yaml

from docgen.archive.checks import page_texts
from docgen.archive.store import CATALOGUE, CRASH_HOOK, MANIFEST, SIGNED
from docgen.cli import main
from docgen.pdf.seal import seal_pdf
from docgen.pdf.sign import check_signatures, sign_pdf

pytestmark = pytest.mark.libreoffice
DOC_NUMBER = "晋文旅办发〔2022〕46号"
FOLDER = f"{DOC_NUMBER}/v1"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    return result.exit_code, result.output


def add(archive: Path, signed: Path, data: Path, *extra: str) -> tuple[int, str]:
    return run("archive", "add", signed, "--data", data, "--archive", archive, *extra)


@pytest.fixture(scope="module")
def archived(issued, pki, tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = tmp_path_factory.mktemp("archived") / "archive"
    code, output = add(archive, issued.signed, issued.data, "--trust", pki.root_pem)
    assert code == 0, output
    return archive


def copy_archive(archived: Path, tmp_path: Path) -> Path:
    target = tmp_path / "archive"
    shutil.copytree(archived, target)
    return target


# ── the whole chain ──────────────────────────────────────────────────────────────────────────

def test_add_then_verify_passes_and_keeps_everything(archived, issued) -> None:
    entry = archived / FOLDER
    names = {str(p.relative_to(entry)) for p in entry.rglob("*") if p.is_file()}
    assert names == {SIGNED, "数据/jinwenlv-ban-2022-46.yaml", "生成件.docx", "生成件.pdf",
                     "信任证书/1-root.pem", MANIFEST}
    assert (entry / SIGNED).read_bytes() == issued.signed.read_bytes()
    manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["doc_number"] == DOC_NUMBER and manifest["pages"] == 6
    assert manifest["retention"] == "永久" and manifest["signer"] == "测试签发人"
    assert manifest["date"] == "2022-05-20" and manifest["exceptions"] == {}
    assert set(manifest["files"]) == names - {MANIFEST}
    code, output = run("archive", "verify", "--archive", archived)
    assert code == 0, output
    assert "核验 1 个条目：全部完好" in output
    code, output = run("archive", "verify", DOC_NUMBER, "--archive", archived)
    assert code == 0, output


def test_archived_pdf_shows_the_seal_per_7_3_5_1(archived) -> None:
    from support.seal import assert_seal_per_7351

    assert_seal_per_7351(archived / FOLDER / SIGNED)


def test_list_has_a_header_and_local_times(archived) -> None:
    from datetime import datetime

    code, output = run("archive", "list", "--archive", archived)
    header, row = output.splitlines()[:2]
    assert code == 0 and header.split("\t") == [
        "文号", "版本", "成文日期", "标题", "保管期限", "归档时间", "状态"]
    manifest = json.loads((archived / FOLDER / MANIFEST).read_text(encoding="utf-8"))
    local = datetime.fromisoformat(manifest["archived_at"]).astimezone()
    assert local.strftime("%Y-%m-%d %H:%M") in row.split("\t")
    assert "+00:00" not in output and "T" not in row.split("\t")[5]


def test_verify_suggests_the_catalogued_spelling_of_a_doc_number(archived) -> None:
    for typed in ("晋文旅办发[2022]46号", "晋文旅办发【2022】46号", "晋文旅办发（２０２２）46号"):
        code, output = run("archive", "verify", typed, "--archive", archived)
        assert code == 2, output
        assert f"归档中没有 {typed}（是否为“{DOC_NUMBER}”？）" in output
    code, output = run("archive", "verify", "晋文旅办发〔2022〕47号", "--archive", archived)
    assert code == 2 and f"是否为“{DOC_NUMBER}”" in output


def test_list_filters(archived) -> None:
    code, output = run("archive", "list", "--archive", archived)
    assert code == 0 and DOC_NUMBER in output and "共 1 条" in output
    assert "共 1 条" in run("archive", "list", "--year", "2022", "--archive", archived)[1]
    assert "共 0 条" in run("archive", "list", "--year", "2023", "--archive", archived)[1]
    assert "共 1 条" in run("archive", "list", "--unit", "法规处", "--archive", archived)[1]
    assert "共 0 条" in run("archive", "list", "--unit", "不存在处", "--archive", archived)[1]
    assert "共 1 条" in run("archive", "list", "--search", "政务公开", "--archive", archived)[1]
    assert "共 0 条" in run("archive", "list", "--search", "防汛", "--archive", archived)[1]


# ── tampering after archiving ────────────────────────────────────────────────────────────────

ARCHIVED_FILES = [SIGNED, "数据/jinwenlv-ban-2022-46.yaml", "生成件.docx", "生成件.pdf",
                  "信任证书/1-root.pem", MANIFEST]


@pytest.mark.parametrize("name", ARCHIVED_FILES)
def test_one_flipped_byte_in_any_archived_file_is_named(archived, tmp_path: Path,
                                                        name: str) -> None:
    archive = copy_archive(archived, tmp_path)
    path = archive / FOLDER / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.chmod(0o644)
    path.write_bytes(bytes(data))
    code, output = run("archive", "verify", "--all", "--archive", archive)
    assert code == 1, output
    assert f"{FOLDER}/{name}" in output


def test_a_changed_catalogue_row_is_caught(archived, tmp_path: Path) -> None:
    archive = copy_archive(archived, tmp_path)
    with sqlite3.connect(archive / CATALOGUE) as connection:
        connection.execute("UPDATE entries SET retention = '10年'")
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1 and "retention" in output


def test_a_flipped_byte_in_the_catalogue_is_caught(archived, tmp_path: Path) -> None:
    archive = copy_archive(archived, tmp_path)
    path = archive / CATALOGUE
    data = bytearray(path.read_bytes())
    at = data.find("政务公开".encode())
    assert at > 0
    data[at] ^= 0x01  # inside the stored title
    path.write_bytes(bytes(data))
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1, output
    assert CATALOGUE in output or "title" in output


def test_missing_and_extra_files_and_folders(archived, tmp_path: Path) -> None:
    archive = copy_archive(archived, tmp_path)
    (archive / FOLDER / "生成件.docx").unlink()
    (archive / FOLDER / "附加.txt").write_text("x", encoding="utf-8")
    (archive / "某文号" / "v1").mkdir(parents=True)
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1
    assert f"{FOLDER}/生成件.docx：缺失" in output
    assert f"{FOLDER}/附加.txt：多余" in output
    assert "某文号：磁盘上有，目录中没有" in output
    shutil.rmtree(archive / FOLDER)
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1 and f"{FOLDER}：目录中有此条目，磁盘上没有" in output


def test_a_planted_folder_with_a_consistent_manifest_is_not_adopted(archived,
                                                                     tmp_path: Path) -> None:
    archive = copy_archive(archived, tmp_path)
    planted = archive / DOC_NUMBER / "v9"
    shutil.copytree(archive / FOLDER, planted)
    manifest = json.loads((planted / MANIFEST).read_text(encoding="utf-8"))
    manifest["folder"] = f"{DOC_NUMBER}/v9"
    (planted / MANIFEST).chmod(0o644)
    (planted / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1 and f"{DOC_NUMBER}/v9：磁盘上有，目录中没有" in output
    assert "共 1 条" in run("archive", "list", "--archive", archive)[1]


# ── what add refuses ─────────────────────────────────────────────────────────────────────────

def _incremental(source: Path, target: Path, change) -> Path:
    shutil.copy(source, target)
    with pymupdf.open(target) as document:
        change(document)
        document.saveIncr()
    return target


def _add_text(document: pymupdf.Document) -> None:
    document[0].insert_text((100, 100), "追加的文字", fontname="china-s")


def _change_info(document: pymupdf.Document) -> None:
    document.set_metadata({**document.metadata, "title": "改过的标题"})


def _add_annotation(document: pymupdf.Document) -> None:
    document[0].add_text_annot((100, 100), "批注")


@pytest.fixture(scope="module")
def tampered(issued, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tampered")
    files = {name: _incremental(issued.signed, folder / f"{name}.pdf", change)
             for name, change in (("text", _add_text), ("info", _change_info),
                                  ("annotation", _add_annotation))}
    trailing = folder / "trailing.pdf"
    trailing.write_bytes(issued.signed.read_bytes() + b"\n%% appended after signing\n")
    files["trailing"] = trailing
    return files


@pytest.mark.parametrize("case", ["text", "info", "annotation", "trailing"])
def test_changes_after_signing_are_flagged(tampered, pki, case: str) -> None:
    report = check_signatures(tampered[case], [pki.root_pem])
    (check,) = report.signatures
    assert check.intact and not check.covers_file
    assert any(problem.startswith("最后一个签名之后") for problem in report.problems)


def test_changed_after_signing_is_refused_then_accepted_with_a_reason(
        tampered, issued, pki, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    code, output = add(archive, tampered["annotation"], issued.data, "--trust", pki.root_pem)
    assert code == 3, output
    assert "最后一个签名之后文件又被改动" in output and "--accept-modified" in output
    assert not (archive / DOC_NUMBER).exists()
    code, output = add(archive, tampered["trailing"], issued.data, "--trust", pki.root_pem,
                       "--accept-modified")
    assert code == 2 and "--reason" in output  # a reason is required
    code, output = add(archive, tampered["annotation"], issued.data, "--trust", pki.root_pem,
                       "--accept-modified", "--reason", "收文单位加了批注")
    assert code == 0, output
    manifest = json.loads((archive / FOLDER / MANIFEST).read_text(encoding="utf-8"))
    assert "收文单位加了批注" in manifest["exceptions"]["accepted_modified"]
    assert "签名后有改动" in run("archive", "list", "--archive", archive)[1]
    assert run("archive", "verify", "--archive", archive)[0] == 0


def test_untrusted_signer_is_refused_unless_accepted(issued, pki, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    code, output = add(archive, issued.signed, issued.data, "--trust", pki.other_root_pem)
    assert code == 3 and "不在信任的证书之内" in output
    code, output = add(archive, issued.signed, issued.data, "--accept-untrusted")
    assert code == 0, output
    manifest = json.loads((archive / FOLDER / MANIFEST).read_text(encoding="utf-8"))
    assert "测试签发人" in manifest["exceptions"]["accepted_untrusted"]
    assert run("archive", "verify", "--archive", archive)[0] == 0


def test_trust_anchor_from_the_archive_settings(issued, pki, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(pki.root_pem, archive / "root.pem")
    (archive / "settings.toml").write_text('trust = ["root.pem"]\nretention = "30年"\n',
                                           encoding="utf-8")
    code, output = add(archive, issued.signed, issued.data)
    assert code == 0, output
    assert "保管期限：30年" in output


def test_the_signed_pdf_of_different_data_is_refused(issued, pki, tmp_path: Path) -> None:
    data = load_yaml(issued.data)
    data["body"][0] = data["body"][0].replace("结合我厅工作实际", "结合本单位工作实际")
    other = write_yaml(data, tmp_path / "other.yaml")
    archive = tmp_path / "archive"
    code, output = add(archive, issued.signed, other, "--trust", pki.root_pem)
    assert code == 3, output
    assert "文字与数据" in output and "不一致" in output and "我厅" in output
    assert not (archive / DOC_NUMBER).exists()


def test_same_doc_number_twice_is_refused_and_supersede_keeps_both(
        archived, issued, pki, tmp_path: Path) -> None:
    archive = copy_archive(archived, tmp_path)
    before = (archive / FOLDER / MANIFEST).read_bytes()
    code, output = add(archive, issued.signed, issued.data, "--trust", pki.root_pem)
    assert code == 3 and "不会被覆盖" in output and "--supersede" in output
    assert (archive / FOLDER / MANIFEST).read_bytes() == before
    code, output = add(archive, issued.signed, issued.data, "--trust", pki.root_pem,
                       "--supersede", "--reason", "更正附件")
    assert code == 0, output
    second = json.loads((archive / DOC_NUMBER / "v2" / MANIFEST).read_text(encoding="utf-8"))
    assert second["supersedes"] == FOLDER and second["reason"] == "更正附件"
    assert (archive / FOLDER / MANIFEST).read_bytes() == before
    listing = run("archive", "list", "--archive", archive)[1]
    assert f"已被 {DOC_NUMBER}/v2 取代" in listing and "共 2 条" in listing
    assert run("archive", "verify", "--archive", archive)[0] == 0


def test_scanned_pdf_needs_the_flag(issued, pki, tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    with pymupdf.open(issued.signed) as document, pymupdf.open() as image_only:
        for page in document:
            pixmap = page.get_pixmap(dpi=50)
            new = image_only.new_page(width=page.rect.width, height=page.rect.height)
            new.insert_image(new.rect, pixmap=pixmap)
        image_only.save(tmp_path / "scan-unsigned.pdf")
    sign_pdf(tmp_path / "scan-unsigned.pdf", scan, pki.p12, PASSWORD.encode())
    assert not any(page_texts(scan))
    archive = tmp_path / "archive"
    code, output = add(archive, scan, issued.data, "--trust", pki.root_pem)
    assert code == 3 and "没有文字层" in output
    code, output = add(archive, scan, issued.data, "--trust", pki.root_pem, "--scanned")
    assert code == 0, output
    assert "扫描件" in run("archive", "list", "--archive", archive)[1]


def test_not_a_pdf_is_refused(issued, tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"this is not a pdf")
    code, output = add(tmp_path / "archive", fake, issued.data)
    assert code == 3 and "不是可读的 PDF" in output


# ── races and crashes ────────────────────────────────────────────────────────────────────────

def _docgen(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "docgen", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def second_notice(issued, pki, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Another issued notice (文号 47号), for two adds at once."""
    from docgen.pipelines.build import build

    folder = tmp_path_factory.mktemp("second")
    data = load_yaml(issued.data)
    data["doc_number"] = data["doc_number"].replace("46号", "47号")
    yaml_path = write_yaml(data, folder / "notice-47.yaml")
    built = build(yaml_path, folder / "out", ("pdf",), pdfa=True)
    seal_pdf(built.files[0], folder / "sealed.pdf", issued.seal_image)
    sign_pdf(folder / "sealed.pdf", folder / "signed.pdf", pki.p12, PASSWORD.encode())
    return folder / "signed.pdf", yaml_path


def test_two_adds_at_once_are_both_intact(issued, second_notice, pki, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    signed, data = second_notice
    first = _docgen("archive", "add", issued.signed, "--data", issued.data,
                    "--archive", archive, "--trust", pki.root_pem)
    second = _docgen("archive", "add", signed, "--data", data, "--archive", archive,
                     "--trust", pki.root_pem)
    for process in (first, second):
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, out + err
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 0 and "核验 2 个条目" in output, output


def test_the_same_doc_number_twice_at_once_stores_one(issued, pki, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    processes = [_docgen("archive", "add", issued.signed, "--data", issued.data,
                         "--archive", archive, "--trust", pki.root_pem) for _ in range(2)]
    results = [(process.wait(timeout=300), process.communicate()) for process in processes]
    assert sorted(code for code, _ in results) == [0, 3], results
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 0 and "核验 1 个条目" in output


@pytest.mark.parametrize("point,stored", [("copied", False), ("staged", False),
                                          ("intended", False), ("folder-made", False),
                                          ("renamed", True), ("catalogued", True)])
def test_killed_during_add_leaves_a_consistent_archive(archived, second_notice, pki,
                                                       tmp_path: Path, point: str,
                                                       stored: bool) -> None:
    archive = copy_archive(archived, tmp_path)  # one entry already there
    signed, data = second_notice
    process = _docgen("archive", "add", signed, "--data", data, "--archive", archive,
                      "--trust", pki.root_pem, env={CRASH_HOOK: point})
    out, err = process.communicate(timeout=300)
    assert process.returncode == -9, out + err  # SIGKILL at the checkpoint
    code, output = run("archive", "verify", "--archive", archive)  # reports, writes nothing
    if point != "catalogued":
        assert code == 1 and "上次归档中断" in output and "--repair" in output, output
        assert "多余" not in output, output
    code, output = run("archive", "verify", "--repair", "--archive", archive)
    assert code == 0, output
    assert not list(archive.glob(".staging-*"))
    listing = run("archive", "list", "--archive", archive)[1]
    assert ("晋文旅办发〔2022〕47号" in listing) == stored
    assert DOC_NUMBER in listing
    if point == "intended":  # the interrupted add can simply be run again
        code, output = add(archive, signed, data, "--trust", pki.root_pem)
        assert code == 0, output
        assert run("archive", "verify", "--archive", archive)[0] == 0


# ── inputs that change under the archive, time, and tampering with the record ─────────────

def test_what_is_checked_is_what_is_stored(issued, pki, tmp_path: Path, monkeypatch) -> None:
    """The signed PDF and the data are swapped while the notice builds: the entry still holds
    the files that were checked."""
    import docgen.archive.accession as adding
    from docgen.archive.accession import AddRequest
    from docgen.archive.accession import add as archive_add

    signed = shutil.copy(issued.signed, tmp_path / "signed.pdf")
    data = shutil.copy(issued.data, tmp_path / "data.yaml")
    real_build = adding.build

    def build_then_swap(*args, **kwargs):
        result = real_build(*args, **kwargs)
        Path(signed).write_bytes(b"%PDF-1.7 swapped")
        Path(data).write_text("swapped: true\n", encoding="utf-8")
        return result

    monkeypatch.setattr(adding, "build", build_then_swap)
    archive = tmp_path / "archive"
    archive_add(archive, AddRequest(Path(signed), Path(data), trust=(pki.root_pem,)))
    entry = archive / FOLDER
    assert (entry / SIGNED).read_bytes() == issued.signed.read_bytes()
    assert (entry / "数据" / "data.yaml").read_bytes() == issued.data.read_bytes()
    assert run("archive", "verify", "--archive", archive)[0] == 0


def test_an_expired_certificate_does_not_fail_an_entry_archived_in_time(
        issued, tmp_path: Path) -> None:
    import time
    from datetime import timedelta

    from support.pki import make_pki

    short = make_pki(tmp_path / "pki", lifetime=timedelta(seconds=25))  # add takes ~4 s
    signed = tmp_path / "signed.pdf"
    sign_pdf(issued.sealed, signed, short.p12, PASSWORD.encode())
    archive = tmp_path / "archive"
    code, output = add(archive, signed, issued.data, "--trust", short.root_pem)
    assert code == 0, output
    expiry = x509_not_after(short.p12)
    time.sleep(max(0.0, (expiry - now_utc()).total_seconds()) + 1.5)
    report = check_signatures(signed, [short.root_pem])  # as of now: expired
    assert report.untrusted and "有效期" in report.untrusted[0]
    code, output = run("archive", "verify", "--archive", archive)  # as of archiving: sound
    assert code == 0, output
    code, output = add(tmp_path / "later", signed, issued.data, "--trust", short.root_pem)
    assert code == 3 and "有效期" in output


def x509_not_after(p12: Path):
    from cryptography.hazmat.primitives.serialization import pkcs12

    _, certificate, _ = pkcs12.load_key_and_certificates(p12.read_bytes(), PASSWORD.encode())
    return certificate.not_valid_after_utc


def now_utc():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_the_chain_catches_removed_and_rewritten_rows(archived, issued, pki,
                                                      tmp_path: Path) -> None:
    archive = copy_archive(archived, tmp_path)
    code, output = add(archive, issued.signed, issued.data, "--trust", pki.root_pem,
                       "--supersede", "--reason", "更正")
    assert code == 0, output
    first_head = run("archive", "verify", "--archive", archive)[1]
    head = next(line for line in first_head.splitlines() if line.startswith("目录链")).split()[-1]
    # Remove the newest version completely: folder, row and the old row's link.
    shutil.rmtree(archive / DOC_NUMBER / "v2")
    with sqlite3.connect(archive / CATALOGUE) as connection:
        connection.execute("DELETE FROM entries WHERE version = 2")
        connection.execute("UPDATE entries SET superseded_by = NULL")
    assert run("archive", "verify", "--archive", archive)[0] == 0  # only the head tells
    code, output = run("archive", "verify", "--head", head, "--archive", archive)
    assert code == 1 and "目录链上没有" in output
    # Removing a row in the middle breaks the chain without any head.
    middle = copy_archive(archived, tmp_path / "middle")
    add(middle, issued.signed, issued.data, "--trust", pki.root_pem, "--supersede",
        "--reason", "二")
    with sqlite3.connect(middle / CATALOGUE) as connection:
        connection.execute("DELETE FROM entries WHERE version = 1")
    code, output = run("archive", "verify", "--archive", middle)
    assert code == 1 and "目录缺少第 1 条记录" in output


def test_stray_files_anywhere_in_the_archive_are_reported(archived, tmp_path: Path) -> None:
    archive = copy_archive(archived, tmp_path)
    (archive / "说明.txt").write_text("x", encoding="utf-8")
    (archive / DOC_NUMBER / "旁注.txt").write_text("x", encoding="utf-8")
    (archive / ".hidden").mkdir()
    (archive / ".hidden" / "x").write_text("x", encoding="utf-8")
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1
    for stray in ("说明.txt", f"{DOC_NUMBER}/旁注.txt", ".hidden"):
        assert f"{stray}：磁盘上有，目录中没有" in output, output


def test_a_mangled_manifest_or_catalogue_is_reported_not_raised(archived,
                                                                tmp_path: Path) -> None:
    archive = copy_archive(archived, tmp_path)
    manifest = archive / FOLDER / MANIFEST
    manifest.chmod(0o644)
    manifest.write_text("[]", encoding="utf-8")
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1 and f"{FOLDER}/{MANIFEST}：不是 docgen 归档清单" in output
    broken = copy_archive(archived, tmp_path / "b")
    with sqlite3.connect(broken / CATALOGUE) as connection:
        connection.execute("UPDATE entries SET units = '{'")
    code, output = run("archive", "verify", "--archive", broken)
    assert code == 1 and "记录已损坏" in output
    code, output = run("archive", "list", "--archive", broken)
    assert code == 3 and "记录已损坏" in output


def test_data_with_extends_is_archived_with_its_layout(issued, pki, tmp_path: Path,
                                                       monkeypatch) -> None:
    monkeypatch.setenv("DOCGEN_EXTENDS_PATH", str(tmp_path))  # the base sits above the data
    (tmp_path / "年度").mkdir()
    base = write_yaml(load_yaml(issued.data), tmp_path / "base.yaml")
    notice = tmp_path / "年度" / "notice.yaml"
    notice.write_text("extends: ../base.yaml\n", encoding="utf-8")
    (tmp_path / "1-notice.yaml").write_text("x: 1\n", encoding="utf-8")  # a decoy name
    archive = tmp_path / "archive"
    code, output = add(archive, issued.signed, notice, "--trust", pki.root_pem)
    assert code == 0, output
    stored = archive / FOLDER / "数据"
    assert (stored / "年度" / "notice.yaml").read_bytes() == notice.read_bytes()
    assert (stored / "base.yaml").read_bytes() == base.read_bytes()
    from docgen.notice.extends import load_file

    assert load_file(stored / "年度" / "notice.yaml").data == load_file(notice).data
    manifest = json.loads((archive / FOLDER / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["data_file"] == "数据/年度/notice.yaml" and manifest["pdfa"] is True


def test_two_doc_numbers_that_sanitise_alike_get_two_folders() -> None:
    from docgen.archive.accession import _folder_stem
    from docgen.archive.catalogue import Entry

    taken = Entry(folder="甲_1号/v1", doc_number="甲/1号", version=1, title="", issuer="",
                  date="2022-01-01", year=2022, pages=1, note="", retention="", signer="",
                  signed_at="", archived_at="")
    assert _folder_stem("甲:1号", [taken]).startswith("甲_1号-")
    assert _folder_stem("甲/1号", [taken]) == "甲_1号"


def test_sign_errors_are_messages(issued, pki, tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"not a pdf at all")
    code, output = run("sign", fake, "--p12", pki.p12, "--password-file", pki.password_file,
                       "--visible")
    assert code == 3 and "无法" in output
    odd = tmp_path / "gbk-password.txt"
    odd.write_bytes("口令".encode("gbk") + b"\n")
    code, output = run("sign", issued.sealed, "--p12", pki.p12, "--password-file", odd)
    assert code == 3 and "口令不对" in output


@pytest.mark.parametrize("field,value", [
    ("pages", 1e400), ("note", {"a": [[[[[]]]]]}), ("archived_at", "2020-01-01T00:00:00")])
def test_a_manifest_with_odd_values_is_reported(archived, tmp_path: Path, field: str,
                                                value: object) -> None:
    archive = copy_archive(archived, tmp_path)
    manifest_path = archive / FOLDER / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest[field] = value
    manifest_path.chmod(0o644)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1 and f"{FOLDER}/{MANIFEST}：" in output, output


def test_deep_or_long_manifests_are_reported(archived, tmp_path: Path) -> None:
    archive = copy_archive(archived, tmp_path)
    manifest_path = archive / FOLDER / MANIFEST
    manifest_path.chmod(0o644)
    manifest_path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1 and "无法读取" in output
    manifest = json.loads((archived / FOLDER / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["x" * 300] = {"sha256": "0" * 64}
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1 and "文件清单格式不对" in output


@pytest.mark.parametrize("update", ["folder = NULL", "seq = 'x'", "folder = '../x/v1'",
                                    "archived_at = 'x'"])
def test_odd_catalogue_rows_are_reported(archived, tmp_path: Path, update: str) -> None:
    archive = copy_archive(archived, tmp_path)
    with sqlite3.connect(archive / CATALOGUE) as connection:
        connection.execute(f"UPDATE entries SET {update}")
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1, output
    assert "Traceback" not in output


def test_a_catalogue_of_another_layout_is_refused_clearly(archived, issued, pki,
                                                          tmp_path: Path) -> None:
    archive = copy_archive(archived, tmp_path)
    with sqlite3.connect(archive / CATALOGUE) as connection:
        connection.execute("PRAGMA user_version = 7")
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1 and "格式版本为 7" in output
    code, output = run("archive", "list", "--archive", archive)
    assert code == 3 and "格式版本为 7" in output


def test_links_and_folders_inside_an_entry_are_reported(archived, tmp_path: Path) -> None:
    archive = copy_archive(archived, tmp_path)
    entry = archive / FOLDER
    (entry / "隐藏").mkdir()
    (entry / "数据" / "etc").symlink_to("/etc")
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1
    assert f"{FOLDER}/隐藏：多余" in output and f"{FOLDER}/数据/etc：多余" in output
    signed = entry / SIGNED
    real = tmp_path / "real.pdf"
    shutil.copy(signed, real)
    signed.unlink()
    signed.symlink_to(real)
    code, output = run("archive", "verify", "--archive", archive)
    assert f"{FOLDER}/{SIGNED}：是符号链接" in output


def test_verify_reports_an_entry_folder_replaced_by_a_symlink(archived, tmp_path: Path) -> None:
    archive = copy_archive(archived, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (archive / DOC_NUMBER).rename(elsewhere)
    (archive / DOC_NUMBER).symlink_to(elsewhere)
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1, output
    assert f"{DOC_NUMBER}：是符号链接" in output and "全部完好" not in output
    shutil.rmtree(archive / DOC_NUMBER, ignore_errors=True)
    (archive / DOC_NUMBER).unlink()
    (archive / DOC_NUMBER).mkdir()
    (archive / FOLDER).symlink_to(elsewhere / "v1")
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1 and f"{FOLDER}：是符号链接" in output, output


def test_verify_writes_nothing(archived, tmp_path: Path) -> None:
    archive = copy_archive(archived, tmp_path)
    (archive / ".lock").unlink(missing_ok=True)
    before = {p: p.stat().st_mtime_ns for p in archive.rglob("*")}
    assert run("archive", "verify", "--archive", archive)[0] == 0
    assert {p: p.stat().st_mtime_ns for p in archive.rglob("*")} == before
    (archive / CATALOGUE).write_bytes(b"")  # a 0-byte catalogue is reported, not filled in
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1 and "0 字节" in output
    assert (archive / CATALOGUE).stat().st_size == 0
    (archive / CATALOGUE).unlink()
    code, output = run("archive", "verify", "--archive", archive)
    assert code == 1 and "没有归档目录" in output
    assert not (archive / CATALOGUE).exists()


def test_verify_against_anchors_kept_outside(archived, pki) -> None:
    code, output = run("archive", "verify", "--trust", pki.root_pem, "--archive", archived)
    assert code == 0, output
    code, output = run("archive", "verify", "--trust", pki.other_root_pem,
                       "--archive", archived)
    assert code == 1 and "不在信任的证书之内" in output


def test_a_second_signature_gets_its_own_field(issued, pki, tmp_path: Path) -> None:
    twice = tmp_path / "twice.pdf"
    sign_pdf(issued.signed, twice, pki.p12, PASSWORD.encode(), "会签")
    report = check_signatures(twice, [pki.root_pem])
    assert [check.field for check in report.signatures] == ["docgen签名", "docgen签名2"]
    assert report.problems == [] and all(check.sound for check in report.signatures)


# ── any mangling is a reported problem, never a traceback ────────────────────────────────────

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=20), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))
MANIFEST_KEYS = ["folder", "doc_number", "version", "title", "issuer", "date", "pages", "note",
                 "retention", "signer", "signed_at", "archived_at", "units", "exceptions",
                 "supersedes", "reason", "files", "format"]
ROW_COLUMNS = ["folder", "doc_number", "version", "date", "year", "pages", "units",
               "exceptions", "supersedes", "manifest_sha256", "seq", "chain", "archived_at"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(MANIFEST_KEYS), value=ODD_VALUES)
def test_any_manifest_value_is_reported_not_raised(archived, tmp_path_factory, key: str,
                                                   value: object) -> None:
    from docgen.archive.audit import verify

    archive = copy_archive(archived, tmp_path_factory.mktemp("m"))
    path = archive / FOLDER / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest[key] = value
    path.chmod(0o644)
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert verify(archive).problems  # the manifest no longer matches the catalogue


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(column=st.sampled_from(ROW_COLUMNS),
       value=st.one_of(st.none(), st.integers(-2**63, 2**63 - 1), st.floats(allow_nan=False),
                       st.text(max_size=20)))
def test_any_catalogue_value_is_reported_not_raised(archived, tmp_path_factory, column: str,
                                                    value: object) -> None:
    from docgen.archive.audit import verify

    archive = copy_archive(archived, tmp_path_factory.mktemp("c"))
    with sqlite3.connect(archive / CATALOGUE) as connection:
        before = connection.execute(f"SELECT {column} FROM entries").fetchone()[0]
        try:
            connection.execute(f"UPDATE entries SET {column} = ?", (value,))
        except sqlite3.IntegrityError:
            return  # NOT NULL / UNIQUE: SQLite itself refuses the change
    report = verify(archive)
    assert report.problems or value == before
