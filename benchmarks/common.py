"""Shared pieces of the benchmark scripts: cases, machine description, medians."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import time

import numpy as np

from nnparity import LANGUAGE_LABELS
from nnparity.data import load_dataset
from nnparity.draws import ScenarioInputs, draw_parameters

# name: (dataset, layer_dims, weight init, zero biases)
GRADCHECK_CASES = {
    "spiral [2,100,3]": ("spiral", (2, 100, 3), "he", False),
    "spiral [2,100,50,3]": ("spiral", (2, 100, 50, 3), "he", False),
    # Small weights and zero biases (SPEC's standalone init): the spiral's first point is (0, 0),
    # so Z1 = b1 = 0 there and every relu below sits exactly on its kink.
    "spiral [2,100,50,3] small": ("spiral", (2, 100, 50, 3), "scaled", True),
    "digits [64,150,10]": ("digits", (64, 150, 10), "he", False),
}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    blas = os.environ.get("OPENBLAS_CORETYPE", "auto")
    return (f"{platform.node() or 'host'}: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, numpy {np.__version__}; OpenBLAS core type {blas}")


def case_inputs(name: str, seed: int = 0) -> ScenarioInputs:
    dataset_name, layer_dims, init, zero_biases = GRADCHECK_CASES[name]
    data = load_dataset(dataset_name)
    X, Y = data.X, data.Y
    rng = np.random.default_rng(seed)
    params = draw_parameters(layer_dims, init, rng)
    if zero_biases:
        params = {name: value * 0 if name.startswith("b") else value for name, value in params.items()}
    options = {"hidden_activation": "relu", "output_activation": "softmax", "grad_check_epsilon": 1e-7}
    return ScenarioInputs(X=X, Y=Y, params=params, options=options, check_masks=[],
                          permutations=np.arange(X.shape[1])[:, None], train_masks=[])


def parameter_count(layer_dims) -> int:
    return sum(layer_dims[l] * layer_dims[l - 1] + layer_dims[l] for l in range(1, len(layer_dims)))


def timed(function, repeats: int):
    """(median seconds, last result) over `repeats` runs."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def label(language: str) -> str:
    return LANGUAGE_LABELS.get(language, language)


def git_revision() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"
