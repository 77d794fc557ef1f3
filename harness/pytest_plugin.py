"""pytest plugin (registered as `nnparity` under the pytest11 entry point): parity tests in your repository.

    def test_my_port(parity):
        parity.run("circles-*", impl={"r": "ports/my_r"}).assert_agree()

A failing `assert_agree` prints the blame report. Scenario files become test items, one per
scenario × language (selectable with -k, like scikit-learn's parametrize_with_checks): files
named `parity_*.toml` wherever pytest collects, and those given with --parity-scenarios.

The `parity` fixture is session-scoped: one set of engines (one R, one Octave) per test process,
so per xdist worker. A language whose engine cannot start fails the test with the reason, or
skips it with --parity-skip-missing.

Loaded in every pytest run where nnparity is installed: nothing heavy is imported until a test
asks for parity.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import LANGUAGE_LABELS, LANGUAGES


def pytest_addoption(parser):
    group = parser.getgroup("nnparity", "cross-language parity tests (nnparity)")
    group.addoption("--parity-impl", action="append", default=[], metavar="LANG=DIR",
                    help="use the implementation in DIR for LANG (python, r or octave) in every parity test")
    group.addoption("--parity-languages", default=None, metavar="LIST",
                    help="comma list of the languages parity tests run (default: python,r,octave)")
    group.addoption("--parity-scenarios", action="append", default=[], metavar="PATH",
                    help="collect this scenario TOML file as test items, one per scenario × language")
    group.addoption("--parity-skip-missing", action="store_true",
                    help="skip, rather than fail, the parity tests of a language whose engine cannot start")


def _languages(config) -> list[str]:
    text = config.getoption("parity_languages")
    if not text:
        return list(LANGUAGES)
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [language for language in chosen if language not in LANGUAGES]
    if unknown or not chosen:
        raise pytest.UsageError(f"--parity-languages takes a comma list of {', '.join(LANGUAGES)}; got {text!r}")
    return chosen


def _impl(config) -> dict:
    impl = {}
    for text in config.getoption("parity_impl"):
        language, _, directory = text.partition("=")
        folder = Path(directory)
        if language.lower() not in LANGUAGES or not directory or not folder.is_dir():
            raise pytest.UsageError(f"--parity-impl takes LANG=DIR with LANG one of {', '.join(LANGUAGES)} "
                                    f"and DIR an existing folder; got {text!r}")
        impl[language.lower()] = folder.resolve()
    return impl


def pytest_configure(config):
    config.addinivalue_line("markers", "parity: a scenario × language item collected by nnparity")
    # Checked once, at start-up: a usage error, not one failure per test.
    _languages(config)
    _impl(config)
    extra = [str(Path(p)) for p in config.getoption("parity_scenarios")]
    if extra:
        # Collected like command-line arguments (pytest drops a path already under another one).
        config.args = list(config.args) + [p for p in extra if p not in config.args]


class _Parity:
    """What the `parity` fixture gives: `run(...)` returns nnparity.Results (docs/API.md)."""

    def __init__(self, config):
        self.config = config
        self.skip_missing = config.getoption("parity_skip_missing")
        self._harness = None

    @property
    def harness(self):
        if self._harness is None:
            from .api import Harness

            self._harness = Harness(_languages(self.config), _impl(self.config))
            self._harness.on_missing = self._on_missing
        return self._harness

    def _on_missing(self, missing: dict) -> None:
        names = ", ".join(LANGUAGE_LABELS[language] for language in missing)
        why = "; ".join(f"{LANGUAGE_LABELS[language]}: {message}" for language, message in missing.items())
        if self.skip_missing:
            pytest.skip(f"nnparity: the {names} engine could not start ({why})")
        pytest.fail(f"nnparity: the {names} engine could not start, so this parity test cannot run. {why}\n"
                    f"Install it (nnparity doctor says what is missing), leave it out with "
                    f"--parity-languages, or pass --parity-skip-missing to skip such tests.", pytrace=False)

    def run(self, *selectors, impl: dict | None = None, languages=None, reuse: bool = False):
        """Run scenarios (files, folders, ids, `prefix*`) and compare; `impl`: {language: folder}
        for this call (relative folders are relative to the current directory)."""
        return self.harness.run(*selectors, impl=impl, languages=languages, reuse=reuse)

    def load_scenarios(self, *selectors):
        from .api import load_scenarios

        return load_scenarios(*selectors)

    def close(self):
        if self._harness is not None:
            self._harness.close()
            self._harness = None


def _parity(config) -> _Parity:
    """The process's one _Parity (its engines), shared by the fixture and the scenario items."""
    if not hasattr(config, "_nnparity"):
        config._nnparity = _Parity(config)
    return config._nnparity


def pytest_unconfigure(config):
    if hasattr(config, "_nnparity"):
        config._nnparity.close()


@pytest.fixture(scope="session")
def parity(pytestconfig) -> _Parity:
    """Runs nnparity scenarios in this test process's engines: `parity.run(...).assert_agree()`."""
    return _parity(pytestconfig)


# -- scenario files as test items ------------------------------------------------------------------
def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix != ".toml":
        return None
    named = {Path(p).resolve() for p in parent.config.getoption("parity_scenarios")}
    if file_path.name.startswith("parity_") or file_path.resolve() in named:
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ParityFailure(Exception):
    """A scenario item's failure: its text is the report, shown without a traceback."""


class ScenarioFile(pytest.File):
    def collect(self):
        from .scenario import ScenarioError, load_suite

        try:
            scenarios = load_suite([self.path])
        except ScenarioError as error:  # every problem of the file, as `nnparity run` prints them
            raise self.CollectError("\n".join(error.problems)) from None
        for scenario in scenarios:
            for language in _languages(self.config):
                yield ScenarioItem.from_parent(self, name=f"{scenario.id}[{language}]", scenario=scenario,
                                               language=language)


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario, language, **kwargs):
        super().__init__(**kwargs)
        self.scenario = scenario
        self.language = language
        self.add_marker(pytest.mark.parity)

    def runtest(self):
        from .junit import language_outcomes

        parity = _parity(self.config)
        harness = parity.harness
        # Only this item's own language being absent stops it: the others still compare.
        missing = harness.missing_engines(harness.pool())
        if self.language in missing:
            parity._on_missing({self.language: missing[self.language]})
        # The scenario runs once in all languages; each language's item reads its own share.
        results = harness.run(self.scenario, reuse=True, check_engines=False)
        run = results.runs[0]
        outcome = language_outcomes(run, results.languages)[self.language]
        if outcome.kind == "skipped":
            pytest.skip(outcome.message)
        if outcome.kind != "passed":
            raise ParityFailure(f"{outcome.message}\n\n{run.blame or outcome.text}")

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, ParityFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{self.scenario.id} [{LANGUAGE_LABELS[self.language]}]"
