"""What one language's `run_scenario` returns, declared once: the stages, their labels, the one
value type every adapter hands on (`normalise`), and the schema each stage is checked against at
the boundary, so that a malformed record from any language is a reported error of that stage
rather than a crash further on."""

from __future__ import annotations

import numpy as np

STAGES = ("cost", "grads", "gradcheck", "update", "training", "predict")
STAGE_LABELS = {"cost": "forward/cost", "grads": "backward", "gradcheck": "gradient check",
                "update": "update", "training": "training", "predict": "prediction"}


def as_array(value) -> np.ndarray:
    """A float64 array of at least 2 dimensions (scalars become (1, 1))."""
    array = np.asarray(value, dtype=np.float64)
    return array.reshape(1, 1) if array.ndim == 0 else array


def normalise(value):
    """Nested dicts of 2-D float arrays, lists and strings, whatever a language returned."""
    if isinstance(value, dict):
        return {str(key): normalise(item) for key, item in value.items() if item is not None}
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return [normalise(item) for item in value]
    return as_array(value)


def scalar(value) -> float:
    """The number in a (1, 1) array (or any array's first element)."""
    return float(np.ravel(value)[0])


def _names(layer_dims, prefix: str = "") -> dict:
    """Tensor name -> shape: W1, b1, … (or dW1, db1, … with prefix "d")."""
    shapes = {}
    for layer in range(1, len(layer_dims)):
        shapes[f"{prefix}W{layer}"] = (layer_dims[layer], layer_dims[layer - 1])
        shapes[f"{prefix}b{layer}"] = (layer_dims[layer], 1)
    return shapes


def _tensors(value, shapes: dict, where: str, strict: bool = False) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where} must be a record of {', '.join(shapes)}; got {type(value).__name__}"]
    problems = [f"{where}.{name} is missing" for name in shapes if name not in value]
    problems += [f"{where} has an unexpected {name}" for name in value if name not in shapes]
    # Tensors must be matrices; a wrong shape is left to the comparison, which can diagnose it
    # (a transposed dW is a finding, not a malformed record), except when `strict`.
    problems += [f"{where}.{name} must be a matrix; got {type(value[name]).__name__}"
                 for name in shapes if name in value and not (isinstance(value[name], np.ndarray) and value[name].ndim == 2)]
    if strict and not problems:
        problems += [f"{where}.{name} must have shape {shape}; got {value[name].shape}"
                     for name, shape in shapes.items() if value[name].shape != shape]
    return problems


def _shape(value, shape: tuple, where: str, strict: bool = False) -> list[str]:
    """Scalars must be (1, 1); other arrays must be matrices (their shape is compared, not
    checked, unless `strict`)."""
    if shape != (1, 1) and not strict:
        if isinstance(value, np.ndarray) and value.ndim == 2:
            return []
        return [f"{where} must be a matrix; got {type(value).__name__}"]
    if not isinstance(value, np.ndarray) or value.shape != shape:
        return [f"{where} must have shape {shape}; got {np.shape(value) if isinstance(value, np.ndarray) else type(value).__name__}"]
    return []


def _fields(value, required: tuple, where: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where} must be a record with {', '.join(required)}; got {type(value).__name__}"]
    return [f"{where}.{name} is missing" for name in required if name not in value]


GRADCHECK_FIELDS = ("difference", "difference_all", "error", "noise", "tensor_differences", "tensor_errors",
                    "tensor_noise", "tensor_modes", "grad", "gradapprox", "kink_indices", "n_kinks")


