"""Run scenarios through the language adapters and compare: the programmatic core of `nnparity run`."""

from __future__ import annotations

import fnmatch
import time
from dataclasses import dataclass, field

from . import LANGUAGES
from .adapters.base import Adapter, LanguageResult, make_adapter
from .compare import ScenarioComparison, compare_results
from .data import DatasetError, load_dataset
from .diagnose import Context
from .draws import ScenarioInputs, draw_inputs
from .known import KnownDifference
from .scenario import Scenario
from .sensitivity import training_allowances, update_allowances
from .tolerances import load_tolerances, sensitivity_factor


@dataclass
class ScenarioRun:
    scenario: Scenario
    results: dict[str, LanguageResult] = field(default_factory=dict)
    comparison: ScenarioComparison | None = None
    expected: list = field(default_factory=list)  # (KnownDifference, QuantityResult)
    stale: list = field(default_factory=list)  # KnownDifference
    error: str = ""  # a failure before any language ran (e.g. the dataset)
    seconds: float = 0.0

    @property
    def unexpected(self) -> list:
        if self.comparison is None:
            return []
        covered = {id(q) for _, q in self.expected}
        return [q for q in self.comparison.disagreements() if id(q) not in covered]

    @property
    def language_errors(self) -> dict:
        return {lang: res.errors for lang, res in self.results.items() if res.errors}

    @property
    def inconclusive(self) -> list[str]:
        """Why the run proves nothing somewhere (a stage not compared in two languages, a quantity
        non-finite wherever it agrees), less what the scenario declares it expects."""
        if self.comparison is None:
            return []
        return [reason for reason in self.comparison.not_compared()
                if not any(fnmatch.fnmatchcase(reason.split(" ")[0], glob) for glob in self.scenario.expect_not_comparable)]

    @property
    def failed(self) -> bool:
        return bool(self.error or self.unexpected or self.stale or self.language_errors)

    @property
    def verdict(self) -> str:
        return "FAIL" if self.failed else "INCONCLUSIVE" if self.inconclusive else "pass"

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"


class AdapterPool:
    """One adapter per language for a whole run; a language that cannot start is an error result."""

    def __init__(self, languages=LANGUAGES, impl_dirs: dict | None = None, timeout: float = 900.0):
        self.adapters: dict[str, Adapter] = {}
        self.failures: dict[str, str] = {}
        for language in languages:
            try:
                self.adapters[language] = make_adapter(language, (impl_dirs or {}).get(language), timeout=timeout)
            except Exception as error:  # noqa: BLE001 - reported per scenario, others go on
                self.failures[language] = f"{type(error).__name__}: {error}"
        self.languages = list(languages)

    def run(self, language: str, inputs: ScenarioInputs) -> LanguageResult:
        if language in self.failures:
            return LanguageResult(language, errors={"bridge": self.failures[language]})
        return self.adapters[language].run(inputs)

    def close(self):
        for adapter in self.adapters.values():
            try:
                adapter.close()
            except Exception:  # noqa: BLE001 - closing must not lose results
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def context_for(scenario: Scenario, inputs: ScenarioInputs) -> Context:
    return Context(m=inputs.m, lambd=scenario.lambd, params=inputs.params, layer_dims=scenario.layer_dims)


def measured_allowances(comparison: ScenarioComparison, scenario: Scenario, inputs: ScenarioInputs,
                        results: dict) -> dict:
    """Sensitivity to rounding of the update and training stages, measured only when they
    disagree (sensitivity.py): a disagreement within it is rounding, not a bug."""
    disagreeing = {q.stage for q in comparison.disagreements()}
    allowances = {}
    if "update" in disagreeing:
        grads = {lang: res.stages["grads"] for lang, res in results.items() if isinstance(res.stages.get("grads"), dict)}
        allowances.update(update_allowances(inputs, grads))
    if "training" in disagreeing:
        allowances.update(training_allowances(inputs, sensitivity_factor(), seed=scenario.seed))
    return allowances


def compare_scenario(scenario: Scenario, inputs: ScenarioInputs, results: dict, tolerances=None) -> ScenarioComparison:
    """Compare one scenario's results; where update or training disagree, again with their
    measured sensitivity to rounding allowed for."""
    context = context_for(scenario, inputs)
    comparison = compare_results(scenario.id, results, context, tolerances)
    allowances = measured_allowances(comparison, scenario, inputs, results)
    if allowances:
        comparison = compare_results(scenario.id, results, context, tolerances, allowances)
    return comparison


def run_scenario(scenario: Scenario, pool: AdapterPool, known: list[KnownDifference] = (),
                 tolerances=None) -> ScenarioRun:
    run = ScenarioRun(scenario)
    start = time.perf_counter()
    try:
        inputs = draw_inputs(scenario, load_dataset(scenario.dataset))
    except DatasetError as error:
        run.error = str(error)
        return run
    for language in pool.languages:
        run.results[language] = pool.run(language, inputs)
    run.comparison = compare_scenario(scenario, inputs, run.results, tolerances)
    mine = [k for k in known if k.scenario == scenario.id and k.language in pool.languages]
    for entry in mine:
        hits = [q for q in run.comparison.quantities
                if q.suspect == entry.language and entry.matches(entry.language, scenario.id, q.quantity)]
        run.expected += [(entry, q) for q in hits]
        if not hits:
            run.stale.append(entry)
    run.seconds = time.perf_counter() - start
    return run


def run_suite(scenarios: list[Scenario], languages=LANGUAGES, known: list[KnownDifference] = (),
              impl_dirs: dict | None = None, progress=None, timeout: float = 900.0) -> list[ScenarioRun]:
    tolerances = load_tolerances()
    runs = []
    with AdapterPool(languages, impl_dirs, timeout) as pool:
        for index, scenario in enumerate(scenarios):
            run = run_scenario(scenario, pool, known, tolerances)
            runs.append(run)
            if progress:
                progress(index, len(scenarios), run)
    return runs
