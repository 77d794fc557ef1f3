"""Run scenarios through the language adapters and compare: the programmatic core of `nnparity run`."""

from __future__ import annotations

import fnmatch
import time
from dataclasses import dataclass, field, replace

import numpy as np

from . import LANGUAGES
from .adapters.base import Adapter, AdapterError, LanguageResult, make_adapter
from .record import as_array
from .compare import ScenarioComparison, blames_for, compare_results
from .data import DatasetError, load_dataset
from .diagnose import Context
from .draws import ScenarioInputs, draw_inputs
from .known import KnownDifference
from .scenario import Scenario
from .sensitivity import update_allowances
from .stepwise import (as_state, chosen_steps, epoch_of, final_params, finite_state, first_disagreeing_update,
                       record_reference, stack, step_allowances)
from .tolerances import load_tolerances, tolerance_for


@dataclass
class ScenarioRun:
    scenario: Scenario
    results: dict[str, LanguageResult] = field(default_factory=dict)
    comparison: ScenarioComparison | None = None
    expected: list = field(default_factory=list)  # (KnownDifference, QuantityResult)
    stale: list = field(default_factory=list)  # KnownDifference
    error: str = ""  # a failure before any language ran (e.g. the dataset)
    seconds: float = 0.0

    def is_expected(self, quantity) -> bool:
        """The one rule for "expected": a known-differences entry matched this disagreement."""
        return any(q is quantity for _, q in self.expected)

    @property
    def unexpected(self) -> list:
        if self.comparison is None:
            return []
        return [q for q in self.comparison.disagreements() if not self.is_expected(q)]

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

    def call(self, language: str, function: str, *args):
        """One function of a language's implementation (raises when the language is not running)."""
        if language not in self.adapters:
            raise AdapterError(f"{language} is not running: {self.failures.get(language, 'not started')}")
        return self.adapters[language].call(function, *args)

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


def measured_allowances(comparison: ScenarioComparison, inputs: ScenarioInputs, results: dict) -> dict:
    """Sensitivity to rounding of the update stage, measured only when it disagrees
    (sensitivity.py): a disagreement within it is rounding, not a bug."""
    if "update" not in {q.stage for q in comparison.disagreements()}:
        return {}
    grads = {lang: res.stages["grads"] for lang, res in results.items() if isinstance(res.stages.get("grads"), dict)}
    return update_allowances(inputs, grads)


def compare_scenario(scenario: Scenario, inputs: ScenarioInputs, results: dict, tolerances=None,
                     call=None) -> ScenarioComparison:
    """Compare one scenario's results. Where the update stage disagrees, again with its measured
    sensitivity to rounding; where training disagrees and `call(language, function, *args)` can
    reach the languages, training is replayed update by update from a common state (stepwise.py)."""
    context = context_for(scenario, inputs)
    comparison = compare_results(scenario.id, results, context, tolerances)
    allowances = measured_allowances(comparison, inputs, results)
    if allowances:
        comparison = compare_results(scenario.id, results, context, tolerances, allowances)
    unsettled = {q.stage for q in comparison.disagreements()} | {q.stage for q in comparison.quantities
                                                                 if q.status == "not_comparable"}
    if call is not None and "training" in unsettled:
        comparison = replay_training(scenario, inputs, results, tolerances, call, allowances) or comparison
    return comparison


def replay_training(scenario: Scenario, inputs: ScenarioInputs, results: dict, tolerances, call,
                    allowances: dict) -> ScenarioComparison | None:
    """Compare training update by update from the reference's recorded states; None when the
    replay cannot run in two languages (the end-to-end comparison then stands)."""
    n_parameters = sum(value.size for value in inputs.params.values())
    steps = chosen_steps(inputs.m, scenario.batch_size, scenario.num_epochs, n_parameters)
    try:
        reference = record_reference(inputs, steps)
    except Exception:  # noqa: BLE001 - the reference cannot replay this scenario: no verdict change
        return None
    # A run that overflows compares the updates before it; predictions come from the last finite state.
    diverged = next((i for i, record in enumerate(reference) if not finite_state(record)), None)
    if diverged is not None:
        diverged_at = int(steps[diverged])
        steps, reference = steps[:diverged], reference[:diverged]
        if len(steps) == 0:
            return None
    states = [as_state(record["before"]) for record in reference]
    replayed = {}
    for language in results:
        try:
            records = call(language, "train_steps", inputs.X, inputs.Y, inputs.params, inputs.options,
                           inputs.permutations.astype(np.float64), list(inputs.train_masks),
                           steps.astype(np.float64).reshape(-1, 1), states)
            replayed[language] = [record["after"] for record in records]
        except Exception:  # noqa: BLE001 - a port without train_steps is simply not replayed
            continue
    if len(replayed) < 2:
        return None
    steps_allowed = step_allowances(inputs, steps, states, {lang: [r["grads"] for r in records]
                                                            for lang, records in replayed.items()})
    widened = {}
    for language, result in results.items():
        stages = dict(result.stages)
        if language in replayed:
            stages["training"] = dict(stages.get("training") or {}, steps=stack(replayed[language]))
        widened[language] = replace(result, stages=stages)
    context = context_for(scenario, inputs)
    every = dict(allowances, **steps_allowed)
    comparison = compare_results(scenario.id, widened, context, tolerances, every)
    replay = [q for q in comparison.quantities if q.quantity.startswith("training.steps.")]
    if any(q.status in ("suspect", "no_majority") for q in replay):
        for q in replay:
            if q.suspect:
                width = inputs.params.get(q.quantity.rsplit(".", 1)[1].lstrip("d"), np.zeros((1, 1))).shape[1]
                first = first_disagreeing_update(q.values, q.suspect, q.majority, steps, width,
                                                 tolerance_for(q.quantity, tolerances or load_tolerances()))
                if first is not None:
                    q.diagnosis = (f"replayed from a common state, update {first} (epoch {epoch_of(first, inputs)}, "
                                   f"t = {first + 1}) is the first that disagrees")
        comparison.blames = blames_for(widened, comparison.quantities)
        return comparison
    # Every update agrees from a common state: the trajectories parted by rounding alone.
    why = (f"chaotic: the trajectories diverged by accumulated rounding, while each of the {len(steps)} "
           f"replayed updates agrees from a common state")
    if diverged is not None:
        why = (f"overflowed: training reaches non-finite parameters by update {diverged_at} in the reference; "
               f"each of the {len(steps)} replayed updates before that agrees from a common state")
    with np.errstate(all="ignore"):
        last, final = final_params(reference, inputs)
    for language, result in widened.items():
        stages = dict(result.stages)
        try:
            labels = call(language, "predict", inputs.X, final, inputs.options["hidden_activation"],
                          inputs.options["output_activation"])
            stages["predict"] = {"labels": as_array(labels), "accuracy": as_array(call(language, "accuracy", labels, inputs.Y))}
        except Exception:  # noqa: BLE001 - its own predictions stay, compared as they are
            pass
        widened[language] = replace(result, stages=stages)
    comparison = compare_results(scenario.id, widened, context, tolerances, every,
                                 demoted={"training.params.": why, "training.costs": why})
    for q in comparison.quantities:
        if q.stage == "predict":
            where = f"after update {int(steps[last])}" if last >= 0 else "before training"
            q.note = (f"predicted from the reference's parameters {where} "
                      "(each language's own trained parameters are not comparable)")
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
    run.comparison = compare_scenario(scenario, inputs, run.results, tolerances, call=pool.call)
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
