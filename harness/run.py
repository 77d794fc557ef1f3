"""Run scenarios through the language adapters and compare: the programmatic core of `nnparity run`."""

from __future__ import annotations

import copy
import fnmatch
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from dataclasses import dataclass, field, replace

import numpy as np

from . import EXIT_CODES, LANGUAGE_LABELS, LANGUAGES  # noqa: F401 - EXIT_CODES documents exit_code
from .adapters.base import Adapter, AdapterError, LanguageResult, make_adapter
from .engine import EngineError
from .record import as_array
from .compare import ScenarioComparison, blames_for, compare_results
from .data import DatasetError
from .diagnose import Context
from .draws import ScenarioInputs, draw_inputs
from .known import KnownDifference
from .scenario import Scenario, scenario_dataset
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
    error: str = ""  # a failure before any language ran (e.g. the dataset), or of the comparison
    error_kind: str = ""  # "input" (bad scenario or data) or "internal" (the harness failed)
    seconds: float = 0.0
    dataset_sha256: str = ""  # of the data this run used: a rerun on other data is visible in the results

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
        absent = {stage for stages in self.partial.values() for stage in stages}
        return [reason for reason in self.comparison.not_compared(absent)
                if not any(fnmatch.fnmatchcase(reason.split(" ")[0], glob) for glob in self.scenario.expect_not_comparable)]

    @property
    def partial(self) -> dict:
        """language -> the stages its port declares it does not provide (nnparity.toml): never
        compared in that language, and said so in the summary and the JSON (docs/PORTING.md:
        the run passes with that note when everything declared agrees)."""
        return {lang: res.not_provided for lang, res in self.results.items() if res.not_provided}

    @property
    def partial_notes(self) -> list[str]:
        return [f"partial port: stages {', '.join(stages)} not compared in {LANGUAGE_LABELS.get(lang, lang)} "
                "(its nnparity.toml declares them absent)" for lang, stages in self.partial.items()]

    @property
    def engine_failed(self) -> bool:
        """A language's engine could not start, crashed or timed out in this scenario."""
        return any("engine" in result.errors for result in self.results.values())

    @property
    def failed(self) -> bool:
        return bool(self.error or self.unexpected or self.stale or self.language_errors)

    @property
    def verdict(self) -> str:
        return "FAIL" if self.failed else "INCONCLUSIVE" if self.inconclusive else "pass"

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"

    @property
    def blames(self) -> dict:
        """language -> Blame (compare.py) for each language suspected of a disagreement."""
        return self.comparison.blames if self.comparison else {}

    @property
    def blame(self) -> str:
        """The blame report of this scenario, as `nnparity run` prints it ("" when it passed)."""
        from .report import details

        return "" if self.passed else "\n".join([f"{self.scenario.id}:"] + details(self))


def exit_code(runs) -> int:
    """The most serious outcome of a run: 3 engine failure, 2 bad input, 1 disagreement, 0 pass."""
    if any(run.engine_failed for run in runs):
        return 3
    if any(run.error_kind == "input" for run in runs):
        return 2
    return 0 if all(run.passed for run in runs) else 1


