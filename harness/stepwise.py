"""Training compared step by step from a common state: chaos versus bugs.

Whole training trajectories can part for no fault of anyone: rounding differs in the last bit
between languages, and a chaotic run (rmsprop on rounding-level gradients, large steps) amplifies
it from update to update until the final parameters differ in their first digits. A fixed
tolerance cannot tell that from a bug. So when the training stage disagrees, the harness replays
it update by update:
1. the reference numpy records the states (parameters and optimiser state) before a set of
   updates (`train_steps`, recording mode; all of them when there are few, else the first ones,
   each epoch's first and last, and evenly spaced others);
2. every language computes each of those updates *from the recorded state* (`train_steps`,
   forced mode), so nothing accumulates: each update is compared on its own, together with the
   gradients it used;
3. an update's parameters and state may differ by what the languages' own gradients give under
   the reference update (rounding-level gradients make rmsprop/adam steps of ±α/√(1−β2) whose
   sign is rounding noise): that spread is measured and allowed, as for the update stage.
If every replayed update agrees, the trajectories diverged by rounding alone: the end-to-end
training quantities are reported as "info" (chaotic), and predictions are compared from the
reference's final parameters instead of each language's own. If an update disagrees, the
language is blamed at the training stage, naming the first such update.
"""

from __future__ import annotations

import numpy as np

from .compare import flatten
from .draws import ScenarioInputs
from .sensitivity import spread

MAX_STEPS = 64  # updates replayed at most
MAX_STATE_DOUBLES = 4_000_000  # numbers sent per language at most (states in, records out)


def updates_per_epoch(m: int, batch_size: int) -> int:
    return -(-m // batch_size)


def chosen_steps(m: int, batch_size: int, num_epochs: int, n_parameters: int) -> np.ndarray:
    """Which updates to replay (0-based, increasing): all when few; else the first ones, each
    epoch's first two and last two, and evenly spaced ones, within MAX_STEPS and the data cap."""
    per_epoch = updates_per_epoch(m, batch_size)
    total = per_epoch * num_epochs
    budget = max(4, min(MAX_STEPS, MAX_STATE_DOUBLES // max(1, 7 * n_parameters)))
    if total <= budget:
        return np.arange(total)
    picked = set(range(min(8, total)))
    for epoch in range(num_epochs):
        first = epoch * per_epoch
        picked |= {first, first + 1, first + per_epoch - 2, first + per_epoch - 1} & set(range(total))
    spare = budget - len(picked)
    if spare > 0:
        picked |= set(np.linspace(0, total - 1, spare).round().astype(int).tolist())
    return np.array(sorted(picked)[:budget] if len(picked) > budget else sorted(picked))


def _reference():
    import nnparity_numpy

    return nnparity_numpy


def record_reference(inputs: ScenarioInputs, steps: np.ndarray) -> list[dict]:
    """The reference numpy's states before (and after) each listed update."""
    with np.errstate(all="ignore"):  # an overflowing run is recorded as it is (and then cut)
        return _reference().train_steps(inputs.X, inputs.Y, inputs.params, dict(inputs.options), inputs.permutations,
                                        list(inputs.train_masks), steps.astype(np.float64).reshape(-1, 1), None)


def step_allowances(inputs: ScenarioInputs, steps: np.ndarray, states: list[dict], grads_by_language: dict) -> dict:
    """Per replayed quantity, the spread of the reference update from each common state applied
    to each language's own gradients: what their rounding alone can do to that update."""
    reference = _reference()
    options = dict(inputs.options)
    per_epoch = updates_per_epoch(inputs.m, options["batch_size"])
    with np.errstate(all="ignore"):  # overflowing updates are measured as they are
        outcomes = _reference_updates(reference, options, per_epoch, steps, states, grads_by_language)
    return spread(outcomes)


def _reference_updates(reference, options, per_epoch, steps, states, grads_by_language) -> list[dict]:
    """The reference update from each common state with each language's own gradients."""
    outcomes = []
    for grads_list in grads_by_language.values():
        after = []
        try:
            for step, state, grads in zip(steps, states, grads_list):
                learning_rate = reference.scheduled_learning_rate(options, int(step) // per_epoch)
                params, new_state = reference.update_parameters(state["params"], grads, {"v": state["v"], "s": state["s"]},
                                                                options, int(step) + 1, learning_rate)
                after.append({"params": params, "v": new_state["v"], "s": new_state["s"]})
        except Exception:  # noqa: BLE001 - malformed gradients measure nothing
            continue
        outcomes.append(flatten({"training": {"steps": stack(after)}}))
    return outcomes


def stack(records: list[dict]) -> dict:
    """S per-update records {params, v, s[, grads]} -> the same names, each tensor's S values side
    by side (columns), so update i of an (n, p) tensor is columns i·p … i·p+p−1."""
    if not records:
        return {}
    stacked = {}
    for part in records[0]:
        if isinstance(records[0][part], dict):
            stacked[part] = {name: np.hstack([np.asarray(r[part][name], dtype=np.float64).reshape(
                np.shape(records[0][part][name])) for r in records]) for name in records[0][part]}
    return stacked


def first_disagreeing_update(values: dict, suspect: str, majority: tuple, steps: np.ndarray, width: int,
                             tolerance) -> int | None:
    """The earliest replayed update (its 0-based index k) at which `suspect` leaves the majority."""
    from .compare import agree

    reference = values[majority[0]]
    mine = values[suspect]
    if mine.shape != reference.shape:
        return int(steps[0])
    for i, step in enumerate(steps):
        block = slice(i * width, (i + 1) * width)
        if not agree(mine[:, block], reference[:, block], tolerance):
            return int(step)
    return None


def as_state(record: dict) -> dict:
    return {"params": record["params"], "v": record["v"], "s": record["s"]}


def finite_state(record: dict) -> bool:
    """Every number of a recorded update (before and after) is finite."""
    def finite(value):
        if isinstance(value, dict):
            return all(finite(item) for item in value.values())
        return bool(np.all(np.isfinite(np.asarray(value, dtype=np.float64))))

    return finite(record)


def final_params(records: list[dict], inputs: ScenarioInputs) -> tuple[int, dict]:
    """The latest recorded parameters whose forward pass is finite (labels from NaN logits are
    whatever each language's argmax does with NaN): (index into records, params)."""
    reference = _reference()
    for index in range(len(records) - 1, -1, -1):
        params = records[index]["after"]["params"]
        _, caches = reference.forward_propagation(inputs.X, params, inputs.options["hidden_activation"],
                                                  inputs.options["output_activation"], 1, [])
        if np.all(np.isfinite(caches[-1]["Z"])):
            return index, params
    return -1, records[0]["before"]["params"]


def epoch_of(step: int, inputs: ScenarioInputs) -> int:
    return int(step) // updates_per_epoch(inputs.m, inputs.options["batch_size"])

