"""GNU Octave through oct2py: one Octave process per adapter, one call per scenario.

Every oct2py call costs several milliseconds (data travels through .mat files), so a scenario
crosses once with all its arrays and comes back with all its results.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from .. import blas
from ..draws import ScenarioInputs
from ..resources import OCTAVE_SUPPORT as SUPPORT_DIR  # the harness's own Octave helpers
from .base import Adapter, AdapterError, as_array

# Set before oct2py is imported: it reads the variable once. --no-history keeps Octave quiet.
os.environ.setdefault("OCTAVE_EXECUTABLE", "octave-cli --no-history")


_Oct2Py = None


def _quiet_exit(session) -> None:
    """End an Octave session without the 'octave-workspace' core dump Octave writes on exit()."""
    try:
        session.eval("crash_dumps_octave_core (false);", verbose=False)
    finally:
        session.exit()


def _oct2py_class():
    """Import oct2py once. Its import starts a default Octave session the harness never uses:
    end that session (its own process only) so each Python process runs just the adapters' ones."""
    global _Oct2Py
    if _Oct2Py is None:
        import oct2py

        default = getattr(oct2py, "octave", None)
        if default is not None:
            _quiet_exit(default)
        _Oct2Py = oct2py.Oct2Py
    return _Oct2Py


def to_octave(value):
    """dicts -> structs, lists -> cells (an empty list must stay a cell, not []), arrays as 2-D."""
    if isinstance(value, dict):
        return {key: to_octave(item) for key, item in value.items()}
    if isinstance(value, tuple) and value and all(isinstance(v, (int, float)) for v in value):
        return np.array([value], dtype=np.float64)  # a tuple of numbers is a row vector
    if isinstance(value, (list, tuple)):
        cell = np.empty((1, len(value)), dtype=object)
        for index, item in enumerate(value):
            cell[0, index] = to_octave(item)
        return cell
    if isinstance(value, (str, bool, int, float, np.integer, np.floating)):
        return float(value) if isinstance(value, (int, np.integer)) and not isinstance(value, bool) else value
    return np.asarray(value, dtype=np.float64)


def from_octave(value):
    if isinstance(value, dict):  # oct2py's Struct is a dict
        return {str(key): from_octave(item) for key, item in value.items()}
    if isinstance(value, str):
        return value
    if isinstance(value, np.ndarray) and value.dtype == object:  # a cell
        return [from_octave(item) for item in value.ravel(order="F")]
    return as_array(value)


class OctaveAdapter(Adapter):
    language = "octave"

    def __init__(self, impl_dir=None, **kwargs):
        super().__init__(impl_dir, **kwargs)
        if os.pathsep in str(self.impl_dir):
            # addpath splits its argument at the path separator: a different folder's files would run.
            raise AdapterError(f"[Octave] the implementation folder {self.impl_dir} contains '{os.pathsep}', which "
                               "Octave's addpath splits into two folders; use a path without it (e.g. a symlink)")
        if not (self.impl_dir / "run_scenario.m").is_file():
            raise AdapterError(f"[Octave] no run_scenario.m in {self.impl_dir}")
        blas.configure_openblas()  # inherited by the Octave process
        temp_dir = None
        if self.scratch:
            temp_dir = Path(self.scratch, "oct2py")
            temp_dir.mkdir(exist_ok=True)
        try:
            self.session = _oct2py_class()(temp_dir=str(temp_dir) if temp_dir else None)
            self._add_path()
        except Exception as error:
            raise RuntimeError(f"[Octave] cannot start octave-cli: {error}") from error  # the engine's failure
        self.octave_pid = self._octave_pid()
        self._parse_check()

    def _octave_pid(self):
        """The pid of the Octave process behind the session (None if oct2py hides it)."""
        try:
            return self.session._engine.repl.child.pid
        except AttributeError:
            return None

    def _add_path(self):
        # Both folders go first on the path; the working directory (always searched first by Octave)
        # is the engine's own empty folder, so no stray .m file there can shadow the implementation.
        self.session.addpath(str(self.impl_dir))
        self.session.addpath(str(SUPPORT_DIR))

    def _parse_check(self):
        """Every .m file of the implementation parses, whether or not a scenario calls it."""
        files = sorted(str(path) for path in self.impl_dir.rglob("*.m"))
        problems = self.session.feval("nnparity_parse_check", to_octave(files), nout=1)
        problems = from_octave(problems) if isinstance(problems, np.ndarray) and problems.dtype == object else []
        if problems:
            raise AdapterError("[Octave] the implementation does not parse: " + "; ".join(str(p) for p in problems))

    def crossing_seconds(self, *payload) -> float:
        start = time.perf_counter()
        self.session.feval("nnparity_noop", *[to_octave(item) for item in payload], nout=1)
        return time.perf_counter() - start

    def provides(self, names) -> dict:
        # A function of the port is a file of its folder (private/ helpers cannot be called from outside).
        return {name: (self.impl_dir / f"{name}.m").is_file() for name in names}

    def call(self, function: str, *args, nout: int = 1):
        from oct2py import Oct2PyError

        self.calls += 1
        try:
            result = self.session.feval(function, *[to_octave(arg) for arg in args], nout=nout)
        except Oct2PyError as error:
            if self._octave_pid() != self.octave_pid:
                # oct2py started a new Octave after the old one died: that is the engine's failure.
                raise RuntimeError(f"the Octave process (pid {self.octave_pid}) died: {error}") from error
            raise AdapterError(str(error).replace("Octave evaluation error:\n", "").strip()) from error
        # Anything else (Octave died, its files vanished) breaks the engine, which restarts (engine.py).
        if nout > 1:
            return tuple(from_octave(item) for item in result)
        return from_octave(result)

    def _run_scenario(self, inputs: ScenarioInputs) -> dict:
        record = self.call("run_scenario", inputs.X, inputs.Y, inputs.params, inputs.options,
                         inputs.check_masks, inputs.permutations.astype(np.float64), inputs.train_masks,
                           inputs.check_directions)
        if not isinstance(record.get("errors"), dict):  # oct2py returns a field-less struct() as [nan]
            record["errors"] = {}
        return record

    def version(self) -> str:
        version = self.session.feval("version", nout=1)
        blas_info = self.session.eval("version('-blas')", nout=1, verbose=False)
        return f"GNU Octave {version}; {str(blas_info).splitlines()[0] if blas_info else ''}"

    def close(self) -> None:
        session = getattr(self, "session", None)
        if session is not None:
            _quiet_exit(session)  # ends only this adapter's own Octave process
            self.session = None