class AdapterPool:
    """One engine per language (engine.py); a language that cannot start is an error result of
    every scenario, never the end of the run. `run_all` runs the languages of a scenario at once."""

    def __init__(self, languages=LANGUAGES, impl_dirs: dict | None = None, timeout: float = 900.0):
        self.adapters: dict[str, Adapter] = {}
        self.failures: dict[str, tuple[str, str]] = {}  # language -> (error kind, message)
        self.impl_dirs = dict(impl_dirs or {})
        self.timeout = timeout
        self.languages = list(languages)
        self._start(*languages)

    def _start(self, *languages: str) -> None:
        """Start the languages' engines at once (R's and Octave's start-ups overlap), then wait for each."""
        launched = {}
        for language in languages:
            launched[language] = self._attempt(language, lambda: make_adapter(
                language, self.impl_dirs.get(language), timeout=self.timeout, wait=False))
        for language, adapter in launched.items():
            if adapter is not None and self._attempt(language, adapter.finish_start, adapter) is not None:
                self.adapters[language] = adapter
                self.failures.pop(language, None)

    def _attempt(self, language: str, step, result=None):
        """`step()`'s value (or `result`), or None with the failure recorded for the language."""
        try:
            value = step()
        except EngineError as error:  # R or Octave itself cannot start, or the load hung
            self.failures[language] = ("engine", str(error))
            return None
        except Exception as error:  # noqa: BLE001 - the implementation cannot load: its own error
            self.failures[language] = ("load", f"{type(error).__name__}: {error}")
            return None
        return value if result is None else result

    def call(self, language: str, function: str, *args):
        """One function of a language's implementation (raises when the language is not running)."""
        if language not in self.adapters:
            raise AdapterError(f"{language} is not running: {self.failures.get(language, ('', 'not started'))[1]}")
        return self.adapters[language].call(function, *args)

    def run(self, language: str, inputs: ScenarioInputs) -> LanguageResult:
        return self.run_all(inputs, [language])[language]

    def run_all(self, inputs: ScenarioInputs, languages=None) -> dict[str, LanguageResult]:
        """Every language's result for one scenario; the engines compute concurrently."""
        languages = list(languages or self.languages)
        for language in languages:
            if language in self.failures and self.failures[language][0] == "engine":
                self._start(language)  # an engine that could not start gets one new try per scenario
        started = []
        for language in languages:
            if language in self.adapters:
                self.adapters[language].start_run(inputs)
                started.append(language)
        results = {}
        for language in languages:
            if language in started:
                results[language] = self.adapters[language].finish_run()
            else:
                kind, message = self.failures[language]
                results[language] = LanguageResult(language, errors={kind: message})
        return results

    def replacing(self, language: str, adapter: Adapter) -> "AdapterPool":
        """A view of this pool with `language` served by `adapter` (a mutated copy, say); closing
        the view closes nothing."""
        view = copy.copy(self)
        view.adapters = dict(self.adapters, **{language: adapter})
        view.failures = {other: failure for other, failure in self.failures.items() if other != language}
        view.close = lambda: None
        return view

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
                 tolerances=None, inputs: ScenarioInputs | None = None, results: dict | None = None,
                 memory_budget: int | None = None) -> ScenarioRun:
    """One scenario in every language of `pool`, compared. Never raises: a failure of the inputs
    is the run's `error`, one of a language is that language's result, one of the comparison is
    reported as an internal error of this scenario."""
    run = ScenarioRun(scenario)
    start = time.perf_counter()
    try:
        if inputs is None:
            inputs = scenario_inputs(scenario, memory_budget)
    except ScenarioInputError as error:
        run.error, run.error_kind = str(error), "input"
        return run
    run.dataset_sha256 = inputs.dataset_sha256
    try:
        run.results = dict(results) if results is not None else pool.run_all(inputs)
        run.comparison = compare_scenario(scenario, inputs, run.results, tolerances, call=pool.call)
        mine = [k for k in known if k.scenario == scenario.id and k.language in pool.languages]
        for entry in mine:
            hits = [q for q in run.comparison.quantities
                    if q.suspect == entry.language and entry.matches(entry.language, scenario.id, q.quantity)]
            run.expected += [(entry, q) for q in hits]
            if not hits:
                run.stale.append(entry)
    except Exception as error:  # noqa: BLE001 - a harness failure is this scenario's result, not the run's end
        run.comparison = None
        run.error, run.error_kind = f"internal error while comparing: {type(error).__name__}: {error}", "internal"
    run.seconds = time.perf_counter() - start
    return run


class ScenarioInputError(ValueError):
    """A scenario's inputs cannot be made: its dataset is bad, or its arrays would not fit."""


