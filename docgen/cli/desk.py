"""``docgen serve``: the desk in a browser."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.errors import reports_errors


@click.command("serve")
@click.argument("folder", required=False, default=".",
                type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="端口。")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址；默认只在本机。其他地址须凭启动时显示的令牌访问。")
@reports_errors
def serve_command(folder: Path, port: int, host: str) -> None:
    """在浏览器中编辑 FOLDER（默认当前文件夹）中的通知：表单与表格、即时预览、检查结果。"""
    from docgen.desk.server import serve

    serve(folder, host=host, port=port, say=click.echo)
