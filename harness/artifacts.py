"""Save what a run computed, so that a report (html_report.py) or a baseline comparison
(baseline.py) needs no rerun.

An artifacts folder holds
  run.json                         the verdicts, blames, per-quantity statuses, the --json rows,
                                   timings per language, the environment and the tolerances
  arrays/<scenario>/<language>.npz every array that language returned for that scenario, one key
                                   per quantity ("grads.dW1", "gradcheck.tensor_differences.db1", …)
A `nnparity mutants` folder holds run.json (kind "mutants"): the catalog's outcomes, each mutant
with its scenarios' records; their arrays are in arrays/<mutant>/<scenario>/<language>.npz (keyed
by the mutant too: two mutants sharing a scenario must not overwrite each other's arrays).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import sys
from pathlib import Path

import numpy as np

from . import IMPL_DIRS, LANGUAGE_LABELS, LANGUAGES, __version__
from .compare import flatten
from .record import STAGE_LABELS
from .tolerances import BAND_EDGES, BAND_NAMES, load_tolerances

FORMAT = 1  # bumped when run.json changes incompatibly
RUN_FILE = "run.json"
ARRAY_DIR = "arrays"
# The environment entries that decide whether two runs' numbers may be compared (baseline.py):
# another language version or BLAS kernel may move results by rounding, or by more.
VERSION_KEYS = ("nnparity", "Python", "numpy", "R", "R BLAS", "GNU Octave", "OPENBLAS_CORETYPE")


class ArtifactsError(ValueError):
    """A folder that is not (or no longer) a readable artifacts folder."""


def environment(impl_dirs: dict | None = None) -> dict:
    """Versions, BLAS and the implementations used: what `nnparity doctor` finds, as a record."""
    from .doctor import checks  # runs R and Octave once each to ask their versions

    found = {"nnparity": __version__}
    found.update({component: value for component, value, _ in checks() if not component.endswith(" implementation")})
    for language in LANGUAGES:
        directory = (impl_dirs or {}).get(language) or IMPL_DIRS[language]
        found[f"{LANGUAGE_LABELS[language]} implementation"] = str(Path(directory).resolve())
    return found


def _jsonable(value):
    """Plain JSON values from numpy scalars and arrays (NaN and Inf as their names)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, (np.floating, float)):
        number = float(value)
        return number if np.isfinite(number) else str(number)
    if isinstance(value, np.integer):
        return int(value)
    return value


def language_arrays(run, language: str) -> dict:
    """Everything one language returned for a scenario, flattened to quantity names, plus what the
    harness computed with it (the training replay's per-update values)."""
    result = run.results.get(language)
    arrays = flatten(result.stages) if result is not None else {}
    if run.comparison is not None:
        for q in run.comparison.quantities:
            if q.quantity not in arrays and language in q.values:
                arrays[q.quantity] = q.values[language]
    return {name: value for name, value in arrays.items() if isinstance(value, (np.ndarray, str))}


def _quantity_record(run, q) -> dict:
    return {"quantity": q.quantity, "stage": q.stage, "rule": q.rule, "status": q.status, "suspect": q.suspect,
            "majority": list(q.majority), "max_abs": q.max_abs, "max_rel": q.max_rel, "diagnosis": q.diagnosis,
            "note": q.note, "expected": run.is_expected(q),
            "worst": [{"index": list(index), "values": values} for index, values in q.worst]}


def _blame_record(run, blame) -> dict:
    expected = all(run.is_expected(q) for q in run.comparison.quantities if q.suspect == blame.language)
    return {"language": blame.language, "stage": blame.stage, "stage_label": STAGE_LABELS[blame.stage],
            "quantities": blame.quantities, "diagnosis": blame.diagnosis, "own_check": blame.own_check,
            "explanation": blame.explanation, "text": blame.describe(), "expected": expected}


def scenario_record(run, key: str | None = None) -> dict:
    """One scenario's outcome in run.json (its arrays go to the .npz files under
    arrays/<key>/, `key` being the scenario's id unless given)."""
    from . import report

    settings = {f.name: getattr(run.scenario, f.name) for f in dataclasses.fields(run.scenario)
                if f.name not in ("id", "description", "source")}
    key = key or run.scenario.id
    record = {"id": run.scenario.id, "arrays_key": key, "dataset": run.scenario.dataset, "description": run.scenario.description,
              "settings": settings, "verdict": run.verdict, "error": run.error, "seconds": run.seconds,
              "details": report.details(run) if not run.passed else [],
              "inconclusive": run.inconclusive,
              "stale": [f"{e.language} {e.quantity}: {e.reason} ({e.source})" for e in run.stale],
              "expected": [f"{e.language} {q.quantity}: {e.reason}" for e, q in run.expected],
              "languages": {}, "blames": {}, "quantities": []}
    for language, result in run.results.items():
        record["languages"][language] = {
            "seconds": result.seconds, "bridge_calls": result.bridge_calls, "errors": dict(result.errors),
            # Per-stage timings, where an engine measures them (LanguageResult may grow them).
            "stage_seconds": dict(getattr(result, "stage_seconds", None) or {}),
            "cell": report._cell(run, language),
            "arrays": f"{ARRAY_DIR}/{key}/{language}.npz"}
    if run.comparison is not None:
        record["blames"] = {lang: _blame_record(run, b) for lang, b in run.comparison.blames.items()}
        record["quantities"] = [_quantity_record(run, q) for q in run.comparison.quantities]
    return record


