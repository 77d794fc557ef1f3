"""Everything random in a parity run, drawn once with numpy from the scenario's seed.

No language's own RNG takes part: every implementation receives these very arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .data import Dataset
from .scenario import Scenario

# Biases start non-zero in a parity run (SPEC's "biases 0" is for standalone init): a bug that
# touches b (an L2 term on b, a wrong db) must be able to change the numbers.
BIAS_SCALE = 0.1
DEFAULT_DIRECTIONS = 4  # the contract's default grad_check_directions
WEIGHT_SCALES = {
    "he": lambda fan_in: np.sqrt(2.0 / fan_in),
    "xavier": lambda fan_in: np.sqrt(1.0 / fan_in),
    "scaled": lambda fan_in: 0.01,
}


@dataclass
class ScenarioInputs:
    """The arrays one scenario hands to every language."""

    X: np.ndarray
    Y: np.ndarray
    params: dict[str, np.ndarray]
    options: dict
    check_masks: list[np.ndarray]  # one (n_l, m) 0/1 mask per hidden layer, [] without dropout
    permutations: np.ndarray  # (m, num_epochs) int64, 0-based
    train_masks: list[np.ndarray]  # one (n_l, m * num_epochs) mask per hidden layer, [] without dropout
    # (P, K) of +-1: the fast gradient check's directions, the same for every language; empty:
    # each language draws its own (standalone use, e.g. the book's cases).
    check_directions: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    dataset_sha256: str = ""  # the data's checksum, recorded with the run (not sent to any language's code)

    @property
    def m(self) -> int:
        return self.X.shape[1]


def draw_parameters(layer_dims, init: str, rng: np.random.Generator, gain: float = 1.0) -> dict[str, np.ndarray]:
    params = {}
    for layer in range(1, len(layer_dims)):
        fan_in, fan_out = layer_dims[layer - 1], layer_dims[layer]
        params[f"W{layer}"] = rng.standard_normal((fan_out, fan_in)) * WEIGHT_SCALES[init](fan_in) * gain
        params[f"b{layer}"] = rng.standard_normal((fan_out, 1)) * BIAS_SCALE
    return params


def draw_masks(hidden_sizes, columns: int, keep_prob: float, rng: np.random.Generator) -> list[np.ndarray]:
    if keep_prob >= 1.0:
        return []
    return [(rng.random((size, columns)) < keep_prob).astype(np.float64) for size in hidden_sizes]


def draw_permutations(m: int, num_epochs: int, batch_size: int, rng: np.random.Generator) -> np.ndarray:
    if batch_size >= m:  # full batch: the identity order, as the contract defines it
        return np.tile(np.arange(m, dtype=np.int64)[:, None], (1, num_epochs))
    return np.column_stack([rng.permutation(m) for _ in range(num_epochs)]).astype(np.int64)


def draw_directions(layer_dims, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` Rademacher directions over the flat parameter vector, one per column."""
    n_parameters = sum(layer_dims[l] * (layer_dims[l - 1] + 1) for l in range(1, len(layer_dims)))
    return rng.integers(0, 2, size=(n_parameters, count)).astype(np.float64) * 2.0 - 1.0


def draw_inputs(scenario: Scenario, dataset: Dataset) -> ScenarioInputs:
    """Draw in a fixed order (parameters, check masks, permutations, training masks, directions):
    a new kind of draw goes last, so the earlier ones of every existing scenario stay the same."""
    rng = np.random.default_rng(scenario.seed)
    m = dataset.X.shape[1]
    hidden_sizes = scenario.layer_dims[1:-1]
    params = draw_parameters(scenario.layer_dims, scenario.init, rng, scenario.init_gain)
    check_masks = draw_masks(hidden_sizes, m, scenario.keep_prob, rng)
    permutations = draw_permutations(m, scenario.num_epochs, scenario.batch_size, rng)
    train_masks = draw_masks(hidden_sizes, m * scenario.num_epochs, scenario.keep_prob, rng)
    options = scenario.options()
    directions = draw_directions(scenario.layer_dims, options.get("grad_check_directions", DEFAULT_DIRECTIONS), rng)
    return ScenarioInputs(X=dataset.X, Y=dataset.Y, params=params, options=options,
                          check_masks=check_masks, permutations=permutations, train_masks=train_masks,
                          check_directions=directions, dataset_sha256=dataset.sha256)