def memory_budget_bytes() -> int:
    """Default budget for one scenario's arrays in one language: a quarter of the memory available."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024 // 4
    except OSError:
        pass
    return 4 * 1024 ** 3


def estimated_bytes(scenario: Scenario, m: int) -> int:
    """What one language holds at its peak for a scenario, roughly: per layer its activations and
    their gradients and caches over all m examples (six m-wide arrays), the training masks, and per
    parameter about a dozen copies (params, grads, optimiser state, flat vectors, the check)."""
    dims = list(scenario.layer_dims)
    n_parameters = sum(dims[l] * (dims[l - 1] + 1) for l in range(1, len(dims)))
    activations = 6 * m * sum(dims)
    masks = m * scenario.num_epochs * sum(dims[1:-1]) if scenario.keep_prob < 1 else 0
    return 8 * (activations + masks + 12 * n_parameters)


def _size(n_bytes: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n_bytes < 1024 or unit == "TB":
            return f"{n_bytes:.1f} {unit}" if unit != "B" else f"{int(n_bytes)} B"
        n_bytes /= 1024
    return ""


def scenario_inputs(scenario: Scenario, memory_budget: int | None = None) -> ScenarioInputs:
    """The scenario's drawn inputs, after its dataset is checked and its size is within budget."""
    try:
        dataset = scenario_dataset(scenario)
    except DatasetError as error:
        raise ScenarioInputError(str(error)) from error
    except (OSError, ValueError) as error:  # unreadable file, a cell that is not a number, ragged rows
        raise ScenarioInputError(f"dataset '{scenario.dataset}': {error}") from error
    budget = memory_budget or memory_budget_bytes()
    needed = estimated_bytes(scenario, dataset.X.shape[1])
    if needed > budget:
        raise ScenarioInputError(
            f"scenario '{scenario.id}': its arrays would take about {_size(needed)} in each language "
            f"(layer_dims {list(scenario.layer_dims)}, m {dataset.X.shape[1]}), more than the memory budget "
            f"of {_size(budget)} (--memory-budget)")
    try:
        return draw_inputs(scenario, dataset)
    except MemoryError as error:
        raise ScenarioInputError(f"scenario '{scenario.id}': drawing its inputs ran out of memory") from error


def in_order(futures, progress=None) -> list:
    """The futures' results in submission order, `progress(index, total, run)` called in that order
    as each becomes available: the output of a parallel run is the output of a sequential one."""
    runs = []
    for index, future in enumerate(futures):
        runs.append(future.result())
        if progress:
            progress(index, len(futures), runs[-1])
    return runs


