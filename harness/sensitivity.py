"""How far rounding alone can move the update stage: measured, not guessed.

Two correct implementations differ in the last bits of every gradient (another summation order,
another BLAS). Most quantities absorb that; two do not always:
- an rmsprop or adam step divides a gradient by its own root mean square, so where a gradient is
  rounding noise (1e-17 in one language, -1e-17 in another) the step is ±α/√(1−β2) with a sign
  that rounding chose;
That is not a bug, and a fixed tolerance cannot tell it from one. So, when the update stage
disagrees, the harness applies the reference numpy update to *each language's own gradients*:
the spread of those updates over the languages is what the gradients' rounding alone can do to
the update, and is allowed on top of the tolerance. A bug in the update code moves the update far
beyond it (the catalog's update mutants are caught with this allowance in place). Training, where
rounding can also accumulate from step to step, is replayed update by update (stepwise.py).
"""

from __future__ import annotations

import numpy as np

from .compare import flatten
from .draws import ScenarioInputs

def _reference():
    import nnparity_numpy  # the repository's numpy implementation, used here only as a measuring device

    return nnparity_numpy


def update_allowances(inputs: ScenarioInputs, grads_by_language: dict) -> dict:
    """quantity -> element-wise spread of the reference update over the languages' gradients."""
    reference = _reference()
    options = dict(inputs.options)
    outcomes = []
    for grads in grads_by_language.values():
        try:
            state = reference.initialize_optimizer(inputs.params, options["optimizer"])
            with np.errstate(all="ignore"):
                params, state = reference.update_parameters(inputs.params, grads, state, options, 1,
                                                            reference.scheduled_learning_rate(options, 0))
        except Exception:  # noqa: BLE001 - a language's malformed gradients measure nothing
            continue
        outcomes.append(flatten({"update": {"params": params, "state": state}}))
    return spread(outcomes)


def spread(outcomes: list[dict]) -> dict:
    """quantity -> element-wise max − min over the outcomes (non-finite gaps count 0)."""
    if len(outcomes) < 2:
        return {}
    allowances = {}
    for name in outcomes[0]:
        values = [np.asarray(o[name], dtype=np.float64) for o in outcomes if name in o]
        if len({v.shape for v in values}) != 1:
            continue
        with np.errstate(invalid="ignore"):
            gap = np.max(values, axis=0) - np.min(values, axis=0)
        allowances[name] = np.where(np.isfinite(gap), gap, 0.0)
    return allowances
