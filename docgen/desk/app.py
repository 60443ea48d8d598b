"""The desk's web app: pages for the notices of one folder and a JSON API the page script
calls. Built on FastAPI (routing, request parsing, a test client) with Jinja templates that
escape everything; the data is only ever passed to a template as values, never as one.

Safe by default: served on 127.0.0.1; the Host header must name the server (a web page
elsewhere cannot reach it by DNS rebinding); on any other address every request needs the
token printed at start; every request that changes something must carry the page's secret
header and come from the desk's own origin (no cross-site requests); names stay inside the
folder (desk.folder).
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    Response,
)
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from docgen.desk import views
from docgen.desk.editing import Edit, apply
from docgen.desk.folder import ChangedOnDisk, Folder, OutsideFolder
from docgen.desk.guard import allowed_hosts, refusal
from docgen.desk.jobs import Jobs
from docgen.desk.preview import Previewer
from docgen.errors import DataError, DocgenError

HERE = Path(__file__).parent
IMPORTS = "导入"  # uploaded files to import, kept beside the data made from them


def create_app(root: Path, *, host: str = "127.0.0.1", port: int = 8000,
               token: str | None = None) -> FastAPI:
    """The desk over ``root``; ``token`` is required on every request when given (it must be
    for any host other than loopback)."""
    app = FastAPI(title="docgen 工作台", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.folder = Folder(root)
    app.state.csrf = secrets.token_urlsafe(24)
    app.state.token = token
    app.state.hosts = allowed_hosts(host, port)
    app.state.previewer = None
    app.state.jobs = Jobs(root)
    templates = Jinja2Templates(directory=HERE / "templates")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def guard(request: Request, call_next):
        refused = refusal(request)
        if refused is not None:
            return refused
        return await call_next(request)

    def page(request: Request, template: str, **values: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, template,
                                          {"csrf": app.state.csrf, **values})

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> HTMLResponse:
        return page(request, "index.html", notices=views.listing(app.state.folder),
                    folder=str(app.state.folder.root.name))

    @app.get("/notice/{name}", response_class=HTMLResponse)
    def editor(request: Request, name: str) -> HTMLResponse:
        snapshot = _read(app.state.folder, name)
        state = views.editor_state(snapshot)
        others = [path.name for path in app.state.folder.data_files() if path.name != name]
        return page(request, "editor.html", name=name, others=others, **state)

    @app.get("/api/notice/{name}")
    def notice_state(name: str) -> dict[str, Any]:
        snapshot = _read(app.state.folder, name)
        state = views.editor_state(snapshot)
        return {"version": state["version"], "findings": state["findings"]}

    @app.post("/api/notice/{name}/edit")
    async def edit(request: Request, name: str) -> JSONResponse:
        body = await request.json()
        folder: Folder = app.state.folder
        snapshot = _read(folder, name)
        if body.get("version") != snapshot.version:
            return _conflict(name)
        try:
            edits = [Edit(e["op"], tuple(e["path"]), e.get("value"), int(e.get("by", 0)))
                     for e in body.get("edits", [])]
            text = apply(snapshot.text, edits, name)
            saved = folder.write(name, text, expected_version=snapshot.version)
        except ChangedOnDisk:
            return _conflict(name)
        except (KeyError, TypeError, ValueError) as error:
            raise HTTPException(400, f"请求格式有误：{error}") from error
        except DataError as error:
            return JSONResponse({"error": error.render()}, status_code=422)
        state = views.editor_state(saved)
        return JSONResponse({"version": saved.version, "findings": state["findings"]})

    @app.post("/api/new")
    async def new_notice(request: Request) -> JSONResponse:
        from docgen.filenames import safe_file_stem
        from docgen.resources import SAMPLE

        body = await request.json()
        stem = safe_file_stem(str(body.get("name") or "新通知"))
        try:
            created = app.state.folder.create(f"{stem}.yaml",
                                              SAMPLE.read_text(encoding="utf-8"))
        except (ChangedOnDisk, OutsideFolder) as error:
            return JSONResponse({"error": error.render()}, status_code=409)
        return JSONResponse({"name": created.name, "url": f"/notice/{created.name}"})

    @app.get("/api/notice/{name}/preview")
    def preview(name: str, checked: bool = False) -> dict[str, Any]:
        folder: Folder = app.state.folder
        snapshot = _read(folder, name)
        if app.state.previewer is None:
            app.state.previewer = Previewer()
        pages = app.state.previewer.pages(name, folder.path(name), snapshot.version,
                                          snapshot.text)
        if checked and not pages.error:
            pages = app.state.previewer.checked(name, pages.version) or pages
        kind = "checked" if checked and pages.checked is not None else "page"
        count = len(pages.checked if kind == "checked" else pages.images)
        return {"version": pages.version, "error": pages.error, "findings": pages.findings,
                "pages": [f"/preview/{name}/{pages.version}/{kind}-{n + 1}.png"
                          for n in range(count)]}

    @app.get("/preview/{name}/{version}/{image}")
    def preview_image(name: str, version: str, image: str) -> Response:
        previewer = app.state.previewer
        pages = previewer.latest(name, version) if previewer is not None else None
        kind, _, number = image.removesuffix(".png").rpartition("-")
        if pages is None or not number.isdigit():
            raise HTTPException(404, "预览已更新，请刷新")
        images = pages.checked if kind == "checked" else pages.images
        index = int(number) - 1
        if not images or not 0 <= index < len(images):
            raise HTTPException(404, "没有这一页")
        return Response(images[index], media_type="image/png",
                        headers={"Cache-Control": "no-store"})

    @app.post("/api/notice/{name}/jobs")
    async def start_job(request: Request, name: str) -> JSONResponse:
        body = await request.json()
        _read(app.state.folder, name)
        try:
            job = app.state.jobs.start(str(body.get("action")), app.state.folder.path(name),
                                       body)
        except ValueError as error:
            raise HTTPException(400, str(error)) from error
        return JSONResponse(job.view())

    @app.post("/api/import")
    async def import_upload(request: Request) -> JSONResponse:
        """A notice or 分工表 the office already has (Word, WPS, Excel, PDF) → a new data file
        in the folder, to review and open; the upload is kept under 导入/."""
        from fastapi.concurrency import run_in_threadpool

        from docgen import api
        from docgen.desk.uploads import (
            IMPORT_SUFFIXES,
            UploadRefused,
            file_chunks,
            free_name,
            store,
        )

        form = await request.form(max_files=1)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            return JSONResponse({"error": "没有收到文件"}, status_code=400)
        root = app.state.folder.root
        try:
            stored = await store(file_chunks(upload), upload.filename or "", root / IMPORTS,
                                 IMPORT_SUFFIXES)
        except UploadRefused as error:
            return JSONResponse({"error": error.render()}, status_code=400)
        target = free_name(root, stored.stem, ".yaml")
        try:
            result = await run_in_threadpool(api.import_file, stored, output=target)
        except DocgenError as error:
            return JSONResponse({"error": error.render()}, status_code=422)
        return JSONResponse({
            "name": result.target.name, "url": f"/notice/{result.target.name}",
            "marks": [str(mark) for mark in result.marks],
            "unplaced": len(result.unplaced)})

    @app.post("/api/notice/{name}/sign")
    async def sign_with_key(request: Request, name: str) -> JSONResponse:
        """Sign with a certificate uploaded for this one job: kept in a private temporary
        folder and removed when the job ends; never in the desk's folder."""
        from docgen.desk.uploads import MAX_KEY_BYTES, UploadRefused, file_chunks, store
        from docgen.tempdirs import private_folder

        notice = app.state.folder.path(name)
        _read(app.state.folder, name)
        form = await request.form(max_files=1)
        key = form.get("p12")
        if key is None or isinstance(key, str):
            return JSONResponse({"error": "请选择签名证书（.p12 / .pfx）"}, status_code=400)
        folder = private_folder("deskkey")
        try:
            stored = await store(file_chunks(key), key.filename or "证书.p12", folder,
                                 (".p12", ".pfx"), limit=MAX_KEY_BYTES)
        except UploadRefused as error:
            shutil.rmtree(folder, ignore_errors=True)
            return JSONResponse({"error": error.render()}, status_code=400)
        job = app.state.jobs.start("sign", notice, {"p12": str(stored),
                                                    "password": str(form.get("password") or "")})
        return JSONResponse(job.view())

    @app.get("/archive", response_class=HTMLResponse)
    def archive_page(request: Request, q: str = "") -> HTMLResponse:
        from docgen import api
        from docgen.desk.jobs import ARCHIVE

        archive = app.state.folder.root / ARCHIVE
        entries, problem = [], ""
        if archive.exists():
            try:
                entries = api.archive_list(archive, search=q or None)
            except DocgenError as error:
                problem = error.render()
        return page(request, "archive.html", entries=entries, q=q, problem=problem)

    @app.post("/api/notice/{name}/returns")
    async def receive_returns(request: Request, name: str) -> JSONResponse:
        """The units' filled-in workbooks and task lists, kept under 收回/<notice>/."""
        from docgen.desk.jobs import RETURNS
        from docgen.desk.uploads import (
            MAX_FILES,
            RETURN_SUFFIXES,
            UploadRefused,
            file_chunks,
            store,
        )

        notice = app.state.folder.path(name)
        _read(app.state.folder, name)
        form = await request.form(max_files=MAX_FILES)
        stored, refused = [], []
        for upload in form.getlist("files"):
            if isinstance(upload, str):
                continue
            try:
                path = await store(file_chunks(upload), upload.filename or "",
                                   app.state.folder.root / RETURNS / notice.stem, RETURN_SUFFIXES)
                stored.append(path.name)
            except UploadRefused as error:
                refused.append(error.message)
        return JSONResponse({"stored": stored, "refused": refused},
                            status_code=200 if stored or not refused else 400)

    @app.get("/api/jobs/{job_id}")
    def job_state(job_id: str) -> dict[str, Any]:
        job = app.state.jobs.get(job_id)
        if job is None:
            raise HTTPException(404, "没有这项任务")
        return job.view()

    @app.get("/files/{relative:path}")
    def download(relative: str) -> FileResponse:
        path = app.state.folder.path(relative)
        if not path.is_file():
            raise HTTPException(404, f"没有文件“{relative}”")
        return FileResponse(path, filename=path.name)

    @app.exception_handler(OutsideFolder)
    def outside(_: Request, error: OutsideFolder) -> JSONResponse:
        return JSONResponse({"error": error.render()}, status_code=404)

    return app


def _read(folder: Folder, name: str):
    try:
        return folder.read(name)
    except FileNotFoundError as error:
        raise HTTPException(404, f"没有文件“{name}”") from error


def _conflict(name: str) -> JSONResponse:
    return JSONResponse({"error": f"“{name}”已在别处被修改，未保存本次更改；请重新打开。"},
                        status_code=409)
