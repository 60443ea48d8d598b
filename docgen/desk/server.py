"""``docgen serve``: the desk on a local port until Ctrl-C."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

from docgen.desk.app import create_app
from docgen.desk.guard import LOOPBACK
from docgen.errors import UsageError


def serve(folder: Path, *, host: str = "127.0.0.1", port: int = 8000,
          say: Callable[[str], None] = print) -> None:
    """Serve the desk over ``folder``; any host but loopback needs the printed token."""
    import uvicorn

    if not folder.is_dir():
        raise UsageError(f"工作文件夹 {folder} 不存在")
    token = None if host in LOOPBACK else secrets.token_urlsafe(18)
    app = create_app(folder, host=host, port=port, token=token)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    say(f"docgen 工作台：{address}  （文件夹 {folder}；按 Ctrl-C 停止）")
    if token:
        say("注意：工作台对本机以外开放；只把上面带令牌的地址给需要的人。")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        close(app)


def close(app) -> None:
    """Stop the desk's background work: running jobs finish, LibreOffice workers exit."""
    app.state.jobs.close()
    if app.state.previewer is not None:
        app.state.previewer.close()
