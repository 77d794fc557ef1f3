"""Scenarios: plain TOML files of [[scenario]] tables with stable ids, validated field by field."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from . import SCENARIO_DIR
from .data import DatasetError, is_csv_path, label_line, load_manifest, read_csv

HIDDEN_ACTIVATIONS = ("relu", "leaky_relu", "tanh", "sigmoid")
OUTPUT_ACTIVATIONS = ("sigmoid", "softmax")
OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")
LR_SCHEDULES = ("none", "exponential", "inverse_time")
INIT_SCHEMES = ("he", "xavier", "scaled")
GRAD_CHECK_MODES = ("plain", "full", "fast")


@dataclass(frozen=True)
class Scenario:
    id: str
    dataset: str  # a bundled dataset's name, or the absolute path of a CSV file (resolved when loaded)
    layer_dims: tuple[int, ...]
    hidden_activation: str = "relu"
    output_activation: str = "sigmoid"
    lambd: float = 0.0
    keep_prob: float = 1.0
    init: str = "he"
    init_gain: float = 1.0  # multiplies the drawn weights (large values provoke large logits)
    optimizer: str = "gd"
    learning_rate: float = 0.01
    beta: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    optimizer_epsilon: float = 1e-8
    lr_schedule: str = "none"
    decay_rate: float = 0.0
    batch_size: int = 64
    num_epochs: int = 3
    grad_check_epsilon: float = 1e-7
    grad_check_mode: str = "full"
    seed: int = 0
    label_column: str = ""  # a CSV dataset's label column, by its header name (default: the last column)
    description: str = ""
    # Quantity globs (e.g. "training.costs") that this scenario expects not to be comparable: a
    # deliberate overflow, say. Anything else not compared makes the run inconclusive.
    expect_not_comparable: tuple[str, ...] = ()
    source: str = field(default="", compare=False)

    # The fields every implementation receives as its `options` record (docs/CONTRACT.md).
    OPTION_FIELDS = ("hidden_activation", "output_activation", "lambd", "keep_prob", "optimizer",
                     "learning_rate", "beta", "beta1", "beta2", "optimizer_epsilon", "lr_schedule",
                     "decay_rate", "batch_size", "num_epochs", "grad_check_epsilon", "grad_check_mode")

    def options(self) -> dict:
        return {name: getattr(self, name) for name in self.OPTION_FIELDS}


class ScenarioError(ValueError):
    """One or more scenario files are invalid; `problems` lists every one."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid scenarios:\n  " + "\n  ".join(problems))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(float(value)))


def dataset_path(dataset: str, base_dir: Path | None) -> Path:
    """A CSV dataset's file: relative paths are relative to the scenario file's folder."""
    path = Path(dataset).expanduser()
    return (path if path.is_absolute() else Path(base_dir or Path.cwd()) / path).resolve()


def _dataset_shape(raw: dict, base_dir: Path | None, manifest: dict) -> tuple[int, int, object] | str | None:
    """(features, classes, labels_in(range) -> (line, label) | None) of the scenario's dataset;
    a problem's text when its CSV file is unusable; None when the field itself is invalid."""
    name = raw.get("dataset")
    if not isinstance(name, str):
        return None
    if name in manifest:
        entry = manifest[name]
        return entry["features"], entry["label_max"] + 1, lambda low, high: None  # the manifest vouches for its labels
    if not is_csv_path(name):
        return None
    path = dataset_path(name, base_dir)
    label_column = raw.get("label_column", "") if isinstance(raw.get("label_column", ""), str) else ""
    try:
        data = read_csv(path, label_column)
    except DatasetError as error:
        return str(error)
    return (data.X.shape[0], int(data.Y.max()) + 1,
            lambda low, high: label_line(path, label_column, lambda y: (y >= low) & (y <= high)))


