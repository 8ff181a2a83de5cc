"""Execute notebooks in a few warm kernels.

Papermill injects the parameters (``parameterize_notebook``); nbclient runs the cells. Each
kernel starts once per build and imports the stack once; before every notebook its namespace
is reset, so a notebook sees only its own variables (imported modules stay loaded, which is
the point). The build's run of the Monte Carlo is loaded from a pickle instead of being
recomputed by every notebook (:func:`analysis.checking.report.preload`).

The first failure stops everything: the other kernels are interrupted and all are shut down;
the error names the notebook in one line. A kernel that dies while starting is reported at
once (with the last line it printed), not after a timeout.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STARTUP_TIMEOUT_S = 60.0
CELL_TIMEOUT_S = 600.0
INJECTED_CELL_ID = "injected-parameters"
WARM_UP = "import analysis.book.pages, analysis.book.charts, analysis.book.views, analysis.checking.footprint\n"


class ExecutionError(RuntimeError):
    """A kernel could not start or a notebook failed; the message is one line."""


@dataclass
class Executed:
    path: str
    notebook: Any  # nbformat.NotebookNode
    footprint: list[str]
    seconds: float


def parameterized(src: Path, parameters: dict[str, Any]) -> Any:
    """The notebook with papermill's injected-parameters cell (tagged ``remove-cell``: each
    page's banner states the parameters) under a fixed cell id, so output is reproducible."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(load_notebook_node(str(src)), parameters, kernel_name="python3",
                               language="python")
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell.id = INJECTED_CELL_ID
            if "remove-cell" not in tags:
                cell.metadata["tags"] = [*tags, "remove-cell"]
    return nb


def with_parameters(executed: bytes, src: Path, parameters: dict[str, Any]) -> bytes:
    """A cached executed notebook with the injected-parameters cell papermill writes for
    ``parameters`` (the cache reuses it only when the parameters it read are unchanged; the
    injected cell itself has no output)."""
    import nbformat

    nb = nbformat.reads(executed.decode("utf-8"), as_version=4)
    fresh = parameterized(src, parameters)
    new = next(c for c in fresh.cells if c.get("id") == INJECTED_CELL_ID)
    for cell in nb.cells:
        if cell.get("id") == INJECTED_CELL_ID:
            cell.source = new.source
    nb.metadata.setdefault("papermill", {})["parameters"] = fresh.metadata.papermill["parameters"]
    return notebook_bytes(normalised(nb))


def notebook_bytes(nb: Any) -> bytes:
    """An executed notebook as the bytes the book's source folder holds."""
    import nbformat

    return (nbformat.writes(nb) + "\n").encode("utf-8")


def normalised(nb: Any) -> Any:
    """Strip what differs between identical runs: papermill's per-run metadata, empty tags
    papermill adds, execution counts of results (numbered per notebook)."""
    meta = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "exception", "input_path", "output_path",
                "environment_variables", "version", "default_parameters"):
        meta.pop(key, None)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("tags") == []:
            del cell.metadata["tags"]
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            if "execution_count" in out:
                out["execution_count"] = cell.get("execution_count")
    return nb


@dataclass
class _Kernel:
    km: Any
    log: Path
    kc: Any = None

    def alive(self) -> bool:
        try:
            return bool(self.km.is_alive())
        except Exception:  # noqa: BLE001 (a manager that never started)
            return False

    def last_words(self) -> str:
        try:
            lines = [ln.strip() for ln in self.log.read_text(errors="replace").splitlines()
                     if ln.strip() and "without encryption" not in ln]
        except OSError:
            lines = []
        return lines[-1] if lines else "no output"


