"""The library API (docs/API.md): load scenarios, run them, look at the results in Python.

    import nnparity
    results = nnparity.run_scenarios("circles-*", impl={"r": "ports/my_r"})
    results.passed, results.blame, results.to_frame()

`Harness` keeps its engines between runs (one R and one Octave process for all of them); the
pytest plugin (pytest_plugin.py) holds one per test process. A language given another
implementation for one run gets an engine of its own for that folder, kept for later runs too,
while the other languages go on using the shared engines.
"""

from __future__ import annotations

from pathlib import Path

from . import IMPL_DIRS, LANGUAGES


def load_scenarios(*selectors) -> list:
    """Scenarios from TOML files or folders, ids and `prefix*` selectors (ids are looked up in the
    files named, or in the default suite), or Scenario objects; raises ScenarioError."""
    from .scenario import Scenario, resolve

    chosen = [s for s in selectors if isinstance(s, Scenario)]
    names = [str(s) for s in selectors if not isinstance(s, Scenario)]
    return chosen + (resolve(names) if names or not chosen else [])


class Results:
    """The outcome of running scenarios: one ScenarioRun per scenario (run.py), in order."""

    def __init__(self, runs, languages, header: dict | None = None):
        self.runs = list(runs)
        self.languages = list(languages)
        self.header = header or {}  # tolerances and versions, as in the --json header

    def __iter__(self):
        return iter(self.runs)

    def __len__(self) -> int:
        return len(self.runs)

    def __getitem__(self, scenario_id: str):
        for run in self.runs:
            if run.scenario.id == scenario_id:
                return run
        raise KeyError(scenario_id)

    @property
    def passed(self) -> bool:
        """Every scenario passed (not failed, not inconclusive)."""
        return all(run.passed for run in self.runs)

    @property
    def failed(self) -> list:
        return [run for run in self.runs if not run.passed]

    @property
    def blames(self) -> dict:
        """{scenario id: {language: Blame}} for the scenarios where a language is suspected."""
        return {run.scenario.id: dict(run.blames) for run in self.runs if run.blames}

    @property
    def blame(self) -> str:
        """The blame report of every scenario that did not pass ("" when all passed)."""
        return "\n".join(run.blame for run in self.failed)

    @property
    def exit_code(self) -> int:
        """What `nnparity run` would exit with: 0 pass, 1 disagreement, 2 bad input, 3 engine failure."""
        from .run import exit_code

        return exit_code(self.runs)

    def summary(self) -> str:
        """The table `nnparity run` prints, the blame report and the closing `N passed, N failed`."""
        from . import report

        return "\n".join(report.summary(self.runs, self.languages) + ["", report.closing_line(self.runs)])

    def rows(self) -> list[dict]:
        from . import report

        return report.rows(self.runs)

    def to_frame(self):
        """One row per scenario × language × quantity (and each scenario's verdict row), as the
        --json file holds them, in a pandas DataFrame."""
        import pandas

        return pandas.DataFrame(self.rows())

    def to_json(self, path) -> None:
        """The --json file of `nnparity run`: the header row, then the rows."""
        from . import report

        report.write_json(self.runs, path, header=self.header or None)

    def to_junit(self, path) -> None:
        from .junit import write_runs

        write_runs(self.runs, path)

    def assert_agree(self) -> "Results":
        """Raise AssertionError with the blame report unless every scenario passed."""
        if not self.passed:
            raise AssertionError("the languages do not agree:\n" + self.summary())
        return self

    def __repr__(self) -> str:
        from .report import closing_line

        return f"<nnparity.Results {closing_line(self.runs)}>"


