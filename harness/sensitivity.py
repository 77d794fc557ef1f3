"""How far rounding alone can move the update and training stages: measured, not guessed.

Two correct implementations differ in the last bits of every gradient (another summation order,
another BLAS). Most quantities absorb that; two do not always:
- an rmsprop or adam step divides a gradient by its own root mean square, so where a gradient is
  rounding noise (1e-17 in one language, -1e-17 in another) the step is ±α/√(1−β2) with a sign
  that rounding chose;
- a training run can amplify last-bit differences from step to step (chaotic training).

Neither is a bug, and a fixed tolerance cannot tell them from one. So, when these stages
disagree, the harness measures the sensitivity with the reference numpy code, in process:
- update: the reference update applied to *each language's own gradients*; its spread over the
  languages is what the gradients' rounding alone can do to the update;
- training: the reference training run from the same parameters moved by a few ulps
  (PERTURBATIONS runs); its largest divergence from the unperturbed run is the trajectory's own
  sensitivity to rounding, scaled by `sensitivity_factor` (tolerances.toml) because the
  languages inject rounding at every step rather than once.
A bug in the update or training code moves the stage far beyond either (the catalog's update and
training mutants are caught with these allowances in place).
"""

from __future__ import annotations

import numpy as np

from .compare import flatten
from .draws import ScenarioInputs

PERTURBATIONS = 3  # reference runs from ulp-perturbed parameters
ULPS = 4  # how far each parameter is moved, in units of its own last bit


def _reference():
    import nnpy  # the repository's numpy implementation, used here only as a measuring device

    return nnpy


def update_allowances(inputs: ScenarioInputs, grads_by_language: dict) -> dict:
    """quantity -> element-wise spread of the reference update over the languages' gradients."""
    nnpy = _reference()
    options = dict(inputs.options)
    outcomes = []
    for grads in grads_by_language.values():
        try:
            state = nnpy.initialize_optimizer(inputs.params, options["optimizer"])
            params, state = nnpy.update_parameters(inputs.params, grads, state, options, 1,
                                                   nnpy.scheduled_learning_rate(options, 0))
        except Exception:  # noqa: BLE001 - a language's malformed gradients measure nothing
            continue
        outcomes.append(flatten({"update": {"params": params, "state": state}}))
    return _spread(outcomes, factor=1.0)


def training_allowances(inputs: ScenarioInputs, factor: float, seed: int = 0) -> dict:
    """quantity -> factor × the largest divergence of ulp-perturbed reference training runs."""
    nnpy = _reference()
    rng = np.random.default_rng(seed)

    def train(params):
        trained, costs = nnpy.train(inputs.X, inputs.Y, params, dict(inputs.options), inputs.permutations,
                                    list(inputs.train_masks))
        return flatten({"training": {"params": trained, "costs": costs}})

    try:
        outcomes = [train(inputs.params)]
        for _ in range(PERTURBATIONS):
            moved = {name: value + rng.choice((-1.0, 1.0), size=value.shape) * ULPS * np.spacing(value)
                     for name, value in inputs.params.items()}
            outcomes.append(train(moved))
    except Exception:  # noqa: BLE001 - the reference cannot run this scenario: no allowance
        return {}
    return _spread(outcomes, factor)


def _spread(outcomes: list[dict], factor: float) -> dict:
    if len(outcomes) < 2:
        return {}
    allowances = {}
    for name in outcomes[0]:
        values = [np.asarray(o[name], dtype=np.float64) for o in outcomes if name in o]
        if len({v.shape for v in values}) != 1:
            continue
        with np.errstate(invalid="ignore"):
            gap = np.max(values, axis=0) - np.min(values, axis=0)
        allowances[name] = factor * np.where(np.isfinite(gap), gap, 0.0)
    return allowances