def check_stage(stage: str, value, layer_dims, m: int, num_epochs: int, strict: bool = False) -> list[str]:
    """Every way `value` is not what `stage` must return (docs/CONTRACT.md, item 21). `strict`
    (nnparity conform) also requires every array's exact shape, which a run leaves to the
    comparison so that a transposed tensor is diagnosed rather than rejected."""
    params, grads = _names(layer_dims), _names(layer_dims, "d")
    n_params = sum(a * b for a, b in params.values())
    if stage == "cost":
        return _shape(value, (1, 1), "cost", strict)
    if stage == "grads":
        return _tensors(value, grads, "grads", strict)
    if stage == "gradcheck":
        problems = _fields(value, GRADCHECK_FIELDS, "gradcheck")
        if problems:
            return problems
        for name in ("difference", "difference_all", "error", "noise", "n_kinks"):
            problems += _shape(value[name], (1, 1), f"gradcheck.{name}", strict)
        for name in ("grad", "gradapprox"):
            problems += _shape(value[name], (n_params, 1), f"gradcheck.{name}", strict)
        for name in ("tensor_differences", "tensor_errors", "tensor_noise"):
            problems += _tensors(value[name], {t: (1, 1) for t in grads}, f"gradcheck.{name}", strict)
        modes = value["tensor_modes"]
        if not (isinstance(modes, dict) and set(modes) == set(grads)
                and all(mode in ("full", "directional") for mode in modes.values())):
            problems.append(f"gradcheck.tensor_modes must give 'full' or 'directional' for each of {', '.join(grads)}")
        return problems
    if stage == "update":
        problems = _fields(value, ("params", "state"), "update")
        if problems:
            return problems
        problems = _tensors(value["params"], params, "update.params", strict)
        problems += _fields(value["state"], ("v", "s"), "update.state")
        if not problems:
            problems += _tensors(value["state"]["v"], grads, "update.state.v", strict)
            problems += _tensors(value["state"]["s"], grads, "update.state.s", strict)
        return problems
    if stage == "training":
        problems = _fields(value, ("params", "costs"), "training")
        if problems:
            return problems
        return _tensors(value["params"], params, "training.params", strict) + _shape(value["costs"], (1, num_epochs), "training.costs", strict)
    if stage == "predict":
        problems = _fields(value, ("labels", "accuracy"), "predict")
        if problems:
            return problems
        return _shape(value["labels"], (1, m), "predict.labels", strict) + _shape(value["accuracy"], (1, 1), "predict.accuracy", strict)
    return [f"unknown stage {stage!r}"]


def missing_stage(stage: str, language_label: str) -> str:
    """The error of a stage a port declares but neither returned nor reported an error for."""
    return (f"[{language_label}] run_scenario returned no '{stage}' and no error for it (a port that does "
            f"not provide a stage declares so in its nnparity.toml: docs/PORTING.md)")


def check_record(record: dict, stages, layer_dims, m: int, num_epochs: int, language_label: str,
                 strict: bool = False) -> dict[str, list[str]]:
    """stage -> its problems, for each of `stages` (those the port declares) that `record` (a
    normalised run_scenario record) returns malformed, or leaves out without an error of its own:
    a stage that is simply not there is never a pass."""
    errors = record.get("errors")
    errors = errors if isinstance(errors, dict) else {}
    problems = {}
    for stage in stages:
        if record.get(stage) is None:
            if stage not in errors:
                problems[stage] = [missing_stage(stage, language_label)]
            continue
        found = check_stage(stage, record[stage], layer_dims, m, num_epochs, strict)
        if found:
            problems[stage] = found
    return problems


# The functions of docs/CONTRACT.md ("Functions, in this order"), which a complete port provides
# (tests/test_conform.py checks this list against the document).
CONTRACT_FUNCTIONS = (
    "initialize_parameters", "linear_forward", "activation_forward", "softmax_forward", "dropout_forward",
    "forward_propagation", "compute_cost", "output_backward", "activation_backward", "dropout_backward",
    "linear_backward", "backward_propagation", "parameters_to_vector", "vector_to_parameters", "gradient_check",
    "initialize_optimizer", "update_parameters", "scheduled_learning_rate", "random_mini_batches", "train",
    "train_steps", "predict", "accuracy", "run_scenario")