class Harness:
    """Engines kept across runs (see the module docstring). `impl`: {language: folder} used by
    every run; `known`: apply the known-differences lists of the bundled implementations."""

    def __init__(self, languages=LANGUAGES, impl: dict | None = None, known: bool = True,
                 timeout: float = 900.0, jobs: int = 1, memory_budget: int | None = None):
        from .known import load_known
        from .run import Session

        self.languages = list(languages)
        self.impl = {language: Path(directory).resolve() for language, directory in (impl or {}).items()}
        unknown = sorted(set(self.languages) - set(LANGUAGES)) + sorted(set(self.impl) - set(LANGUAGES))
        if unknown:
            raise ValueError(f"unknown language {', '.join(unknown)} (expected {', '.join(LANGUAGES)})")
        self.known = load_known(self.languages) if known else []
        self.session = Session(self.languages, self.impl, timeout, self.known, jobs, memory_budget)
        self.timeout = timeout
        self._overrides: dict = {}  # (language, folder) -> adapter, or (kind, message) when it failed
        self._cache: dict = {}
        self._versions = None

    # engines ----------------------------------------------------------------------------------
    def _folder(self, language: str) -> Path:
        return self.impl.get(language, IMPL_DIRS[language]).resolve()

    def _override(self, language: str, folder: Path):
        from .adapters import make_adapter
        from .engine import EngineError

        key = (language, folder)
        if key not in self._overrides:
            try:
                self._overrides[key] = make_adapter(language, folder, timeout=self.timeout)
            except EngineError as error:
                self._overrides[key] = ("engine", str(error))
            except Exception as error:  # noqa: BLE001 - the port cannot load: that is its result
                self._overrides[key] = ("load", f"{type(error).__name__}: {error}")
        return self._overrides[key]

    def pool(self, impl: dict | None = None, languages=None):
        """The engines for one run: the shared ones, with `impl`'s languages served from their folders."""
        base = self.session.pool()
        languages = list(languages or self.languages)
        changed = {language: Path(directory).resolve() for language, directory in (impl or {}).items()}
        changed = {language: folder for language, folder in changed.items() if folder != self._folder(language)}
        if not changed and languages == base.languages:
            return base
        extra = sorted(set(languages) - set(self.languages))
        if extra:
            raise ValueError(f"this Harness runs {', '.join(self.languages)}; not {', '.join(extra)}")
        from .run import AdapterPool

        # A view of the shared engines (as AdapterPool.replacing makes one): closing it closes nothing.
        view = object.__new__(AdapterPool)
        view.__dict__.update(base.__dict__, adapters=dict(base.adapters), failures=dict(base.failures))
        view.close = lambda: None
        view.languages = languages
        view.impl_dirs = dict(base.impl_dirs, **changed)
        for language, folder in changed.items():
            served = self._override(language, folder)
            view.adapters.pop(language, None)
            view.failures.pop(language, None)
            if isinstance(served, tuple):
                view.failures[language] = served
            else:
                view.adapters[language] = served
        return view

    def missing_engines(self, pool) -> dict:
        """{language: message} for the languages whose engine could not start (R or Octave absent)."""
        return {language: message for language, (kind, message) in pool.failures.items()
                if kind == "engine" and language in pool.languages}

    def on_missing(self, missing: dict) -> None:
        """Called before a run when engines could not start; the run then reports them as engine
        failures. The pytest plugin fails (or skips) the test here instead."""

    def versions(self) -> dict:
        if self._versions is None:
            self._versions = self.session.versions()
        return self._versions

    # runs -------------------------------------------------------------------------------------
    def run(self, *selectors, impl: dict | None = None, languages=None, reuse: bool = False,
            check_engines: bool = True) -> Results:
        """Run the selected scenarios (load_scenarios) and compare the languages. `impl`: other
        implementation folders for this run; `reuse`: return a scenario's earlier result
        with the same folders instead of running it again; `check_engines`: call on_missing."""
        from .run import ScenarioInputError, ScenarioRun, run_header, run_scenario

        scenarios = load_scenarios(*selectors)
        pool = self.pool(impl, languages)
        missing = self.missing_engines(pool)
        if missing and check_engines:
            self.on_missing(missing)
        overridden = {language for language in pool.languages if pool.impl_dirs.get(language) != self.impl.get(language)}
        # A known difference describes a bundled implementation: another folder does not inherit it.
        known = [k for k in self.known if k.language not in overridden]
        key_impl = tuple(sorted((language, str(folder)) for language, folder in pool.impl_dirs.items()))
        runs = []
        for scenario in scenarios:
            key = (scenario, key_impl, tuple(pool.languages))
            if reuse and key in self._cache:
                runs.append(self._cache[key])
                continue
            try:
                inputs = self.session.inputs(scenario)
            except ScenarioInputError as error:
                run = ScenarioRun(scenario, error=str(error), error_kind="input")
            else:
                run = run_scenario(scenario, pool, known, self.session.tolerances, inputs)
            self._cache[key] = run
            runs.append(run)
        header = run_header(pool.languages, self.versions(), len(scenarios), self.session.tolerances)
        return Results(runs, pool.languages, header)

    def close(self) -> None:
        for served in self._overrides.values():
            if not isinstance(served, tuple):
                try:
                    served.close()
                except Exception:  # noqa: BLE001 - closing must go on
                    pass
        self._overrides = {}
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run_scenarios(*selectors, languages=LANGUAGES, impl: dict | None = None, known: bool = True,
        timeout: float = 900.0, jobs: int = 1) -> Results:
    """Run scenarios once (engines started and ended here). With several scenarios and jobs > 1,
    they run on `jobs` engine sets at once, as `nnparity run -j`."""
    from .run import run_header

    with Harness(languages, impl, known, timeout, jobs) as harness:
        if jobs == 1:
            return harness.run(*selectors)
        scenarios = load_scenarios(*selectors)
        runs = harness.session.run(scenarios)
        return Results(runs, harness.languages,
                       run_header(harness.languages, harness.versions(), len(scenarios), harness.session.tolerances))
