"""Regression against a stored baseline: every language compared with its OWN earlier results.

The parity comparison (compare.py) cannot see a change made in all three languages at once: they
still agree. A baseline can. `nnparity run --save-baseline DIR` stores a run's artifacts
(artifacts.py) with what makes its numbers comparable — versions, dataset checksums, the scenario
set — in baseline.json; `nnparity run --baseline DIR` compares each language's new arrays with the
same language's stored ones under the same tolerance rules as the parity comparison
(tolerances.py through compare.agree), and reports the drift per quantity.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import LANGUAGE_LABELS
from .artifacts import VERSION_KEYS, ArtifactsError, language_arrays, load_arrays, load_run, save_run
from .compare import OPTIONAL_PREFIXES, agree, noise_of, quotient_noise, spread, worst_indices
from .data import dataset_sha256, load_manifest
from .record import STAGE_LABELS, STAGES
from .tolerances import load_tolerances, tolerance_for

BASELINE_FILE = "baseline.json"


class BaselineMismatch(ValueError):
    """The baseline was made under other versions, datasets or scenarios: its numbers do not apply."""


def scenario_digest(scenario) -> str:
    """A checksum of everything that defines a scenario's inputs and options."""
    settings = {f.name: getattr(scenario, f.name) for f in dataclasses.fields(scenario) if f.name not in ("description", "source")}
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()


def fingerprint(scenarios, languages, environment_record: dict) -> dict:
    """What must match for two runs' numbers to be compared."""
    manifest = load_manifest()
    datasets = sorted({s.dataset for s in scenarios})
    return {"versions": {key: environment_record.get(key) for key in VERSION_KEYS},
            "datasets": {name: manifest[name]["sha256"] if name in manifest else dataset_sha256(name) for name in datasets},
            "scenarios": {s.id: scenario_digest(s) for s in scenarios},
            "languages": list(languages)}


def save_baseline(runs, directory, environment_record: dict, languages) -> Path:
    directory = Path(directory)
    save_run(runs, directory, environment_record, languages)
    record = fingerprint([run.scenario for run in runs], languages, environment_record)
    (directory / BASELINE_FILE).write_text(json.dumps(record, indent=1))
    return directory


def load_fingerprint(directory) -> dict:
    path = Path(directory) / BASELINE_FILE
    if not path.is_file():
        raise ArtifactsError(f"{directory} holds no {BASELINE_FILE}: not a baseline "
                             "(make one with nnparity run --save-baseline DIR)")
    load_run(directory)  # its run.json must be readable too
    return json.loads(path.read_text())


def mismatches(stored: dict, current: dict) -> list[str]:
    """Every way the current run differs from the baseline's conditions, in words."""
    problems = []
    for key in VERSION_KEYS:
        before, now = stored["versions"].get(key), current["versions"].get(key)
        if before != now:
            problems.append(f"{key} was {before!r}, is now {now!r}")
    for name in sorted(set(stored["datasets"]) | set(current["datasets"])):
        before, now = stored["datasets"].get(name), current["datasets"].get(name)
        if name in stored["datasets"] and name in current["datasets"] and before != now:
            problems.append(f"dataset '{name}' has checksum {str(now)[:12]}…, the baseline's was {str(before)[:12]}…")
    missing = sorted(set(stored["scenarios"]) - set(current["scenarios"]))
    extra = sorted(set(current["scenarios"]) - set(stored["scenarios"]))
    if missing:
        problems.append(f"scenarios in the baseline but not in this run: {', '.join(missing)}")
    if extra:
        problems.append(f"scenarios in this run but not in the baseline: {', '.join(extra)}")
    changed = sorted(s for s in set(stored["scenarios"]) & set(current["scenarios"])
                     if stored["scenarios"][s] != current["scenarios"][s])
    if changed:
        problems.append(f"scenarios defined differently from the baseline: {', '.join(changed)}")
    if stored["languages"] != current["languages"]:
        problems.append(f"languages were {', '.join(stored['languages'])}, are now {', '.join(current['languages'])}")
    return problems


@dataclass
class Drift:
    """One quantity of one language that no longer matches the same language's baseline."""

    scenario: str
    language: str
    quantity: str
    kind: str  # drift | missing (in the baseline, not now) | new (now, not in the baseline)
    max_abs: float | None = None
    max_rel: float | None = None
    now: object = None  # the values, when scalar (a band quantity's difference, a cost)
    before: object = None
    worst: list = field(default_factory=list)  # [(index, now, before)]

    def describe(self) -> str:
        where = f"{self.scenario} {LANGUAGE_LABELS.get(self.language, self.language)} {self.quantity}"
        if self.kind == "missing":
            return f"{where}: in the baseline, missing now"
        if self.kind == "new":
            return f"{where}: returned now, not in the baseline"
        if self.now is not None:
            return f"{where}: now {self.now}, baseline {self.before}"
        text = f"{where}: max |now − baseline| {self.max_abs:.3g} (relative {self.max_rel:.3g})"
        return text + "".join(f"; {list(index)}: now={now:.10g} baseline={before:.10g}" for index, now, before in self.worst)


def _stage_of(quantity: str) -> str:
    return quantity.split(".")[0]


