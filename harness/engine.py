"""Each language's implementation runs in an engine: a worker process of its own.

Why a process: embedded R cannot be interrupted from Python and is not thread-safe, and a
segfault, `quit()` or a hang inside any language must not take the harness down. The worker
(`python -m nnparity.engine`) hosts one in-process adapter (adapters/*_adapter.py) and answers
requests over a pipe; `EngineAdapter` is its stand-in in the harness, behind the same adapter
contract. A call that outlives its timeout, or a worker that dies, ends the worker and everything
it started (an Octave process included), removes its scratch folder, and raises `EngineError`; the
next call starts a fresh worker, so the next scenario runs normally.

Wire format: frames of an 8-byte little-endian length and a pickle. Requests are
("load", language, impl_dir, scratch), ("call", function, args, nout), ("run", inputs),
("version",), ("crossing", payload), ("provides", names); replies ("ok", value) or
("error", kind, message) with kind "implementation" (the language raised: the engine is fine) or
"engine" (the worker is broken and exits after replying).
"""

from __future__ import annotations

import os
import pickle
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import LANGUAGE_LABELS, blas
from .adapters.base import Adapter, AdapterError, LanguageResult

_HEADER = struct.Struct("<Q")
# Starting R or Octave and loading an implementation takes seconds, more on a busy machine: a short
# --timeout meant for the computations must not fail the start (an engine that cannot start at all
# fails at once, whatever this says).
LOAD_SECONDS = 30.0


class EngineError(AdapterError):
    """The engine timed out, died or could not start (not an error raised by the implementation)."""


# -- framing ------------------------------------------------------------------------------------
def _write_frame(stream, message) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes:
    """`size` bytes from `fd`; TimeoutError past `deadline`, EOFError when the writer is gone."""
    chunks, missing = [], size
    while missing:
        wait = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            raise TimeoutError
        chunk = os.read(fd, min(missing, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _read_frame(fd: int, deadline: float | None = None):
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size, deadline))
    return pickle.loads(_read_exactly(fd, size, deadline))


# -- processes ----------------------------------------------------------------------------------
def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (children first found, grandchildren after), from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # Field 4 of stat is the parent pid; the name (field 2) may hold spaces, hence rsplit.
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def started_at(pid: int) -> str | None:
    """When the process began (field 22 of /proc/PID/stat): with the pid, it names one process, so
    a pid that the system has since given to another process is never ended by mistake."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _end(pids) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _scratch_root() -> str | None:
    """A RAM-backed folder where there is one: oct2py's .mat files cross through it."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


