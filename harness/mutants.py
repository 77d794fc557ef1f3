"""`nnparity mutants`: plant each catalogued bug in a temporary copy of one implementation, run the
scenarios that exercise it, and score whether the harness caught it and blamed it correctly.

The catalog (mutants_catalog/<language>.toml) is data: file, original text, replacement, and what the blame should
be. A mutant whose original text no longer occurs in the source is reported as stale.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import IMPL_DIRS, LANGUAGES, SCENARIO_DIR
from .adapters.base import AdapterError, make_adapter
from .compare import own_check_passes
from .record import STAGE_LABELS, scalar
from .data import load_dataset
from .draws import draw_inputs
from .run import Session
from .resources import MUTANT_CATALOG as CATALOG  # one TOML file per language
from .scenario import load_suite

MUTANT_SUITE = SCENARIO_DIR / "mutants"


@dataclass(frozen=True)
class Mutant:
    id: str
    language: str
    file: str  # relative to the implementation's directory
    original: str
    replacement: str
    scenarios: tuple  # scenario ids (from scenarios/mutants/) that exercise it
    stage: str  # the stage the blame must name (a key of compare.STAGE_LABELS)
    tensor: str = ""  # a prefix the blamed quantities must contain (e.g. "db")
    diagnosis: str = ""  # a phrase the diagnosis must contain
    bug: str = ""  # what the bug is, in words
    equivalent: str = ""  # when non-empty: argued to have no observable effect
    also: tuple = ()  # further edits of the same bug: ({"file", "original", "replacement"}, ...)

    def edits(self) -> list[tuple[str, str, str]]:
        return [(self.file, self.original, self.replacement)] + [(e["file"], e["original"], e["replacement"]) for e in self.also]


def load_catalog(path: Path = CATALOG) -> list[Mutant]:
    """Every mutant of `path`: a catalog file, or a folder of them (read in name order)."""
    files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
    entries = []
    for file in files:
        with file.open("rb") as handle:
            entries += tomllib.load(handle)["mutant"]
    mutants, seen = [], set()
    for index, raw in enumerate(entries):
        missing = [k for k in ("id", "language", "file", "original", "replacement", "scenarios", "stage") if k not in raw]
        if missing:
            raise ValueError(f"{path}: mutant[{index}] lacks {', '.join(missing)}")
        if raw["language"] not in LANGUAGES or raw["stage"] not in STAGE_LABELS:
            raise ValueError(f"{path}: mutant '{raw['id']}': bad language or stage")
        if raw["id"] in seen:
            raise ValueError(f"{path}: mutant id '{raw['id']}' appears twice")
        seen.add(raw["id"])
        mutants.append(Mutant(**dict(raw, scenarios=tuple(raw["scenarios"]),
                                     also=tuple(raw.get("also", ())))))
    return mutants


def apply_mutant(mutant: Mutant, workdir: Path) -> tuple[Path, int]:
    """Copy the language's implementation into workdir and plant the bug.

    Returns the copy and the number of edits whose original text was found at least once; every
    edit must be found (`len(mutant.edits())`) or the mutant is stale.
    """
    source = IMPL_DIRS[mutant.language]
    copy = workdir / source.name
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "tests", "*.pyc"))
    found = 0
    for file, original, replacement in mutant.edits():
        target = copy / file
        text = target.read_text() if target.is_file() else ""
        if original in text:
            found += 1
            target.write_text(text.replace(original, replacement))
    return copy, found


@dataclass
class MutantOutcome:
    mutant: Mutant
    status: str  # caught | missed | stale | error
    detected: bool = False
    attributed: bool = False
    blamed: str = ""  # what the harness said, for the table
    per_scenario: list = field(default_factory=list)  # (scenario id, detected, blame text)
    seconds: float = 0.0
    message: str = ""
    runs: list = field(default_factory=list)  # the ScenarioRun of each scenario, for --artifacts and --html


def _judge(mutant: Mutant, comparison, stage_only: bool = False) -> tuple[bool, bool, str]:
    """Detected, blamed right (language, stage, and unless `stage_only` tensor and diagnosis),
    and what the harness said. `stage_only` serves fuzzed scenarios, whose tensors and numbers
    the catalog entry was not written for."""
    detected = bool(comparison.disagreements()) or bool(comparison.errors)
    blame = comparison.blames.get(mutant.language)
    if blame is None:
        others = ", ".join(sorted(comparison.blames)) or ("no majority" if comparison.no_majority else "nobody")
        return detected, False, f"blamed {others}"
    right = (blame.stage == mutant.stage and set(comparison.blames) == {mutant.language}
             and (stage_only or not mutant.tensor or any(q.split(".")[-1].startswith(mutant.tensor) for q in blame.quantities))
             and (stage_only or not mutant.diagnosis or mutant.diagnosis in blame.diagnosis))
    return detected, right, blame.describe()


def run_mutants(mutants: list[Mutant], languages=LANGUAGES, progress=None, timeout: float = 600.0) -> list[MutantOutcome]:
    """Plant each mutant in a temporary copy of its language and run its scenarios through one
    Session: the clean languages' results are computed once and reused by every mutant."""
    suite = {s.id: s for s in load_suite([MUTANT_SUITE, SCENARIO_DIR / "default"])}
    outcomes = []
    with Session(languages, timeout=timeout) as session:
        for index, mutant in enumerate(mutants):
            start = time.perf_counter()
            outcome = MutantOutcome(mutant, "missed")
            with tempfile.TemporaryDirectory(prefix=f"nnparity-{mutant.id}-") as workdir:
                copy, found = apply_mutant(mutant, Path(workdir))
                if found < len(mutant.edits()):
                    outcome.status = "stale"
                    outcome.message = f"original text not found in {mutant.language} {', '.join(f for f, _, _ in mutant.edits())}"
                else:
                    try:
                        mutated = make_adapter(mutant.language, copy, timeout=timeout)
                    except AdapterError as error:
                        mutated, outcome.status, outcome.message = None, "error", str(error)
                    if mutated is not None:
                        with mutated:
                            for scenario_id in mutant.scenarios:
                                run = session.run_replacing(suite[scenario_id], mutant.language, mutated)
                                outcome.runs.append(run)
                                if run.comparison is None:
                                    outcome.per_scenario.append((scenario_id, True, run.error))
                                    outcome.detected = True
                                    continue
                                detected, right, said = _judge(mutant, run.comparison)
                                outcome.per_scenario.append((scenario_id, detected, said))
                                outcome.detected |= detected
                                if detected and (not outcome.blamed or (right and not outcome.attributed)):
                                    outcome.blamed, outcome.attributed = said, right
                        outcome.status = "caught" if outcome.detected else "missed"
            outcome.seconds = time.perf_counter() - start
            outcomes.append(outcome)
            if progress:
                progress(index, len(mutants), outcome)
    return outcomes