def _stage_order(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else len(STAGES)


def _worst_changes(now: np.ndarray, before: np.ndarray, count: int = 3) -> list:
    return [(index, float(now[index]), float(before[index])) for index in worst_indices(now, before, count)]


def _as_text(value) -> str:
    if isinstance(value, np.ndarray) and value.size == 1:
        return f"{float(value.ravel()[0]):.6g}"
    return str(value)


def compare_language(scenario_id: str, language: str, now: dict, before: dict, layer_dims, tolerances) -> tuple[int, list[Drift]]:
    """(quantities compared, drifts) between one language's current and stored arrays."""
    allowances = {}
    # Two finite differences of the same quotient are within their two noise floors (as across languages).
    floors = [eta for flat in (now, before) if (eta := quotient_noise(flat, layer_dims)) is not None]
    if floors:
        allowances["gradcheck.gradapprox"] = np.array(2 * max(floors))
    compared, drifts = 0, []
    for name in sorted(set(now) | set(before)):
        tolerance = tolerance_for(name, tolerances)
        if tolerance.rule == "info":
            continue
        compared += 1
        if name not in now or name not in before:
            if name.startswith(OPTIONAL_PREFIXES):
                continue  # the training replay runs only when training disagrees: its absence is no drift
            drifts.append(Drift(scenario_id, language, name, "missing" if name in before else "new"))
            continue
        a, b = now[name], before[name]
        if agree(a, b, tolerance, noise_of(name, now), noise_of(name, before), allowances.get(name)):
            continue
        drift = Drift(scenario_id, language, name, "drift")
        if isinstance(a, str) or isinstance(b, str) or a.size == 1 or b.size == 1 or a.shape != b.shape:
            drift.now, drift.before = _as_text(a), _as_text(b)
        else:
            drift.max_abs, drift.max_rel = spread(a, b)
            drift.worst = _worst_changes(a, b)
        drifts.append(drift)
    return compared, drifts


@dataclass
class BaselineComparison:
    directory: str
    compared: int = 0  # quantities compared, over scenarios × languages
    drifts: list = field(default_factory=list)
    forced: list = field(default_factory=list)  # the mismatches overridden by --force

    @property
    def drifted(self) -> bool:
        return bool(self.drifts)

    def lines(self) -> list[str]:
        by_language = sorted({LANGUAGE_LABELS.get(d.language, d.language) for d in self.drifts})
        head = (f"baseline {self.directory}: {self.compared} quantities compared, "
                + (f"{len(self.drifts)} drifted (in {', '.join(by_language)})" if self.drifts else "no drift"))
        lines = [head]
        lines += [f"  forced past: {problem}" for problem in self.forced]
        # Per scenario × language: every drift of the earliest drifting stage (the cause, as in a
        # blame); the later stages only by name (they inherit it). The artifacts hold them all.
        groups = {}
        for drift in self.drifts:
            groups.setdefault((drift.scenario, drift.language), []).append(drift)
        for (scenario, language), drifts in groups.items():
            stages = sorted({_stage_of(d.quantity) for d in drifts}, key=_stage_order)
            first = [d for d in drifts if _stage_of(d.quantity) == stages[0]]
            later = ", ".join(STAGE_LABELS.get(s, s) for s in stages[1:])
            lines.append(f"  {scenario} {LANGUAGE_LABELS.get(language, language)}: {len(drifts)} quantities drifted, "
                         f"first in the {STAGE_LABELS.get(stages[0], stages[0])} stage" + (f"; then {later}" if later else ""))
            lines += ["  drift " + d.describe() for d in first]
        return lines

    def record(self) -> dict:
        return {"directory": self.directory, "compared": self.compared, "forced": self.forced,
                "drifts": [dataclasses.asdict(d) for d in self.drifts]}


def check_baseline(directory, scenarios, languages, environment_record: dict, force: bool = False) -> list[str]:
    """Before running: why this baseline cannot be compared with the run about to start (raises
    BaselineMismatch unless `force`; then returns the overridden mismatches)."""
    problems = mismatches(load_fingerprint(directory), fingerprint(scenarios, languages, environment_record))
    if problems and not force:
        raise BaselineMismatch(f"the baseline in {directory} does not match this run:\n  " + "\n  ".join(problems)
                               + "\n(rerun with --force to compare the scenarios and languages both have anyway)")
    return problems


def compare_with_baseline(runs, directory, forced: list[str] = ()) -> BaselineComparison:
    """Each language's current arrays against its own stored arrays, scenario by scenario."""
    tolerances = load_tolerances()
    stored = {s["id"]: s for s in load_run(directory)["scenarios"]}
    comparison = BaselineComparison(str(directory), forced=list(forced))
    for run in runs:
        if run.scenario.id not in stored:
            continue  # only with --force: the scenario sets differ
        for language in run.results:
            if language not in stored[run.scenario.id]["languages"]:
                continue
            before = load_arrays(directory, run.scenario.id, language)
            compared, drifts = compare_language(run.scenario.id, language, language_arrays(run, language), before,
                                                run.scenario.layer_dims, tolerances)
            comparison.compared += compared
            comparison.drifts += drifts
    return comparison
