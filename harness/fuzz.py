"""`nnparity fuzz`: random valid scenarios nobody wrote, drawn with hypothesis strategies.

Every field is drawn over its whole documented range (scenario.py validates each drawn scenario
like a hand-written one). Each scenario runs in every language; a scenario that does not pass is
shrunk — field by field towards the simplest value that still fails — and written as a TOML file
that `nnparity run FILE` replays. The same draws serve `nnparity mutants --fuzz K`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from .data import load_manifest
from .scenario import (GRAD_CHECK_MODES, HIDDEN_ACTIVATIONS, INIT_SCHEMES, LR_SCHEDULES, OPTIMIZERS,
                       Scenario, scenario_from_table)

MAX_HIDDEN_LAYERS = 4
MAX_WIDTH = 12
MAX_EPOCHS = 3


def _log_uniform(low: float, high: float):
    return st.floats(math.log10(low), math.log10(high)).map(lambda exponent: float(10 ** exponent))


@st.composite
def scenario_tables(draw, manifest: dict | None = None) -> dict:
    """One valid [[scenario]] table over the whole field space."""
    manifest = load_manifest() if manifest is None else manifest
    dataset = draw(st.sampled_from(sorted(manifest)))
    entry = manifest[dataset]
    classes = entry["label_max"] + 1
    output = draw(st.sampled_from(("sigmoid", "softmax") if classes == 2 else ("softmax",)))
    hidden = draw(st.lists(st.integers(1, MAX_WIDTH), min_size=0, max_size=MAX_HIDDEN_LAYERS))
    m = entry["examples"]
    table = {
        "dataset": dataset,
        "layer_dims": [entry["features"], *hidden, 1 if output == "sigmoid" else classes],
        "hidden_activation": draw(st.sampled_from(HIDDEN_ACTIVATIONS)),
        "output_activation": output,
        "lambd": draw(st.one_of(st.just(0.0), st.floats(0.0, 5.0))),
        "keep_prob": draw(st.one_of(st.just(1.0), st.floats(0.5, 1.0))),
        "init": draw(st.sampled_from(INIT_SCHEMES)),
        "init_gain": draw(_log_uniform(0.1, 10.0)),
        "optimizer": draw(st.sampled_from(OPTIMIZERS)),
        "learning_rate": draw(_log_uniform(1e-4, 1.0)),
        "beta": draw(st.floats(0.0, 0.99)),
        "beta1": draw(st.floats(0.0, 0.99)),
        "beta2": draw(st.floats(0.0, 0.9999)),
        "optimizer_epsilon": draw(_log_uniform(1e-8, 1e-4)),
        "lr_schedule": draw(st.sampled_from(LR_SCHEDULES)),
        "decay_rate": draw(st.floats(0.0, 1.0)),
        "batch_size": draw(st.one_of(st.integers(1, m), st.sampled_from((32, 64, m)))),
        "num_epochs": draw(st.integers(1, MAX_EPOCHS)),
        "grad_check_epsilon": draw(_log_uniform(1e-7, 1e-5)),
        "grad_check_mode": draw(st.sampled_from(GRAD_CHECK_MODES)),
        "seed": draw(st.integers(0, 2**32 - 1)),
    }
    return table


def draw_scenarios(count: int, seed: int, prefix: str = "fuzz") -> list[Scenario]:
    """`count` scenarios, the same ones for the same seed (and hypothesis version)."""
    manifest = load_manifest()
    tables: list[dict] = []

    @hypothesis_seed(seed)
    @settings(max_examples=count, phases=[Phase.generate], database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(scenario_tables(manifest))
    def collect(table):
        tables.append(table)

    collect()
    return [scenario_from_table(dict(table, id=f"{prefix}-{seed}-{index + 1:04d}"), manifest, where=f"fuzz seed {seed}")
            for index, table in enumerate(tables[:count])]


# Simplifications tried when shrinking, in order: each maps a scenario to a simpler one (or None).
def _simplifications(scenario: Scenario):
    dims = list(scenario.layer_dims)
    m = load_manifest()[scenario.dataset]["examples"]
    yield "one epoch", dict(num_epochs=1)
    for index in range(1, len(dims) - 1):
        yield f"drop hidden layer {index}", dict(layer_dims=tuple(dims[:index] + dims[index + 1:]))
    for index in range(1, len(dims) - 1):
        if dims[index] > 1:
            yield f"halve hidden layer {index}", dict(layer_dims=tuple(dims[:index] + [dims[index] // 2] + dims[index + 1:]))
    yield "no dropout", dict(keep_prob=1.0)
    yield "no L2", dict(lambd=0.0)
    yield "plain gd", dict(optimizer="gd")
    yield "no schedule", dict(lr_schedule="none", decay_rate=0.0)
    yield "full batch", dict(batch_size=m)
    yield "full gradient check", dict(grad_check_mode="full")
    yield "default epsilon", dict(grad_check_epsilon=1e-7)
    yield "unit gain", dict(init_gain=1.0)
    yield "relu", dict(hidden_activation="relu")
    yield "he init", dict(init="he")


def shrink(scenario: Scenario, still_fails, budget: int = 30) -> tuple[Scenario, list[str]]:
    """Greedy shrinking: apply each simplification that keeps the scenario failing, repeat until
    none does (or `budget` reruns are spent). Returns the smallest failing scenario and the steps."""
    steps: list[str] = []
    changed = True
    while changed and budget > 0:
        changed = False
        for label, change in _simplifications(scenario):
            candidate = replace(scenario, **change)
            if candidate == scenario:
                continue
            budget -= 1
            if still_fails(candidate):
                scenario, changed = candidate, True
                steps.append(label)
                break
            if budget <= 0:
                break
    return scenario, steps


def scenario_toml(scenario: Scenario, comment: str = "") -> str:
    """A [[scenario]] table that `nnparity run FILE` loads back into the same scenario."""
    defaults = Scenario(id="x", dataset="x", layer_dims=(1, 1))
    lines = [f"# {line}" for line in comment.splitlines()] + ["[[scenario]]"]
    for name in ("id", "dataset", "layer_dims", *Scenario.OPTION_FIELDS, "init", "init_gain", "seed", "label_column"):
        value = getattr(scenario, name)
        if name not in ("id", "dataset", "layer_dims", "seed") and value == getattr(defaults, name):
            continue
        if isinstance(value, str):
            text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        elif isinstance(value, tuple):
            text = "[" + ", ".join(str(v) for v in value) + "]"
        elif isinstance(value, float):
            text = repr(value)
        else:
            text = str(value)
        lines.append(f"{name} = {text}")
    return "\n".join(lines) + "\n"


@dataclass
class FuzzOutcome:
    scenario: Scenario
    run: object  # run.ScenarioRun
    shrunk: Scenario | None = None
    shrink_steps: list = field(default_factory=list)
    replay_file: Path | None = None


def run_fuzz(count: int, seed: int, languages, out_dir: Path | None, progress=None, timeout: float = 900.0,
             shrink_budget: int = 30, impl_dirs: dict | None = None) -> list[FuzzOutcome]:
    """Draw `count` scenarios, run each in every language; shrink and write each one that does
    not pass (to `out_dir`, as `<id>.toml`)."""
    from .run import Session

    outcomes = []
    with Session(languages, impl_dirs, timeout) as session:
        for index, scenario in enumerate(draw_scenarios(count, seed)):
            outcome = FuzzOutcome(scenario, session.run_one(scenario))
            if not outcome.run.passed:
                outcome.shrunk, outcome.shrink_steps = shrink(
                    scenario, lambda candidate: not session.run_one(candidate).passed, shrink_budget)
                if out_dir is not None:
                    out_dir.mkdir(parents=True, exist_ok=True)
                    outcome.replay_file = out_dir / f"{scenario.id}.toml"
                    shrunk_run = session.run_one(outcome.shrunk)
                    blame = "; ".join(b.describe() for b in shrunk_run.comparison.blames.values()) if shrunk_run.comparison else ""
                    comment = (f"nnparity fuzz --seed {seed}: {scenario.id}, shrunk by: {', '.join(outcome.shrink_steps) or 'nothing'}\n"
                               f"verdict: {shrunk_run.verdict}. {blame or shrunk_run.error or '; '.join(shrunk_run.inconclusive)}")
                    outcome.replay_file.write_text(scenario_toml(outcome.shrunk, comment))
            outcomes.append(outcome)
            if progress:
                progress(index, count, outcome)
    return outcomes


@dataclass
class MutantFuzzOutcome:
    mutant: object  # mutants.Mutant
    exercised: int = 0  # scenarios on which the mutant changes its language's own results
    detected: int = 0
    attributed: int = 0
    tried: int = 0
    misses: list = field(default_factory=list)  # (scenario id, what the harness said)


def fuzz_mutants(mutants, per_mutant: int, seed: int, languages, pool_size: int | None = None, progress=None,
                 timeout: float = 600.0) -> list[MutantFuzzOutcome]:
    """Each mutant on `per_mutant` fuzzed scenarios that exercise it: scenarios on which the
    mutated copy's results differ from the clean copy's in the same language. The clean results
    of all languages are computed once per scenario and shared by every mutant."""
    import tempfile

    from .adapters.base import AdapterError, make_adapter
    from .mutants import _judge, apply_mutant
    from .run import Session, compare_scenario

    scenarios = draw_scenarios(pool_size or max(4 * per_mutant, 40), seed, prefix="mutfuzz")
    outcomes = []
    with Session(languages, timeout=timeout) as session:
        for index, mutant in enumerate(mutants):
            outcome = MutantFuzzOutcome(mutant)
            with tempfile.TemporaryDirectory(prefix=f"nnparity-fuzz-{mutant.id}-") as workdir:
                copy, found = apply_mutant(mutant, Path(workdir))
                try:
                    mutated = make_adapter(mutant.language, copy, timeout=timeout) if found == len(mutant.edits()) else None
                except AdapterError:
                    mutated = None
                if mutated is not None:
                    with mutated:
                        for scenario in scenarios:
                            if outcome.exercised >= per_mutant:
                                break
                            outcome.tried += 1
                            try:
                                inputs = session.inputs(scenario)
                            except ValueError:
                                continue
                            baseline = session.clean_results(scenario)
                            mine = mutated.run(inputs)
                            # Exercised: the mutant changes its own language's results, judged like two
                            # languages (so a trajectory it only nudges into chaos does not count).
                            def own_call(side, function, *args):
                                return (mutated if side == "mutant" else session.pool().adapters[mutant.language]).call(function, *args)

                            own = compare_scenario(scenario, inputs, {"clean": baseline[mutant.language], "mutant": mine},
                                                   session.tolerances, call=own_call)
                            if not (own.disagreements() or set(mine.errors) != set(baseline[mutant.language].errors)):
                                continue
                            outcome.exercised += 1
                            pool = session.pool().replacing(mutant.language, mutated)
                            comparison = compare_scenario(scenario, inputs, dict(baseline, **{mutant.language: mine}),
                                                          session.tolerances, call=pool.call)
                            detected, right, said = _judge(mutant, comparison, stage_only=True)
                            outcome.detected += detected
                            outcome.attributed += detected and right
                            if not (detected and right):
                                outcome.misses.append((scenario.id, said if detected else "not detected"))
            outcomes.append(outcome)
            if progress:
                progress(index, len(mutants), outcome)
    return outcomes