def _check_fields(raw: dict, where: str, manifest: dict, base_dir: Path | None = None) -> list[str]:
    """Every problem of one scenario table, each naming the file, the scenario and the field."""
    problems: list[str] = []

    def bad(name: str, expected: str):
        problems.append(f"{where}: field '{name}' must be {expected}; got {raw.get(name)!r}")

    known = {f.name for f in fields(Scenario)} - {"source"}
    for name in sorted(set(raw) - known):
        problems.append(f"{where}: unknown field '{name}' (known: {', '.join(sorted(known))})")
    for name in ("id", "dataset", "layer_dims"):
        if name not in raw:
            problems.append(f"{where}: field '{name}' is required")
    if "id" in raw and not (isinstance(raw["id"], str) and raw["id"]
                            and all(c.isalnum() or c in "-_." for c in raw["id"])):
        bad("id", "a non-empty string of letters, digits, '-', '_', '.'")
    if "dataset" in raw and not (isinstance(raw["dataset"], str) and (raw["dataset"] in manifest
                                                                     or is_csv_path(raw["dataset"]))):
        bad("dataset", f"one of the bundled datasets ({', '.join(sorted(manifest))}) or the path of a .csv file")
    shape = _dataset_shape(raw, base_dir, manifest)
    if isinstance(shape, str):
        problems.append(f"{where}: field 'dataset': {shape}")
        shape = None
    if "label_column" in raw and not (isinstance(raw["label_column"], str) and raw["label_column"]
                                      and isinstance(raw.get("dataset"), str) and is_csv_path(raw["dataset"])):
        bad("label_column", "a column name from the header line of a CSV dataset (bundled datasets have theirs fixed)")

    choices = {"hidden_activation": HIDDEN_ACTIVATIONS, "output_activation": OUTPUT_ACTIVATIONS,
               "optimizer": OPTIMIZERS, "lr_schedule": LR_SCHEDULES, "init": INIT_SCHEMES,
               "grad_check_mode": GRAD_CHECK_MODES}
    for name, allowed in choices.items():
        if name in raw and raw[name] not in allowed:
            bad(name, "one of " + ", ".join(allowed))

    ranges = {  # name: (test, expected)
        "lambd": (lambda v: _is_number(v) and v >= 0, "a number >= 0"),
        "init_gain": (lambda v: _is_number(v) and v > 0, "a number > 0"),
        "keep_prob": (lambda v: _is_number(v) and 0 < v <= 1, "a number in (0, 1]"),
        "learning_rate": (lambda v: _is_number(v) and v > 0, "a number > 0"),
        "beta": (lambda v: _is_number(v) and 0 <= v < 1, "a number in [0, 1)"),
        "beta1": (lambda v: _is_number(v) and 0 <= v < 1, "a number in [0, 1)"),
        "beta2": (lambda v: _is_number(v) and 0 <= v < 1, "a number in [0, 1)"),
        "optimizer_epsilon": (lambda v: _is_number(v) and v > 0, "a number > 0"),
        "decay_rate": (lambda v: _is_number(v) and v >= 0, "a number >= 0"),
        "batch_size": (lambda v: _is_int(v) and v >= 1, "an integer >= 1"),
        "num_epochs": (lambda v: _is_int(v) and v >= 1, "an integer >= 1"),
        "grad_check_epsilon": (lambda v: _is_number(v) and 0 < v < 1, "a number in (0, 1)"),
        "seed": (lambda v: _is_int(v) and 0 <= v < 2**32, "an integer in [0, 2^32)"),
        "description": (lambda v: isinstance(v, str), "a string"),
        "expect_not_comparable": (lambda v: isinstance(v, list) and all(isinstance(x, str) and x for x in v),
                                  "a list of quantity globs (e.g. [\"training.costs\"])"),
    }
    for name, (test, expected) in ranges.items():
        if name in raw and not test(raw[name]):
            bad(name, expected)

    dims = raw.get("layer_dims")
    if dims is not None:
        if not (isinstance(dims, list) and len(dims) >= 2 and all(_is_int(d) and d >= 1 for d in dims)):
            bad("layer_dims", "a list of at least two positive integers [n_x, n_1, ..., n_L]")
        elif shape is not None:
            features, classes, outside = shape
            if dims[0] != features:
                bad("layer_dims", f"a list starting with the dataset's {features} features")
            output = raw.get("output_activation", "sigmoid")
            # A CSV's labels must be classes of this network: 0/1 for a sigmoid output, 0..K-1
            # for a softmax over K; the first label that is not names its line.
            high = 1 if output == "sigmoid" else dims[-1] - 1
            stray = outside(0, high)
            if stray is not None:
                problems.append(f"{where}: field 'dataset': {dataset_path(raw['dataset'], base_dir)}, line {stray[0]}: "
                                f"label {stray[1]:g} is not a class of this network (0..{high} for a "
                                f"{output} output with layer_dims ending in {dims[-1]})")
            elif output == "sigmoid" and (dims[-1] != 1 or classes != 2):
                bad("layer_dims", "a list ending in 1 for a sigmoid output on a 0/1 dataset "
                                  f"('{raw['dataset']}' has {classes} classes)")
            elif output == "softmax" and dims[-1] != classes:
                bad("layer_dims", f"a list ending in the dataset's {classes} classes for a softmax output")
    return problems


