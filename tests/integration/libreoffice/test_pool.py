"""The conversion pool: persistent workers, a killed worker restarted, a hung conversion
killed and retried once, failures named."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from docgen.compose.notice import Placement, render_notice
from docgen.errors import ConversionError
from docgen.libreoffice.fonts import write_fontconfig
from docgen.libreoffice.pool import Pool, _Worker
from docgen.notice.extends import load_file
from docgen.notice.validate import validate
from docgen.resources import DEFAULT_TEMPLATE, SAMPLE

# A hang that outlasts any timeout a test sets, so the timeout is certain to fire however busy
# the machine is; finite only so that a pool that stopped killing hung workers fails, not hangs.
HANG = 600.0


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pool")
    notice = validate(load_file(SAMPLE))
    paths = []
    for index in range(4):
        path = folder / f"n{index}.docx"
        render_notice(notice, DEFAULT_TEMPLATE, Placement()).save(path)
        paths.append(path)
    return paths


def test_the_pool_uses_persistent_workers(documents, tmp_path):
    with Pool(write_fontconfig(tmp_path, {}), workers=2) as pool:
        assert pool.persistent, "python3-uno is missing: `make test` installs it"
        pdfs = pool.convert_all(documents, tmp_path)
        assert [p.name for p in pdfs] == ["n0.pdf", "n1.pdf", "n2.pdf", "n3.pdf"]
        processes = {w.process.pid for w in pool._workers}
        pool.convert_all(documents, tmp_path)
        assert {w.process.pid for w in pool._workers} == processes  # the same soffices
        assert len(processes) == 2


def test_warm_workers_boot_before_the_documents_exist(documents, tmp_path):
    produced = []

    def one_at_a_time():
        for path in documents:
            # LibreOffice is already booting (or up) while each document is produced.
            assert all(worker.process is not None or worker._booting is not None
                       for worker in pool._workers)
            produced.append(path.name)
            yield path

    with Pool(write_fontconfig(tmp_path, {}), workers=2) as pool:
        pool.warm()
        assert len(pool._workers) == 2
        pdfs = pool.convert_all(one_at_a_time(), tmp_path)
    assert produced == [p.name for p in documents]
    assert [p.name for p in pdfs] == ["n0.pdf", "n1.pdf", "n2.pdf", "n3.pdf"]
    assert all(worker.process is None for worker in pool._workers)  # closed with the pool


def test_a_failed_background_start_is_retried_by_the_conversion(documents, tmp_path,
                                                                monkeypatch):
    starts = []
    real_start = _Worker.start

    def start_failing_once(self):
        starts.append(self)
        if len(starts) == 1:
            raise ConversionError("LibreOffice 工作进程没有启动")
        real_start(self)

    monkeypatch.setattr(_Worker, "start", start_failing_once)
    with Pool(write_fontconfig(tmp_path, {}), workers=1) as pool:
        pool.warm()
        assert pool.convert(documents[0], tmp_path).exists()
    assert len(starts) == 2


def test_a_killed_worker_is_restarted(documents, tmp_path):
    with Pool(write_fontconfig(tmp_path, {}), workers=1) as pool:
        pool.convert(documents[0], tmp_path)
        worker = pool._workers[0]
        os.killpg(worker.process.pid, signal.SIGKILL)
        worker.process.wait()
        pdf = pool.convert(documents[1], tmp_path)  # fails once, restarts, retries
        assert pdf.exists() and worker.process.poll() is None


def test_a_hung_conversion_is_killed_retried_once_and_named(documents, tmp_path,
                                                             monkeypatch):
    calls = []
    test_over = threading.Event()

    def hang(self, source, target):
        calls.append(source.name)
        test_over.wait(HANG)

    monkeypatch.setattr(_Worker, "_store_pdf", hang)
    try:
        with Pool(write_fontconfig(tmp_path, {}), workers=1, timeout=5) as pool, \
                pytest.raises(ConversionError) as caught:
            pool.convert_all([documents[2]], tmp_path)
    finally:
        test_over.set()  # lets the abandoned conversion threads end
    # Tried twice, each time on a freshly started worker that the timeout then killed: a
    # restart slower than the timeout no longer loses the retry.
    assert calls == ["n2.docx", "n2.docx"]
    assert "n2.docx" in caught.value.message and "超过" in caught.value.message


def test_build_converts_on_the_pool(sample):
    assert sample.result.passes >= 1 and sample.pdf_path.exists()
