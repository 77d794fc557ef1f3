"""The adapter contract: how the harness drives one language's implementation.

An adapter loads an implementation from a directory (the repository's, or a temporary mutated
copy), receives a scenario's arrays once per call, runs the whole scenario inside the language
(`run_scenario`, docs/CONTRACT.md) and returns plain numpy results. It never lets an exception out
of `run`: a language that fails is a result like any other, with its own error message.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import IMPL_DIRS, LANGUAGE_LABELS
from ..draws import ScenarioInputs
from ..port import ManifestError, read_port
from ..record import STAGES, as_array, check_record, normalise  # noqa: F401 - as_array re-exported



class AdapterError(RuntimeError):
    """The language could not be started or loaded."""


@dataclass
class LanguageResult:
    """What one language returned for one scenario: stage -> nested dict of arrays."""

    language: str
    stages: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # stage (or "bridge") -> message
    seconds: float = 0.0
    bridge_calls: int = 0
    # Stages the port declares it does not provide (its nnparity.toml): reported as not compared.
    not_provided: tuple = ()


class Adapter(ABC):
    language: str = ""
    port = None  # read in __init__; None (a stand-in that skips it) counts as a complete port

    def __init__(self, impl_dir: Path | None = None, timeout: float = 900.0, scratch: str | None = None):
        self.scratch = scratch  # a folder of the engine's own for temporary files
        self.impl_dir = Path(impl_dir or IMPL_DIRS[self.language]).resolve()
        self.timeout = timeout
        self.calls = 0
        try:  # read on both sides of an engine: the worker loads the entry, the harness checks the stages
            self.port = read_port(self.impl_dir, self.language)
        except ManifestError as error:
            raise AdapterError(f"[{LANGUAGE_LABELS[self.language]}] {error}") from error

    @abstractmethod
    def _run_scenario(self, inputs: ScenarioInputs) -> dict:
        """Call the language's run_scenario once; return its record as nested Python data."""

    @abstractmethod
    def call(self, function: str, *args, nout: int = 1):
        """Call one function of the implementation with numpy/dict/list arguments."""

    def version(self) -> str:
        return ""

    def provides(self, names) -> dict:
        """name -> whether the implementation defines a function of that name (nnparity conform)."""
        raise NotImplementedError

    def crossing_seconds(self, *payload) -> float:
        """Time to send `payload` into the language and get a scalar back, doing nothing with it."""
        return 0.0

    def close(self) -> None:
        pass

    def run(self, inputs: ScenarioInputs) -> LanguageResult:
        start, calls = time.perf_counter(), self.calls
        result = self.checked_result(inputs, lambda: self._run_scenario(inputs))
        result.seconds = time.perf_counter() - start
        result.bridge_calls = self.calls - calls
        return result

    def checked_result(self, inputs: ScenarioInputs, produce) -> LanguageResult:
        """The LanguageResult of `produce()` (a run_scenario record): every stage checked against
        its schema, every failure a reported error of its own (the engine's under "engine")."""
        from ..engine import EngineError  # the engine module builds on this one

        declared = self.port.stages if self.port else STAGES
        result = LanguageResult(self.language, not_provided=self.port.absent if self.port else ())
        try:
            record = produce()
        except EngineError as error:
            result.errors["engine"] = str(error)
            return result
        except Exception as error:  # noqa: BLE001 - any failure is reported, never raised
            result.errors["bridge"] = f"{type(error).__name__}: {error}".strip()
            return result
        if not isinstance(record, dict):
            result.errors["run_scenario"] = (f"[{LANGUAGE_LABELS[self.language]}] run_scenario must return a record "
                                             f"(dict / named list / struct); got {type(record).__name__}")
            return result
        record = normalise(record)
        errors = record.get("errors")
        for stage, message in (errors if isinstance(errors, dict) else {}).items():
            # A stage the port declares absent is neither compared nor its error (a shim may raise there).
            if stage not in result.not_provided:
                result.errors[stage] = str(message)
        layer_dims = [inputs.X.shape[0]] + [inputs.params[f"W{l}"].shape[0] for l in range(1, len(inputs.params) // 2 + 1)]
        # Checked at the boundary: a malformed stage, or a declared one that is not there, is that
        # language's reported error.
        problems = check_record(record, declared, layer_dims, inputs.m, int(inputs.options.get("num_epochs", 1)),
                                LANGUAGE_LABELS[self.language])
        for stage in declared:
            found = problems.get(stage)
            if found and record.get(stage) is None:  # neither returned nor reported as an error
                result.errors[stage] = found[0]
            elif found:
                result.errors[stage] = (f"[{self.language}] malformed {stage} result: " + "; ".join(found[:4])
                                        + (f" (+{len(found) - 4} more)" if len(found) > 4 else ""))
            elif record.get(stage) is not None:
                result.stages[stage] = record[stage]
        return result

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def make_local_adapter(language: str, impl_dir: Path | None = None, **kwargs) -> Adapter:
    """The language's adapter in this process (what an engine worker hosts)."""
    if language == "python":
        from .python_adapter import PythonAdapter as cls
    elif language == "r":
        from .r_adapter import RAdapter as cls
    elif language == "octave":
        from .octave_adapter import OctaveAdapter as cls
    else:
        raise AdapterError(f"unknown language '{language}' (expected python, r or octave)")
    return cls(impl_dir, **kwargs)


def make_adapter(language: str, impl_dir: Path | None = None, timeout: float = 900.0, wait: bool = True) -> Adapter:
    """The language's implementation in an engine of its own (engine.py): a call that hangs is
    ended after `timeout` seconds, and a crash is a reported error, never the harness's end."""
    from ..engine import EngineAdapter

    if language not in IMPL_DIRS:
        raise AdapterError(f"unknown language '{language}' (expected python, r or octave)")
    return EngineAdapter(language, impl_dir, timeout, wait)  # wait=False: call finish_start() before use