def rates(outcomes: list[MutantOutcome]) -> dict:
    """Detection and attribution rates per language and overall (equivalent mutants excluded)."""
    table = {}
    for language in list(LANGUAGES) + ["all"]:
        chosen = [o for o in outcomes if (language == "all" or o.mutant.language == language) and not o.mutant.equivalent]
        if not chosen:
            continue
        table[language] = {"mutants": len(chosen),
                           "detected": sum(o.detected for o in chosen),
                           "attributed": sum(o.attributed for o in chosen),
                           "stale": sum(o.status == "stale" for o in chosen)}
    return table


@dataclass
class OwnCheckOutcome:
    """Whether the mutated language's own gradient check notices the bug, per mode."""

    mutant: Mutant
    caught: dict = field(default_factory=dict)  # mode -> bool (any scenario)
    differences: dict = field(default_factory=dict)  # mode -> [difference or error text per scenario]
    seconds: dict = field(default_factory=dict)  # mode -> total seconds


def own_check_outcomes(mutants: list[Mutant], modes=("full", "fast"), progress=None,
                       timeout: float = 600.0) -> list[OwnCheckOutcome]:
    """Run each mutant's own gradient check in every mode on its scenarios (no comparison)."""
    suite = {s.id: s for s in load_suite([MUTANT_SUITE, SCENARIO_DIR / "default"])}
    inputs_by_scenario = {}
    outcomes = []
    for index, mutant in enumerate(mutants):
        outcome = OwnCheckOutcome(mutant, {m: False for m in modes}, {m: [] for m in modes}, {m: 0.0 for m in modes})
        with tempfile.TemporaryDirectory(prefix=f"nnparity-own-{mutant.id}-") as workdir:
            copy, found = apply_mutant(mutant, Path(workdir))
            try:
                adapter = make_adapter(mutant.language, copy, timeout=timeout) if found == len(mutant.edits()) else None
            except AdapterError as error:  # a copy that cannot even load: reported, the others go on
                adapter = None
                outcome.differences = {mode: [f"cannot load: {error}"] for mode in modes}
            if adapter is not None:
                with adapter:
                    for scenario_id in mutant.scenarios:
                        scenario = suite[scenario_id]
                        if scenario_id not in inputs_by_scenario:
                            inputs_by_scenario[scenario_id] = draw_inputs(scenario, load_dataset(scenario.dataset))
                        inputs = inputs_by_scenario[scenario_id]
                        for mode in modes:
                            # A fixed seed: fast mode's random directions, hence its verdict, are repeatable.
                            options = dict(inputs.options, grad_check_mode=mode, seed=1)
                            start = time.perf_counter()
                            try:
                                record = adapter.call("gradient_check", inputs.X, inputs.Y, inputs.params,
                                                      options, inputs.check_masks, inputs.check_directions)
                                difference = scalar(record["difference"])
                                caught = not own_check_passes(record)  # NaN counts as caught
                                outcome.differences[mode].append(difference)
                            except Exception as error:  # noqa: BLE001 - a check that cannot run is loud
                                caught = True
                                outcome.differences[mode].append(f"raised: {str(error)[:80]}")
                            outcome.seconds[mode] += time.perf_counter() - start
                            outcome.caught[mode] |= caught
        outcomes.append(outcome)
        if progress:
            progress(index, len(mutants), outcome)
    return outcomes