class Session:
    """The one harness object behind run, mutants, gradcheck, book and fuzz: it owns the engines
    (one set per job), the known differences and the tolerances, and runs scenarios in order or
    on `jobs` engine sets at once, returning them in the scenarios' order either way."""

    def __init__(self, languages=LANGUAGES, impl_dirs: dict | None = None, timeout: float = 900.0,
                 known: list[KnownDifference] = (), jobs: int = 1, memory_budget: int | None = None):
        self.languages = list(languages)
        self.impl_dirs = dict(impl_dirs or {})
        self.timeout = timeout
        self.known = list(known)
        self.jobs = max(1, int(jobs))
        self.memory_budget = memory_budget
        self.tolerances = load_tolerances()
        self._pools: list[AdapterPool] = []
        self._free: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._inputs: dict = {}
        self._results: dict = {}

    def pool(self) -> AdapterPool:
        """The first engine set (started on first use): for single calls and sequential work."""
        if not self._pools:
            self._pools.append(AdapterPool(self.languages, self.impl_dirs, self.timeout))
            self._free.put(self._pools[0])
        return self._pools[0]

    def call(self, language: str, function: str, *args):
        return self.pool().call(language, function, *args)

    def inputs(self, scenario: Scenario) -> ScenarioInputs:
        """The scenario's inputs, drawn once per session (raises ScenarioInputError)."""
        if scenario not in self._inputs:
            self._inputs[scenario] = scenario_inputs(scenario, self.memory_budget)
        return self._inputs[scenario]

    def clean_results(self, scenario: Scenario) -> dict[str, LanguageResult]:
        """Every language's result for the scenario with the session's own implementations,
        computed once and reused (mutation testing compares many copies of one language with them)."""
        if scenario not in self._results:
            self._results[scenario] = self.pool().run_all(self.inputs(scenario))
        return self._results[scenario]

    def run_replacing(self, scenario: Scenario, language: str, adapter: Adapter) -> ScenarioRun:
        """The scenario with `language` served by `adapter` and the others' results reused."""
        try:
            inputs = self.inputs(scenario)
        except ScenarioInputError as error:
            return ScenarioRun(scenario, error=str(error), error_kind="input")
        results = dict(self.clean_results(scenario), **{language: adapter.run(inputs)})
        return run_scenario(scenario, self.pool().replacing(language, adapter), (), self.tolerances, inputs, results)

    def run_one(self, scenario: Scenario, pool: AdapterPool | None = None) -> ScenarioRun:
        """One scenario, its inputs drawn afresh (only mutation testing reuses them: `inputs`)."""
        return run_scenario(scenario, pool or self.pool(), self.known, self.tolerances,
                            memory_budget=self.memory_budget)

    def _borrow(self) -> AdapterPool:
        try:
            return self._free.get_nowait()
        except queue.Empty:
            with self._lock:
                if len(self._pools) < self.jobs:
                    pool = AdapterPool(self.languages, self.impl_dirs, self.timeout)
                    self._pools.append(pool)
                    return pool
            return self._free.get()

    def run(self, scenarios: list[Scenario], progress=None) -> list[ScenarioRun]:
        """Every scenario, in order; `progress(index, total, run)` is called in order as well."""
        if self.jobs == 1 or len(scenarios) <= 1:
            runs = []
            for index, scenario in enumerate(scenarios):
                runs.append(self.run_one(scenario))
                if progress:
                    progress(index, len(scenarios), runs[-1])
            return runs
        self.pool()  # the first engine set starts here, the others as jobs need them

        def job(scenario):
            pool = self._borrow()
            try:
                return self.run_one(scenario, pool)
            finally:
                self._free.put(pool)

        with ThreadPoolExecutor(self.jobs) as executor:  # threads only wait on engine processes
            return in_order([executor.submit(job, scenario) for scenario in scenarios], progress)

    def versions(self) -> dict:
        """The versions behind this session's numbers (run_header): each language's own, from its
        engine (cheap once started; None when it could not start), and the bridges' packages."""
        return engine_versions(self.pool(), self.languages)

    def close(self):
        for pool in self._pools:
            pool.close()
        self._pools = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def engine_versions(pool: AdapterPool, languages) -> dict:
    from .doctor import _package  # package metadata: importing rpy2 or oct2py here would start R or Octave

    found = {name: _package(name) for name in ("numpy", "rpy2", "oct2py")}
    for language in LANGUAGES:
        version = None
        if language in languages and language in pool.adapters:
            try:
                version = pool.adapters[language].version()
            except Exception:  # noqa: BLE001 - an engine that broke has no version to report
                version = None
        found[language] = version
    return found


def run_header(languages, versions: dict, scenarios: int, tolerances=None) -> dict:
    """What a run's results depend on besides the scenarios: the header of --json (docs/API.md).
    Deterministic on purpose (no time, no host): -j, --shard + merge and --dask give the same."""
    from . import __version__

    tolerances = load_tolerances() if tolerances is None else tolerances
    return {"nnparity": __version__, "languages": list(languages), "scenarios": scenarios,
            "tolerances": {t.quantity: {"rule": t.rule, "atol": t.atol, "rtol": t.rtol} for t in tolerances},
            "versions": versions}


def run_suite(scenarios: list[Scenario], languages=LANGUAGES, known: list[KnownDifference] = (),
              impl_dirs: dict | None = None, progress=None, timeout: float = 900.0, jobs: int = 1) -> list[ScenarioRun]:
    with Session(languages, impl_dirs, timeout, known, jobs) as session:
        return session.run(scenarios, progress)
