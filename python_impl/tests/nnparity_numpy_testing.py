"""Helpers shared by the nnparity_numpy tests: dataset loading and small synthetic problems."""

from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def load_dataset(name):
    """X (features, m) and Y (1, m) from data/<name>.csv (one example per row, label last)."""
    table = np.loadtxt(DATA_DIR / f"{name}.csv", delimiter=",")
    return np.ascontiguousarray(table[:, :-1].T), table[:, -1].reshape(1, -1).copy()


def make_problem(layer_dims, output_activation, m=12, seed=0, init="he", bias_scale=0.1):
    """Random X, labels fitting the output, and parameters with he / xavier scaled weights and
    small non-zero biases (so a bug touching b can show)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((layer_dims[0], m))
    if output_activation == "sigmoid":
        Y = rng.integers(0, 2, size=(1, m)).astype(np.float64)
    else:
        Y = rng.integers(0, layer_dims[-1], size=(1, m)).astype(np.float64)
    scale = {"he": 2.0, "xavier": 1.0}[init]
    params = {}
    for layer in range(1, len(layer_dims)):
        params[f"W{layer}"] = rng.standard_normal((layer_dims[layer], layer_dims[layer - 1])) * np.sqrt(scale / layer_dims[layer - 1])
        params[f"b{layer}"] = rng.standard_normal((layer_dims[layer], 1)) * bias_scale
    return X, Y, params


def make_masks(layer_dims, width, keep_prob, seed=1):
    """Fixed 0/1 dropout masks (uniform < keep_prob), one per hidden layer."""
    rng = np.random.default_rng(seed)
    return [(rng.random((n, width)) < keep_prob).astype(np.float64) for n in layer_dims[1:-1]]