def scenario_from_table(raw: dict, manifest: dict | None = None, where: str = "scenario",
                        base_dir: Path | None = None) -> Scenario:
    """One scenario from a table (as in a TOML file), validated the same way; raises ScenarioError.
    A CSV `dataset` path is relative to `base_dir` (the scenario file's folder; default: cwd)."""
    manifest = load_manifest() if manifest is None else manifest
    problems = _check_fields(raw, where, manifest, base_dir)
    if problems:
        raise ScenarioError(problems)
    values = dict(raw, layer_dims=tuple(raw["layer_dims"]), expect_not_comparable=tuple(raw.get("expect_not_comparable", ())))
    if raw["dataset"] not in manifest:  # absolute: the run may happen elsewhere (a Dask worker, another cwd)
        values["dataset"] = str(dataset_path(raw["dataset"], base_dir))
    for name in ("lambd", "init_gain", "keep_prob", "learning_rate", "beta", "beta1", "beta2",
                 "optimizer_epsilon", "decay_rate", "grad_check_epsilon"):
        if name in values:
            values[name] = float(values[name])
    return Scenario(**values)


def load_scenario_file(path: Path, manifest: dict | None = None) -> list[Scenario]:
    """All scenarios of one file; raises ScenarioError listing every bad field at once."""
    manifest = load_manifest() if manifest is None else manifest
    try:
        with Path(path).open("rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ScenarioError([f"{path}: cannot read TOML: {error}"]) from error
    tables = document.get("scenario")
    extra = sorted(set(document) - {"scenario"})
    problems = [f"{path}: unknown top-level key '{key}' (scenarios go in [[scenario]] tables)" for key in extra]
    if not isinstance(tables, list) or not tables:
        raise ScenarioError(problems + [f"{path}: no [[scenario]] tables"])
    scenarios = []
    for index, raw in enumerate(tables):
        if not isinstance(raw, dict):
            problems.append(f"{path}: scenario[{index}] must be a table ([[scenario]] with fields); got {raw!r}")
            continue
        where = f"{path}: scenario[{index}]" + (f" '{raw['id']}'" if isinstance(raw.get("id"), str) else "")
        try:
            scenarios.append(replace(scenario_from_table(raw, manifest, where, Path(path).parent), source=str(path)))
        except ScenarioError as error:
            problems += error.problems
    if problems:
        raise ScenarioError(problems)
    return scenarios


def load_suite(paths: list[Path] | None = None) -> list[Scenario]:
    """Scenarios from files or folders (default: scenarios/default/); ids must be unique."""
    paths = [SCENARIO_DIR / "default"] if not paths else [Path(p) for p in paths]
    files: list[Path] = []
    for path in paths:
        files += sorted(path.glob("*.toml")) if path.is_dir() else [path]
    try:
        manifest = load_manifest()
    except DatasetError as error:
        raise ScenarioError([str(error)]) from error
    problems: list[str] = []
    scenarios: list[Scenario] = []
    for file in files:
        try:
            scenarios += load_scenario_file(file, manifest)
        except ScenarioError as error:
            problems += error.problems
    seen: dict[str, str] = {}
    for scenario in scenarios:
        if scenario.id in seen:
            problems.append(f"{scenario.source}: scenario id '{scenario.id}' is also used in {seen[scenario.id]}")
        seen[scenario.id] = scenario.source
    if problems:
        raise ScenarioError(problems)
    if not scenarios:
        raise ScenarioError([f"no scenarios found in {', '.join(map(str, paths))}"])
    return scenarios


def scenario_dataset(scenario: Scenario):
    """The scenario's dataset (data.Dataset), bundled or from its CSV file; raises DatasetError."""
    from .data import load_dataset

    return load_dataset(scenario.dataset, label_column=scenario.label_column)


def id_matches(identifier: str, pattern: str) -> bool:
    """An id selector: the id itself, or a prefix followed by '*'."""
    return identifier == pattern or (pattern.endswith("*") and identifier.startswith(pattern[:-1]))


def select(scenarios: list[Scenario], ids: list[str]) -> list[Scenario]:
    """Keep the scenarios whose id is listed (a trailing '*' matches a prefix)."""
    if not ids:
        return scenarios
    chosen = [s for s in scenarios if any(id_matches(s.id, i) for i in ids)]
    unknown = [i for i in ids if not any(id_matches(s.id, i) for s in scenarios)]
    if unknown:
        raise ScenarioError([f"unknown scenario id '{i}'" for i in unknown])
    return chosen


def resolve(selectors: list[str]) -> list[Scenario]:
    """Command-line selectors: existing files or folders are loaded, the rest are ids among them
    (or among the default suite when no file is named)."""
    paths = [Path(s) for s in selectors if Path(s).exists()]
    ids = [s for s in selectors if not Path(s).exists()]
    return select(load_suite(paths or None), ids)