# -- the harness's side -------------------------------------------------------------------------
class EngineAdapter(Adapter):
    """An adapter whose language runs in a worker process (see the module docstring)."""

    def __init__(self, language: str, impl_dir=None, timeout: float = 900.0, wait: bool = True):
        self.language = language
        super().__init__(impl_dir, timeout)
        self.label = LANGUAGE_LABELS.get(language, language)
        self.process = None
        self.workspace = None  # the worker's own folder: its empty working directory, oct2py's files, its log
        self.children: dict[int, str | None] = {}  # pid -> start time of the processes the worker began
        self.pending = None  # the request in flight (start_run/finish_run)
        self.restarts = 0
        self._launch()
        if wait:  # else the caller starts several engines at once and calls finish_start on each
            self.finish_start()

    # process life ---------------------------------------------------------------------------
    def _start(self) -> None:
        self._launch()
        self.finish_start()

    def _launch(self) -> None:
        """Start the worker and ask it to load the implementation, without waiting for it."""
        self.workspace = tempfile.mkdtemp(prefix=f"nnparity-{self.language}-", dir=_scratch_root())
        workdir = Path(self.workspace, "cwd")
        workdir.mkdir()  # an empty working directory: nothing in it can shadow the implementation
        self.log_path = Path(self.workspace, "engine.log")
        blas.configure_openblas()  # the engine's language loads OpenBLAS with these settings
        blas.configure_threads()
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "nnparity.engine"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=log, cwd=workdir,
                                            start_new_session=True)
        self._send(("load", self.language, str(self.impl_dir), self.workspace))

    def finish_start(self) -> None:
        """Wait until the worker has loaded the implementation (raises what went wrong)."""
        try:
            info = self._receive(max(self.timeout, LOAD_SECONDS), "loading the implementation")
        except AdapterError:
            self._stop()
            raise
        self.children = {pid: started_at(pid) for pid in info.get("children", [])}

    def _stop(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            _end(descendants(process.pid) + [process.pid])
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            for stream in (process.stdin, process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
        # An Octave left behind by a worker that died on its own: ended only if it is still the same process.
        _end([pid for pid, start in self.children.items() if start is not None and started_at(pid) == start])
        self.children = {}
        if self.workspace:
            shutil.rmtree(self.workspace, ignore_errors=True)
            self.workspace = None

    def _ensure(self) -> None:
        if self.process is None:
            self.restarts += 1
            self._start()

    def _log_tail(self, lines: int = 6) -> str:
        try:
            text = self.log_path.read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return " | ".join(line.strip() for line in text[-lines:] if line.strip())

    def _fail(self, what: str, why: str) -> EngineError:
        tail = self._log_tail()
        self._stop()
        return EngineError(f"[{self.label}] engine {why} {what}" + (f"; its last output: {tail}" if tail else "")
                           + "; the engine restarts for the next call")

    # requests ------------------------------------------------------------------------------
    def _send(self, message) -> None:
        try:
            _write_frame(self.process.stdin, message)
        except (BrokenPipeError, OSError) as error:
            raise self._fail(f"(while sending: {error})", "was gone") from error

    def _receive(self, seconds: float, what: str):
        deadline = time.monotonic() + seconds
        try:
            reply = _read_frame(self.process.stdout.fileno(), deadline)
        except TimeoutError:
            raise self._fail(f"in {what}: its process was ended", f"timed out after {seconds:g} s") from None
        except (EOFError, OSError, pickle.UnpicklingError):
            code = self.process.poll()
            if code is None:
                try:
                    code = self.process.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    code = None
            how = (f"was killed by signal {-code}" if code is not None and code < 0
                   else f"exited (status {code})" if code is not None else "stopped answering")
            raise self._fail(f"in {what}", how) from None
        if reply[0] == "ok":
            return reply[1]
        _, kind, message = reply
        if kind == "engine":
            raise self._fail(f"in {what} ({message})", "broke")
        raise AdapterError(message)

    def _request(self, message, seconds: float, what: str):
        self._send(message)
        return self._receive(seconds, what)

    # the adapter contract --------------------------------------------------------------------
    def call(self, function: str, *args, nout: int = 1):
        self._ensure()
        self.calls += 1
        return self._request(("call", function, args, nout), self.timeout, function)

    def _run_scenario(self, inputs):
        self.start_run(inputs)
        return self._finish()

    def start_run(self, inputs) -> None:
        """Send a scenario and return at once; `finish_run` collects it (languages run concurrently)."""
        self.pending = (inputs, time.perf_counter(), self.calls)
        try:
            self._ensure()
            self.calls += 1
            self._send(("run", inputs))
        except AdapterError as error:
            self.pending = (inputs, self.pending[1], self.pending[2], error)

    def _finish(self):
        pending, self.pending = self.pending, None
        if len(pending) == 4:
            raise pending[3]
        record, self.inside_seconds = self._receive(self.timeout, "run_scenario")
        return record

    def finish_run(self) -> LanguageResult:
        inputs, start, calls = self.pending[:3]
        self.inside_seconds = None
        result = self.checked_result(inputs, self._finish)
        # The language's own time, measured in its worker: languages run at once and are collected
        # in turn, so the time until collection would include waiting for the others.
        result.seconds = self.inside_seconds if self.inside_seconds is not None else time.perf_counter() - start
        result.bridge_calls = self.calls - calls
        return result

    def run(self, inputs) -> LanguageResult:
        self.start_run(inputs)
        return self.finish_run()

    def version(self) -> str:
        self._ensure()
        return self._request(("version",), self.timeout, "version")

    def provides(self, names) -> dict:
        self._ensure()
        return self._request(("provides", list(names)), self.timeout, "a look-up of its functions")

    def crossing_seconds(self, *payload) -> float:
        self._ensure()
        # The language's own bridge, timed inside the worker (the pipe to the worker is not counted).
        return self._request(("crossing", payload), self.timeout, "a crossing")

    def close(self) -> None:
        self._stop()


# -- the worker's side --------------------------------------------------------------------------
def _serve() -> None:
    """The worker's loop: one adapter, requests in, replies out, until the pipe closes."""
    from .adapters.base import make_local_adapter

    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever the language prints goes to the log, never into the reply pipe
    adapter = None
    workspace = None
    while True:
        try:
            size = requests.read(_HEADER.size)
            if len(size) < _HEADER.size:
                break
            message = pickle.loads(requests.read(_HEADER.unpack(size)[0]))
        except (EOFError, OSError):
            break
        kind, body = message[0], message[1:]
        try:
            if kind == "load":
                language, impl_dir, scratch = body
                workspace = scratch
                adapter = make_local_adapter(language, Path(impl_dir), scratch=scratch)
                reply = ("ok", {"children": descendants(os.getpid())})
            elif kind == "call":
                function, args, nout = body
                reply = ("ok", adapter.call(function, *args, nout=nout))
            elif kind == "run":
                started = time.perf_counter()
                record = adapter._run_scenario(body[0])
                reply = ("ok", (record, time.perf_counter() - started))
            elif kind == "version":
                reply = ("ok", adapter.version())
            elif kind == "crossing":
                reply = ("ok", adapter.crossing_seconds(*body[0]))
            elif kind == "provides":
                reply = ("ok", adapter.provides(body[0]))
            else:
                reply = ("error", "engine", f"unknown request {kind!r}")
        except AdapterError as error:
            reply = ("error", "implementation", str(error))
        except Exception as error:  # noqa: BLE001 - a broken engine says why, then ends
            reply = ("error", "engine", f"{type(error).__name__}: {error}".strip())
        try:
            _write_frame(replies, reply)
        except OSError:  # the harness is gone (killed, interrupted): nobody to answer
            break
        except Exception as error:  # noqa: BLE001 - e.g. a result pickle cannot carry
            try:
                _write_frame(replies, ("error", "engine", f"cannot send the result: {type(error).__name__}: {error}"))
            except OSError:
                break
        if reply[0] == "error" and reply[1] == "engine":
            break
    if adapter is not None:
        try:
            adapter.close()
        except Exception:  # noqa: BLE001 - ending anyway
            pass
    if workspace:  # the harness may be gone (killed, or a Dask worker ended): leave nothing behind
        shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    _serve()