def _header(kind: str, environment_record: dict) -> dict:
    return {"kind": kind, "format": FORMAT, "created": datetime.datetime.now().isoformat(timespec="seconds"),
            "command": " ".join(["nnparity"] + sys.argv[1:]) if Path(sys.argv[0]).name == "nnparity" else "",
            "environment": environment_record,
            "tolerances": [dataclasses.asdict(t) for t in load_tolerances()],
            "band_edges": list(BAND_EDGES), "band_names": list(BAND_NAMES)}


def save_scenario_arrays(run, directory: Path, key: str | None = None) -> dict:
    """One .npz per language of one scenario, in arrays/<key>/ (key: the scenario's id unless
    given); returns the scenario's run.json record."""
    key = key or run.scenario.id
    for language in run.results:
        arrays = language_arrays(run, language)
        target = directory / ARRAY_DIR / key / f"{language}.npz"
        target.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(target, **{name: np.asarray(value) for name, value in arrays.items()})
    return scenario_record(run, key)


def save_run(runs, directory, environment_record: dict, languages, extra: dict | None = None) -> Path:
    """Write run.json and one .npz per scenario × language into `directory` (created if needed)."""
    from . import report

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    records = [save_scenario_arrays(run, directory) for run in runs]
    document = _header("run", environment_record)
    document.update({"languages": list(languages), "scenarios": records,
                     "closing_line": report.closing_line(runs), "rows": report.rows(runs)})
    document.update(extra or {})
    (directory / RUN_FILE).write_text(json.dumps(_jsonable(document), indent=1, default=str))
    return directory / RUN_FILE


def save_mutants(outcomes, rates: dict, directory, environment_record: dict) -> Path:
    """Write a `nnparity mutants` run's catalog outcomes as run.json (kind "mutants"), and each
    mutant's scenario runs as save_run saves a run's (arrays keyed by mutant and scenario)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    document = _header("mutants", environment_record)
    seen = {lang for o in outcomes for run in getattr(o, "runs", ()) for lang in run.results}
    document["languages"] = [lang for lang in LANGUAGES if lang in seen] + sorted(seen - set(LANGUAGES))
    document["mutants"] = [{"mutant": o.mutant.id, "language": o.mutant.language, "bug": o.mutant.bug,
                            "status": o.status, "detected": o.detected, "attributed": o.attributed,
                            "equivalent": o.mutant.equivalent, "expected_stage": o.mutant.stage,
                            "blamed": o.blamed, "message": o.message, "seconds": o.seconds,
                            "scenarios": [{"scenario": s, "detected": d, "blame": b} for s, d, b in o.per_scenario],
                            "runs": [save_scenario_arrays(run, directory, f"{o.mutant.id}/{run.scenario.id}")
                                     for run in getattr(o, "runs", ())]}
                           for o in outcomes]
    document["rates"] = rates
    (directory / RUN_FILE).write_text(json.dumps(_jsonable(document), indent=1, default=str))
    return directory / RUN_FILE


def load_run(directory) -> dict:
    """run.json of an artifacts folder, checked for its kind and format."""
    path = Path(directory) / RUN_FILE
    if not path.is_file():
        raise ArtifactsError(f"{directory} holds no {RUN_FILE}: not an artifacts folder "
                             "(make one with nnparity run --artifacts DIR)")
    try:
        document = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise ArtifactsError(f"{path} is not valid JSON: {error}") from error
    if document.get("format") != FORMAT or document.get("kind") not in ("run", "mutants"):
        raise ArtifactsError(f"{path}: format {document.get('format')!r} kind {document.get('kind')!r}; "
                             f"this nnparity reads format {FORMAT} (run or mutants)")
    return document


def load_arrays(directory, scenario_id: str, language: str) -> dict:
    """One language's stored arrays for one scenario ({} when it stored none); `scenario_id` is
    the record's arrays_key (a mutant's scenario: "<mutant>/<scenario>")."""
    path = Path(directory) / ARRAY_DIR / scenario_id / f"{language}.npz"
    if not path.is_file():
        return {}
    with np.load(path, allow_pickle=False) as stored:
        # Strings (a tensor's check mode) were stored as 0-d text arrays: hand them back as text.
        return {name: (str(stored[name]) if stored[name].dtype.kind == "U" else stored[name]) for name in stored.files}