@dataclass
class KernelPool:
    """``size`` kernels started at once in ``cwd``; their output goes to ``log_dir``."""

    size: int
    cwd: Path
    log_dir: Path
    kernels: list[_Kernel] = field(default_factory=list)

    def start(self) -> None:
        """Launch the kernels and, in background threads, wait for them and warm them up, so
        that this overlaps the build's own work until :meth:`execute`."""
        from jupyter_client import KernelManager

        self._todo: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._done: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._go, self._stop = threading.Event(), threading.Event()
        self._preload = ""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for i in range(self.size):
            log = self.log_dir / f"kernel-{i}.log"
            km = KernelManager(kernel_name="python3")
            k = _Kernel(km, log)
            self.kernels.append(k)
            with open(log, "wb") as fh:
                km.start_kernel(cwd=str(self.cwd), stdout=fh, stderr=fh)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        self._threads = [threading.Thread(target=self._worker, args=(k, deadline), daemon=True)
                         for k in self.kernels]
        for t in self._threads:
            t.start()

    def _ready(self, k: _Kernel, deadline: float) -> None:
        k.kc = k.km.client()
        k.kc.start_channels()
        while True:
            if not k.alive():
                raise ExecutionError(f"the notebook kernel could not start: {k.last_words()}")
            try:
                k.kc.wait_for_ready(timeout=0.5)
                return
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise ExecutionError(f"the notebook kernel did not answer within "
                                         f"{STARTUP_TIMEOUT_S:.0f} s: {k.last_words()}") from None

    def run_quietly(self, k: _Kernel, code: str) -> str:
        """Run ``code`` in a kernel outside any notebook; return what it printed."""
        printed: list[str] = []

        def hook(msg: dict[str, Any]) -> None:
            if msg["msg_type"] == "stream":
                printed.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                printed.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")

        reply = k.kc.execute_interactive(code, store_history=False, output_hook=hook,
                                         timeout=CELL_TIMEOUT_S)
        if reply["content"]["status"] != "ok":
            raise ExecutionError(f"kernel set-up failed: {''.join(printed).strip()[-300:]}")
        return "".join(printed)

    def execute(self, jobs: list[tuple[str, Any]], preload: str,
                on_done: Callable[[Executed], None]) -> None:
        """Run ``jobs`` ((name, parameterized notebook) pairs) across the kernels, after
        running ``preload`` in each; call ``on_done`` in this thread as each notebook finishes.
        Raises :class:`ExecutionError` on the first failure, after interrupting the others."""
        self.go(jobs, preload)
        self.collect(on_done)

    def go(self, jobs: list[tuple[str, Any]], preload: str) -> None:
        """Hand the kernels their notebooks; they start at once (see :meth:`collect`)."""
        for job in jobs:
            self._todo.put(job)
        self._jobs = len(jobs)
        self._preload = preload
        self._go.set()

    def collect(self, on_done: Callable[[Executed], None]) -> None:
        """Wait for the notebooks handed out by :meth:`go`; stop everything at the first failure."""
        running, remaining = len(self._threads), self._jobs
        while running and remaining:
            try:
                kind, item = self._done.get(timeout=0.2)
            except queue.Empty:
                continue
            if kind == "exit":
                running -= 1
            elif kind == "error":
                self._stop.set()
                self.interrupt()
                raise ExecutionError(item)
            else:
                remaining -= 1
                on_done(item)
        if remaining:
            raise ExecutionError("the notebook kernels stopped before all notebooks ran")

    def _worker(self, k: _Kernel, deadline: float) -> None:
        """Start-up and warm-up at once; then, when :meth:`execute` says go, notebooks."""
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError

        try:
            self._ready(k, deadline)
            self.run_quietly(k, WARM_UP)
            self._go.wait()
            if self._stop.is_set():
                return
            self.run_quietly(k, self._preload)
            while not self._stop.is_set():
                try:
                    name, nb = self._todo.get_nowait()
                except queue.Empty:
                    return
                t0 = time.perf_counter()
                self.run_quietly(k, "get_ipython().run_line_magic('reset', '-f')\n"
                                    "import os, analysis.checking.footprint\n"
                                    f"os.chdir({str(self.cwd / Path(name).parent)!r})\n"
                                    "analysis.checking.footprint.start()\n")
                client = NotebookClient(nb, km=k.km, timeout=CELL_TIMEOUT_S, record_timing=False,
                                        kernel_name="python3", allow_errors=False)
                client.kc = k.kc  # one client per kernel: a second one would take its replies
                try:
                    client.execute()
                except CellExecutionError as exc:
                    raise ExecutionError(f"{name} failed: {_cell_error(exc)}") from None
                reads = self.run_quietly(k, "import json, analysis.checking.footprint\n"
                                            "print(json.dumps(analysis.checking.footprint.stop()))\n")
                self._done.put(("ok", Executed(name, normalised(nb), json.loads(reads.strip().splitlines()[-1]),
                                               time.perf_counter() - t0)))
        except ExecutionError as exc:
            self._done.put(("error", str(exc)))
        except Exception as exc:  # noqa: BLE001 (a dead kernel, a broken channel ...)
            if not self._stop.is_set():
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                self._done.put(("error", f"notebook execution failed: {type(exc).__name__}: {first} "
                                         f"(kernel said: {k.last_words()})"))
        finally:
            self._done.put(("exit", None))

    def interrupt(self) -> None:
        for k in self.kernels:
            try:
                if k.alive():
                    k.km.interrupt_kernel()
            except Exception:  # noqa: BLE001,S110 (best effort while failing)
                pass

    def shutdown(self) -> None:
        """Stop every kernel now (used on success, failure and interruption alike)."""
        if hasattr(self, "_stop"):
            self._stop.set()
            self._go.set()
        for k in self.kernels:
            try:
                if k.kc is not None:
                    k.kc.stop_channels()
            except Exception:  # noqa: BLE001,S110
                pass
            try:
                if k.alive():
                    k.km.shutdown_kernel(now=True)
                k.km.cleanup_resources()
            except Exception:  # noqa: BLE001,S110
                pass
        self.kernels.clear()


def _cell_error(exc: Exception) -> str:
    """``NameError: name 'x' is not defined``: the last line of a cell's error."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {str(evalue).strip().splitlines()[0] if str(evalue).strip() else ''}".rstrip(": ")
    lines = [ln for ln in str(exc).strip().splitlines() if ln.strip()]
    return lines[-1] if lines else type(exc).__name__
