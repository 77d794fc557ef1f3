"""nnparity: run one L-layer network in numpy, R and Octave on identical inputs and say who is wrong."""

__version__ = "0.1.0"

# Data, scenarios and the three implementations: the repository's folders in a checkout, the
# package's bundled copies once installed (resources.py decides, nothing else looks).
from .resources import DATA_DIR, IMPL_DIRS, REPO_ROOT, SCENARIO_DIR  # noqa: E402

LANGUAGES = ("python", "r", "octave")
LANGUAGE_LABELS = {"python": "Python", "r": "R", "octave": "Octave"}

# `nnparity run`'s exit codes (run.exit_code decides; --help and the README list them).
EXIT_CODES = {0: "every scenario passed", 1: "a disagreement (or an inconclusive or failed scenario)",
              2: "usage error or bad input (a scenario, dataset or argument)",
              3: "an engine could not start, crashed or timed out (the other languages' results are still reported)"}

# The library API (docs/API.md). Imported on first use: `import nnparity` stays cheap (no numpy,
# no engines), which matters to the CLI's start-up and to the pytest plugin, loaded in every run.
# Not `nnparity.run`: that name is the submodule run.py, which any import of it rebinds.
_API = {
    "run_scenarios": "api", "Harness": "api", "Results": "api", "load_scenarios": "api",
    "Scenario": "scenario", "ScenarioError": "scenario", "load_suite": "scenario",
    "ScenarioRun": "run", "Session": "run",
    "Dataset": "data", "DatasetError": "data", "load_dataset": "data",
}
__all__ = ["__version__", "LANGUAGES", *_API]


def __getattr__(name: str):
    if name in _API:
        import importlib

        value = getattr(importlib.import_module(f".{_API[name]}", __name__), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module 'nnparity' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_API))
