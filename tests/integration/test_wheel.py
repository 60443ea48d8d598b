"""The wheel as a user installs it: built from the repository, installed (not editable) into a
fresh virtual environment, and used from an empty folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # The build backend comes from the test environment (installed by `make test`), so
    # building needs no network.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(ROOT)], check=True)
    (found,) = out.glob("docgen-*.whl")
    return found


def test_the_wheel_carries_its_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("docgen/resources/redhead.docx",
                   "docgen/resources/sample/jinwenlv-ban-2022-46.yaml",
                   "docgen/resources/sample/examples/three-level-unsealed.yaml",
                   "docgen/libreoffice/fonts.conf", "docgen/standard/gongwen_terms.txt",
                   "docgen/py.typed", "docgen/api.py"):
        assert needed in names
    assert not [name for name in names if "__pycache__" in name or name.startswith("tests/")]
    metadata = next(name for name in names if name.endswith(".dist-info/METADATA"))
    requires = zipfile.ZipFile(wheel).read(metadata).decode()
    for dependency in ("python-docx", "pymupdf", "pyhanko", "click", "openpyxl"):
        assert f"Requires-Dist: {dependency}" in requires
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "docgen = docgen.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_into_a_fresh_venv_it_builds_from_an_empty_folder(
        wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                   check=True)
    # The dependencies come from the test environment rather than the network; docgen
    # itself only from the wheel (the line below is read after the venv's own packages).
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; "
                                "print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "empty"
    work.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}

    def docgen(*args: str) -> str:
        done = subprocess.run([str(venv / "bin" / "docgen"), *args], cwd=work, env=env,
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr
        return done.stdout

    where = subprocess.run([str(python), "-c", "import docgen; print(docgen.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(site))
    assert "已生成" in docgen("build")
    assert (work / "output" / "jinwenlv-ban-2022-46" / "jinwenlv-ban-2022-46.pdf").is_file()
    shutil.copy(ROOT / "data" / "examples" / "three-level-unsealed.yaml", work / "my.yaml")
    docgen("build", "my.yaml")
    assert (work / "output" / "my" / "my.pdf").is_file()
    assert "0 个错误" in docgen("lint")
