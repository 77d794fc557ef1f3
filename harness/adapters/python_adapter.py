"""numpy: the implementation is imported from its directory under a module name of its own."""

from __future__ import annotations

import importlib.util
import itertools
import sys

import numpy as np

from ..draws import ScenarioInputs
from ..record import normalise
from .base import Adapter, AdapterError

_module_numbers = itertools.count()


class PythonAdapter(Adapter):
    language = "python"

    def __init__(self, impl_dir=None, **kwargs):
        super().__init__(impl_dir, **kwargs)
        entry = self.port.entry_path  # a package folder (the reference's) or one module file (a shim)
        package = entry.is_dir()
        init = entry / "__init__.py" if package else entry
        if not init.is_file() or init.suffix != ".py":
            raise AdapterError(f"[python] no package or module at {entry}")
        for source in sorted((entry if package else self.impl_dir).rglob("*.py")):
            try:  # every file compiles, whether or not a scenario imports it
                compile(source.read_bytes(), str(source), "exec")
            except (SyntaxError, ValueError) as error:
                raise AdapterError(f"[python] the implementation does not parse: {source}: {error}") from error
        # A unique name per load: the repository's package and mutated copies live side by side.
        name = f"_nnparity_impl_{next(_module_numbers)}"
        spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(entry)] if package else None)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as error:
            del sys.modules[name]
            raise AdapterError(f"[python] cannot import {entry}: {error}") from error
        self.module = module

    def version(self) -> str:
        return f"numpy {np.__version__}, Python {sys.version.split()[0]}"

    def provides(self, names) -> dict:
        return {name: callable(getattr(self.module, name, None)) for name in names}

    def call(self, function: str, *args, nout: int = 1):
        self.calls += 1
        if not callable(getattr(self.module, function, None)):  # the implementation's error, not the engine's
            raise AdapterError(f"[python] the implementation has no function {function}()")
        # Overflow and NaN are results here, compared like any other, not warnings for the terminal.
        with np.errstate(all="ignore"):
            return normalise(getattr(self.module, function)(*args))

    def _run_scenario(self, inputs: ScenarioInputs) -> dict:
        record = self.call("run_scenario", inputs.X, inputs.Y, dict(inputs.params), dict(inputs.options),
                           list(inputs.check_masks), inputs.permutations.copy(), list(inputs.train_masks),
                           inputs.check_directions.copy())
        return record
