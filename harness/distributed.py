"""Scenarios on a Dask cluster (`nnparity run --dask ADDRESS`): for matrices larger than one machine.

Each scenario is one task. A Dask worker process keeps one Session (its own R and Octave engines)
for every task it runs with the same settings, so engines start once per worker, not per task.
The results come back as ScenarioRuns, in the scenarios' order, exactly as a local run returns them.
"""

from __future__ import annotations

import atexit
import threading

_sessions: dict = {}
_lock = threading.Lock()


def _session(settings: tuple):
    from .run import Session

    with _lock:
        if settings not in _sessions:
            languages, impl_dirs, timeout, known, memory_budget = settings
            session = Session(list(languages), dict(impl_dirs), timeout, list(known), 1, memory_budget)
            _sessions[settings] = session
            atexit.register(session.close)  # the engines end with the worker process
        return _sessions[settings]


def run_task(scenario, settings: tuple):
    """One scenario in the worker process that runs this task."""
    return _session(settings).run_one(scenario)


def versions_task(settings: tuple) -> dict:
    """The versions a worker's engines report (the run's JSON header), from the worker's Session."""
    return _session(settings).versions()


def run_on_dask(address: str, scenarios, languages, impl_dirs: dict, timeout: float, known=(),
                memory_budget: int | None = None, progress=None, on_versions=None):
    from .run import in_order

    try:
        from distributed import Client
    except ImportError as error:
        raise RuntimeError("--dask needs Dask's distributed package: pip install 'distributed'") from error
    settings = (tuple(languages), tuple(sorted((k, str(v)) for k, v in dict(impl_dirs).items())), float(timeout),
                tuple(known), memory_budget)
    with Client(address, timeout="60s") as client:
        if on_versions:  # asked of a worker, where the engines are, before any result arrives
            on_versions(client.submit(versions_task, settings, pure=False, key="nnparity-versions").result())
        return in_order([client.submit(run_task, scenario, settings, pure=False, key=f"nnparity-{index}-{scenario.id}")
                         for index, scenario in enumerate(scenarios)], progress)
