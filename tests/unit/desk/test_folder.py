"""The desk touches only its folder, and never overwrites a file changed on disk."""

from __future__ import annotations

import pytest

from docgen.desk.folder import ChangedOnDisk, Folder, OutsideFolder


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "a.yaml").write_text("title: 甲\n", encoding="utf-8")
    (tmp_path / "secret.yaml").write_text("title: 外面\n", encoding="utf-8")
    return Folder(tmp_path / "desk")


@pytest.mark.parametrize("name", ["../secret.yaml", "/etc/passwd", "sub/../../secret.yaml",
                                  "..\\secret.yaml", ""])
def test_names_that_climb_out_are_refused(folder, name):
    with pytest.raises(OutsideFolder):
        folder.read(name)


def test_a_symlink_leading_out_is_refused_and_not_listed(folder):
    (folder.root / "link.yaml").symlink_to(folder.root.parent / "secret.yaml")
    with pytest.raises(OutsideFolder):
        folder.read("link.yaml")
    assert [p.name for p in folder.data_files()] == ["a.yaml"]


def test_a_write_on_a_stale_version_is_refused_and_the_file_kept(folder):
    first = folder.read("a.yaml")
    (folder.root / "a.yaml").write_text("title: 别人改的\n", encoding="utf-8")
    with pytest.raises(ChangedOnDisk):
        folder.write("a.yaml", "title: 我改的\n", expected_version=first.version)
    assert folder.read("a.yaml").text == "title: 别人改的\n"


def test_a_write_on_the_current_version_lands(folder):
    first = folder.read("a.yaml")
    saved = folder.write("a.yaml", "title: 乙\n", expected_version=first.version)
    assert saved.text == "title: 乙\n" and saved.version != first.version


def test_create_never_overwrites(folder):
    with pytest.raises(ChangedOnDisk):
        folder.create("a.yaml", "title: 新\n")
    assert folder.read("a.yaml").text == "title: 甲\n"
