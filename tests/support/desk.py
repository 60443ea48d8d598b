"""The desk served for real (uvicorn on a free loopback port, in a thread) and Debian's
Chromium driven headless through chromedriver."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """The desk over ``folder`` at the URL yielded, until the block ends."""
    import uvicorn

    from docgen.desk.app import create_app
    from docgen.desk.server import close

    port = free_port()
    app = create_app(folder, port=port)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:  # no deadline: a busy machine only makes this slower
        if not thread.is_alive():
            raise RuntimeError("工作台未能启动")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()
        close(app)


@contextlib.contextmanager
def chromium(downloads: Path | None = None) -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for program in (CHROMIUM, CHROMEDRIVER):
        if shutil.which(program) is None:
            raise RuntimeError(f"{program} 不存在：make test（scripts/setup-system.sh）会安装它")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1400,1000", "--lang=zh-CN"):
        options.add_argument(argument)
    if downloads is not None:
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads)})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
