"""The desk is closed by default: loopback only, its own Host, no cross-site writes, a token
for any other address, nothing outside its folder."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from docgen.desk.app import create_app
from docgen.desk.guard import CSRF_HEADER
from docgen.desk.server import serve
from docgen.errors import UsageError
from docgen.resources import SAMPLE

NAME = SAMPLE.name


@pytest.fixture
def folder(tmp_path):
    desk = tmp_path / "desk"
    desk.mkdir()
    shutil.copy(SAMPLE, desk / NAME)
    (tmp_path / "outside.yaml").write_text("title: 外\n", encoding="utf-8")
    return desk


def client(folder, **options) -> TestClient:
    return TestClient(create_app(folder, port=8000, **options), base_url="http://127.0.0.1:8000")


def csrf(test_client: TestClient) -> str:
    page = test_client.get("/").text
    return page.split('name="docgen-csrf" content="', 1)[1].split('"', 1)[0]


def test_the_desk_lists_the_folder_and_opens_a_notice(folder):
    desk = client(folder)
    listing = desk.get("/")
    assert listing.status_code == 200 and "晋文旅办发〔2022〕46号" in listing.text
    editor = desk.get(f"/notice/{NAME}")
    assert editor.status_code == 200 and 'data-path=\'["doc_number"]\'' in editor.text


def test_a_foreign_host_header_is_refused(folder):
    response = client(folder).get("/", headers={"Host": "attacker.example"})
    assert response.status_code == 403


def test_a_write_without_the_page_secret_is_refused_and_the_file_kept(folder):
    desk = client(folder)
    before = (folder / NAME).read_bytes()
    version = desk.get(f"/api/notice/{NAME}").json()["version"]
    edit = {"version": version, "edits": [{"op": "set", "path": ["title"], "value": "改"}]}
    assert desk.post(f"/api/notice/{NAME}/edit", json=edit).status_code == 403
    forged = desk.post(f"/api/notice/{NAME}/edit", json=edit,
                       headers={CSRF_HEADER: csrf(desk), "Origin": "http://attacker.example"})
    assert forged.status_code == 403
    assert (folder / NAME).read_bytes() == before


def test_an_edit_with_the_secret_saves_one_line(folder):
    desk = client(folder)
    before = (folder / NAME).read_text(encoding="utf-8")
    version = desk.get(f"/api/notice/{NAME}").json()["version"]
    response = desk.post(f"/api/notice/{NAME}/edit", headers={CSRF_HEADER: csrf(desk)},
                         json={"version": version, "edits": [
                             {"op": "set", "path": ["doc_number"],
                              "value": "晋文旅办发〔2022〕47号"}]})
    assert response.status_code == 200, response.text
    after = (folder / NAME).read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
               if a != b]
    assert len(changed) == 1 and "47号" in changed[0][1]


def test_an_edit_on_a_file_changed_on_disk_is_refused(folder):
    desk = client(folder)
    version = desk.get(f"/api/notice/{NAME}").json()["version"]
    (folder / NAME).write_text((folder / NAME).read_text(encoding="utf-8") + "# 别人加的\n",
                               encoding="utf-8")
    response = desk.post(f"/api/notice/{NAME}/edit", headers={CSRF_HEADER: csrf(desk)},
                         json={"version": version, "edits": [
                             {"op": "set", "path": ["title"], "value": "改"}]})
    assert response.status_code == 409
    assert (folder / NAME).read_text(encoding="utf-8").endswith("# 别人加的\n")


@pytest.mark.parametrize("name", ["..%2Foutside.yaml", "%2E%2E%2Foutside.yaml"])
def test_paths_out_of_the_folder_are_refused(folder, name):
    response = client(folder).get(f"/api/notice/{name}")
    assert response.status_code == 404
    assert "外" not in response.text


def test_another_host_needs_the_token(folder):
    desk = client(folder, token="s3cret")
    assert desk.get("/").status_code == 401
    assert desk.get("/?token=wrong").status_code == 401
    entered = desk.get("/?token=s3cret")
    assert entered.status_code == 200 and "晋文旅办发" in entered.text  # the cookie carries on
    assert desk.get("/").status_code == 200


def test_serve_listens_on_loopback_unless_told(monkeypatch, folder):
    seen = {}
    monkeypatch.setattr("uvicorn.run", lambda app, host, port, **_: seen.update(
        host=host, token=app.state.token))
    serve(folder, port=8001, say=lambda _: None)
    assert seen == {"host": "127.0.0.1", "token": None}
    said = []
    serve(folder, host="0.0.0.0", port=8001, say=said.append)
    assert seen["host"] == "0.0.0.0" and seen["token"] and seen["token"] in said[0]
    with pytest.raises(UsageError):
        serve(folder / "nope", say=lambda _: None)
