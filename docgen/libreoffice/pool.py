"""A pool of running LibreOffice instances that convert many documents fast.

Starting LibreOffice costs ~1.5 s; a running instance converts a page-long document in a
fraction of that. Each worker owns one headless soffice (its own locked-down profile), driven
over a UNO pipe; jobs are spread over the workers (as many as cores by default). A worker that
hangs past the timeout or dies is killed with its process group, restarted, and its document
retried once; a document that fails twice is named in the error. The timeout bounds conversions
only: starting a worker has its own, generous deadline (``STARTUP_TIMEOUT``).

UNO comes from the system (Debian's python3-uno); without it the pool falls back to one
``soffice --convert-to`` process per document, which is slower but works the same.

One module on purpose (a little over 300 lines): a worker's life (start, convert, kill,
restart, close) and the pool that schedules workers are only trustworthy read together.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from docgen.errors import ConversionError
from docgen.libreoffice.convert import (
    DEFAULT_TIMEOUT,
    PDF_FILTER,
    STARTUP_TIMEOUT,
    Converter,
    find_soffice,
    is_pdf,
    kill_group,
    libreoffice_copy,
    locked_down_profile,
    pdf_filter_data,
)
from docgen.libreoffice.lifeline import start_guarded
from docgen.tempdirs import private_folder

UNO_PATHS = ("/usr/lib/python3/dist-packages", "/usr/lib/libreoffice/program")
# Seconds a stopping worker gets to exit cleanly (which removes its pipe file) before it is
# killed; a busy machine can need several.
SHUTDOWN_TIMEOUT = 10.0
# pyuno's local component context is not safe to set up from two threads at once.
_UNO_SETUP = threading.Lock()


def load_uno():
    """The uno module, or None when the system has no Python–UNO bridge."""
    for path in UNO_PATHS:
        if path not in sys.path and os.path.isdir(path):
            sys.path.append(path)
    original_import = builtins.__import__
    try:
        import uno
    except ImportError:
        return None
    finally:
        # uno replaces the import statement of the whole process (so that UNO types import as
        # modules) and turns every later ModuleNotFoundError into a plain ImportError, which
        # breaks libraries that probe for optional modules (uvicorn in the desk). docgen asks
        # UNO for its types by name, so the process keeps Python's own import.
        builtins.__import__ = original_import
    return uno


class _Worker:
    """One running soffice and the UNO connection to it."""

    def __init__(self, fontconfig: Path | None, timeout: float, uno, pdfa: bool = False) -> None:
        self.uno = uno
        self.pdfa = pdfa
        self.timeout = timeout
        self.fontconfig = fontconfig
        self.home = private_folder("worker")
        locked_down_profile(self.home / "profile" / "user")
        self.process: subprocess.Popen[bytes] | None = None
        self.desktop = None
        self.conversions = 0
        self._booting: threading.Thread | None = None
        self._boot_error: ConversionError | None = None
        self.closed = False  # once closing, never start again (a retry during SIGTERM would)

    def start_in_background(self) -> None:
        """Start soffice on a thread, so that it boots while the caller prepares documents."""

        def boot() -> None:
            try:
                self.start()
            except ConversionError as error:
                self._boot_error = error

        self._booting = threading.Thread(target=boot, daemon=True)
        self._booting.start()

    def settle(self) -> None:
        """Wait for a background start; its failure is raised here, as the caller's."""
        if self._booting is None:
            return
        self._booting.join()
        self._booting = None
        error, self._boot_error = self._boot_error, None
        if error is not None:
            raise error

    def start(self) -> None:
        if self.closed:
            raise ConversionError("LibreOffice 工作进程已关闭")
        pipe = f"docgen-{uuid.uuid4().hex}"
        env = {**os.environ, "HOME": str(self.home), "SAL_USE_VCLPLUGIN": "svp"}
        if self.fontconfig is not None:
            env["FONTCONFIG_FILE"] = str(self.fontconfig)
        self.process = start_guarded(
            [find_soffice(), f"-env:UserInstallation={(self.home / 'profile').as_uri()}",
             "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
             "--nolockcheck", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        with _UNO_SETUP:
            local = self.uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext(
                "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            context = self._resolve(resolver, pipe, deadline)
            if context is not None:
                break
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise ConversionError("LibreOffice 工作进程没有启动")
            time.sleep(0.1)
        with _UNO_SETUP:
            self.desktop = context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context)

    @staticmethod
    def _resolve(resolver, pipe: str, deadline: float):
        """One connection attempt, abandoned at the deadline (a wedged soffice may accept the
        pipe and never answer); None while soffice is not listening yet."""
        found: list = []

        def attempt() -> None:
            try:
                found.append(resolver.resolve(
                    f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"))
            except Exception:  # NoConnectException until soffice listens
                found.append(None)

        thread = threading.Thread(target=attempt, daemon=True)
        thread.start()
        thread.join(max(deadline - time.monotonic(), 0.1))
        return found[0] if found else None

    def convert(self, docx: Path, out_dir: Path) -> Path:
        """Convert in this worker; kills it when the call outlives the timeout."""
        target = out_dir / (docx.stem + ".pdf")
        target.unlink(missing_ok=True)
        staging = self.home / "staging"
        staging.mkdir(exist_ok=True)
        source = libreoffice_copy(docx, staging / docx.name)
        done = threading.Event()
        failure: list[BaseException] = []

        def call() -> None:
            try:
                self._store_pdf(source, target)
            except BaseException as exc:
                failure.append(exc)
            finally:
                done.set()

        threading.Thread(target=call, daemon=True).start()
        if not done.wait(self.timeout):
            self.stop()
            raise ConversionError(f"LibreOffice 转换 {docx.name} 超过 {self.timeout:.0f} 秒，"
                                  "已终止该工作进程")
        if failure or not is_pdf(target):
            self.stop()
            detail = f"：{failure[0]}" if failure else ""
            raise ConversionError(f"LibreOffice 没有生成 {target.name}{detail}")
        self.conversions += 1
        return target

    def _store_pdf(self, source: Path, target: Path) -> None:
        property_value = self.uno.getClass("com.sun.star.beans.PropertyValue")

        def props(**values):
            return tuple(property_value(name, 0, value, 0) for name, value in values.items())

        # UpdateDocMode 0 = never update links; MacroExecutionMode 0 = never run macros.
        document = self.desktop.loadComponentFromURL(
            source.resolve().as_uri(), "_blank", 0,
            props(Hidden=True, ReadOnly=True, UpdateDocMode=0, MacroExecutionMode=0))
        if document is None:
            raise ConversionError(f"LibreOffice 无法打开 {source.name}")
        try:
            options = props(**pdf_filter_data(self.pdfa))
            filter_data = self.uno.Any("[]com.sun.star.beans.PropertyValue", options)
            self.uno.invoke(document, "storeToURL", (
                target.resolve().as_uri(), props(FilterName=PDF_FILTER, FilterData=filter_data)))
        finally:
            document.close(True)

    def stop(self) -> None:
        if self.desktop is not None and self.process is not None:
            # A clean exit removes LibreOffice's pipe file; the kill below is the backstop.
            threading.Thread(target=self._terminate, daemon=True).start()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=SHUTDOWN_TIMEOUT)
        if self.process is not None and self.process.poll() is None:
            kill_group(self.process)
        self.process = None
        self.desktop = None

    def _terminate(self) -> None:
        with contextlib.suppress(Exception):  # a dead or wedged worker: stop() kills it
            self.desktop.terminate()

    def close(self) -> None:
        self.closed = True
        with contextlib.suppress(ConversionError):
            self.settle()
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)


class Pool:
    """Persistent LibreOffice workers; ``convert`` for one document, ``convert_all`` for many.

    Use as a context manager. Each worker restarts after ``recycle`` conversions, as long-lived
    LibreOffice processes slowly grow.
    """

    def __init__(self, fontconfig: Path | None = None, workers: int | None = None,
                 timeout: float = DEFAULT_TIMEOUT, recycle: int = 200,
                 pdfa: bool = False) -> None:
        self.uno = load_uno()
        self.pdfa = pdfa
        self.timeout = timeout
        self.recycle = recycle
        self.fontconfig = fontconfig
        self.size = max(1, workers or os.cpu_count() or 1)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._fallback = (Converter(fontconfig, timeout, pdfa=pdfa) if self.uno is None
                          else None)
        if self._fallback is not None:
            self.size = 1  # one soffice at a time: the fallback shares one profile

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        # Each worker takes a moment to exit cleanly: let them do it together.
        closing = [threading.Thread(target=worker.close) for worker in self._workers]
        for thread in closing:
            thread.start()
        for thread in closing:
            thread.join()
        if self._fallback is not None:
            self._fallback.close()

    def warm(self) -> None:
        """Start every worker now, in the background; conversions wait for their worker."""
        if self._fallback is not None:
            return
        with self._lock:
            while len(self._workers) < self.size:
                worker = _Worker(self.fontconfig, self.timeout, self.uno, self.pdfa)
                self._workers.append(worker)
                worker.start_in_background()
                self._idle.put(worker)

    @property
    def persistent(self) -> bool:
        return self.uno is not None

    def _take(self) -> _Worker:
        with self._lock:
            try:
                return self._idle.get_nowait()
            except queue.Empty:
                pass
            if len(self._workers) < self.size:
                worker = _Worker(self.fontconfig, self.timeout, self.uno, self.pdfa)
                self._workers.append(worker)
                return worker
        return self._idle.get()

    def convert(self, docx: Path, out_dir: Path) -> Path:
        """Convert one document; a failed attempt restarts the worker and tries once more."""
        if self._fallback is not None:
            return self._fallback.convert(docx, out_dir)
        worker = self._take()
        try:
            for attempt in (1, 2):
                try:
                    worker.settle()
                    if worker.desktop is None or worker.conversions >= self.recycle:
                        worker.stop()
                        worker.conversions = 0
                        worker.start()
                    return worker.convert(docx, out_dir)
                except ConversionError as error:
                    if attempt == 2:
                        raise ConversionError(f"{docx.name}：{error.message}",
                                              error.hint) from error
            raise AssertionError("unreachable")
        finally:
            self._idle.put(worker)

    def convert_all(self, documents: Iterable[Path], out_dir: Path,
                    progress: Callable[[Path], None] | None = None) -> list[Path]:
        """Convert many documents in parallel, each as soon as ``documents`` yields it (so a
        generator that writes them overlaps with the conversions); every failure is named,
        none hides another. PDFs are returned in the order the documents came."""
        results: dict[Path, Path] = {}
        failures: list[str] = []
        order: list[Path] = []

        def one(docx: Path) -> None:
            try:
                results[docx] = self.convert(docx, out_dir)
            except ConversionError as error:
                failures.append(error.message)
            if progress is not None:
                progress(docx)

        executor = ThreadPoolExecutor(max_workers=self.size)
        jobs = []
        try:
            for docx in documents:
                order.append(docx)
                jobs.append(executor.submit(one, docx))
        except BaseException:  # SIGTERM or a failed render: queued conversions are dropped
            executor.shutdown(wait=False, cancel_futures=True)
            raise
        executor.shutdown(wait=True)
        for job in jobs:
            job.result()  # anything but a ConversionError is a bug: let it surface
        if failures:
            raise ConversionError("以下文件转换失败：" + "；".join(failures))
        return [results[docx] for docx in order]
