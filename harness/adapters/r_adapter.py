"""R embedded through rpy2: the implementation is sourced into an environment of its own.

rpy2 is not thread-safe: one embedded R per process, used from one thread. Numbers always cross
as R objects built by the converter, never pasted into code strings.
"""

from __future__ import annotations

import os
import time

import numpy as np

from .. import blas
from ..draws import ScenarioInputs
from .base import Adapter, AdapterError, as_array

_r = None  # the rpy2 modules, imported once (importing starts the embedded R)


def _rpy2():
    global _r
    if _r is None:
        blas.configure_openblas()  # must precede R's start: OpenBLAS reads it when loaded
        # R's vector heap starts at 256 MB instead of 64 MB (read when R starts; a user's own
        # R_VSIZE wins): a training loop allocates ~20 MB of short-lived matrices per epoch, and
        # collecting them every 64 MB took ~10% of R's training time.
        os.environ.setdefault("R_VSIZE", "256M")
        import rpy2.rinterface_lib.callbacks as callbacks
        import rpy2.robjects as robjects
        from rpy2.rinterface_lib.embedded import RRuntimeError
        from rpy2.robjects import numpy2ri

        # numpy2ri on top of rpy2's defaults, built once and called directly: a localconverter
        # builds one per array (~0.15 ms of functools registrations), half of a call's crossing.
        _r = {"ro": robjects, "converter": robjects.default_converter + numpy2ri.converter,
              "RRuntimeError": RRuntimeError, "callbacks": callbacks, "console": []}
        # R prints its errors to the console as well as raising: keep them out of the terminal.
        callbacks.consolewrite_warnerror = lambda text: _r["console"].append(text)
    return _r


class RAdapter(Adapter):
    language = "r"

    def __init__(self, impl_dir=None, **kwargs):
        super().__init__(impl_dir, **kwargs)
        r = _rpy2()
        ro = r["ro"]
        loader = self.port.entry_path  # load.R, or a port's shim (nnparity.toml)
        if not loader.is_file():
            raise AdapterError(f"[R] no {self.port.entry} in {self.impl_dir}")
        problems = []
        for source in sorted(self.impl_dir.rglob("*.R")):
            try:  # every file parses, whether or not a scenario calls what it defines
                ro.r["parse"](file=str(source))
            except r["RRuntimeError"] as error:
                problems.append(f"{source}: {str(error).strip()}")
        if problems:
            raise AdapterError("[R] the implementation does not parse: " + "; ".join(problems))
        try:
            scratch = ro.r["new.env"]()
            ro.r["sys.source"](str(loader), envir=scratch)
            if "load_nnparity_r" not in scratch:
                raise AdapterError(f"[R] {loader} does not define load_nnparity_r(dir)")
            self.env = scratch["load_nnparity_r"](str(self.impl_dir))
        except r["RRuntimeError"] as error:
            raise AdapterError(f"[R] cannot load {self.impl_dir}: {str(error).strip()}") from error
        if not isinstance(self.env, ro.Environment):
            raise AdapterError(f"[R] load_nnparity_r(dir) in {loader} must return an environment; got {type(self.env).__name__}")

    # -- conversion -------------------------------------------------------------------------
    def to_r(self, value):
        r = _rpy2()
        ro = r["ro"]
        if isinstance(value, str):
            return ro.StrVector([value])
        if isinstance(value, bool):
            return ro.BoolVector([value])
        if isinstance(value, (int, float, np.integer, np.floating)):
            return ro.FloatVector([float(value)])
        if isinstance(value, tuple) and all(isinstance(v, (int, float)) for v in value):
            return ro.FloatVector([float(v) for v in value])  # a tuple of numbers is a numeric vector
        if isinstance(value, dict):
            return ro.ListVector([(key, self.to_r(item)) for key, item in value.items()])
        if isinstance(value, (list, tuple)):
            return ro.r["list"](*[self.to_r(item) for item in value])
        array = np.asarray(value, dtype=np.float64)
        if array.ndim != 2:  # numpy2ri turns 1-D arrays into R 1-d arrays that do not add to matrices
            raise AdapterError(f"[R] only 2-D arrays cross the bridge; got shape {array.shape}")
        return r["converter"].py2rpy(np.asfortranarray(array))

    def from_r(self, value):
        r = _rpy2()
        ro = r["ro"]
        rinterface = ro.rinterface
        if value is rinterface.NULL or value is None:
            return None
        if isinstance(value, (ro.vectors.ListVector, rinterface.ListSexpVector)):
            names = list(value.names) if value.names is not rinterface.NULL else None
            items = [self.from_r(item) for item in value]
            if names:
                return {name: item for name, item in zip(names, items) if item is not None}
            return items
        if isinstance(value, rinterface.StrSexpVector):
            return str(value[0]) if len(value) == 1 else [str(item) for item in value]
        array = np.array(r["converter"].rpy2py(value), dtype=np.float64)
        if array.ndim == 1 and array.size == 1:  # R scalars come back with shape (1,)
            return array.reshape(1, 1)
        return as_array(array)

    # -- calls ------------------------------------------------------------------------------
    def provides(self, names) -> dict:
        r = _rpy2()
        if "defined" not in r:
            # Only the implementation's own environment: stats::predict must not count as the port's.
            r["defined"] = r["ro"].r("function(names, env) vapply(names, function(n) exists(n, envir = env, "
                                     "mode = 'function', inherits = FALSE), logical(1))")
        defined = r["defined"](r["ro"].StrVector(list(names)), self.env)
        return {name: bool(flag) for name, flag in zip(names, defined)}

    def call(self, function: str, *args, nout: int = 1):
        r = _rpy2()
        self.calls += 1
        r["console"].clear()
        try:
            target = self.env[function]  # its own environment only (rpy2 looks in that frame)
        except KeyError:  # the implementation's error, not the engine's
            raise AdapterError(f"[R] the implementation has no function {function}()") from None
        try:
            return self.from_r(target(*[self.to_r(arg) for arg in args]))
        except r["RRuntimeError"] as error:
            raise AdapterError(str(error).strip() or "".join(r["console"]).strip()) from error

    def _run_scenario(self, inputs: ScenarioInputs) -> dict:
        return self.call("run_scenario", inputs.X, inputs.Y, inputs.params, inputs.options,
                         inputs.check_masks, inputs.permutations.astype(np.float64), inputs.train_masks,
                         inputs.check_directions)

    def crossing_seconds(self, *payload) -> float:
        r = _rpy2()
        if "noop" not in r:  # parsed once: the timing is of the crossing, not of R's parser
            r["noop"] = r["ro"].r("function(...) length(list(...))")
        noop = r["noop"]
        start = time.perf_counter()
        self.from_r(noop(*[self.to_r(item) for item in payload]))
        return time.perf_counter() - start

    def version(self) -> str:
        ro = _rpy2()["ro"]
        blas_lib = ro.r('extSoftVersion()[["BLAS"]]')[0]
        return f"{ro.r('R.version.string')[0]}; BLAS {blas_lib}"
