"""Standalone parameter initialisation (a parity run never uses it: the harness passes params)."""

import numpy as np

from .validate import INIT_SCHEMES, check_choice, check_integer, check_layer_dims

# Weight scale per scheme as a function of the fan-in n_{l-1}.
WEIGHT_SCALES = {
    "scaled": lambda fan_in: 0.01,
    "he": lambda fan_in: np.sqrt(2.0 / fan_in),
    "xavier": lambda fan_in: np.sqrt(1.0 / fan_in),
}


def initialize_parameters(layer_dims, scheme, seed=None):
    """W_l ~ N(0,1) * scale (n_l, n_{l-1}) and b_l = 0 (n_l, 1) for l = 1..L.

    `book` reproduces the book's Python recipe: numpy's legacy global RNG seeded once with 3,
    then randn(n_l, n_{l-1}) * 0.01 layer after layer (it ignores `seed`, and it does reseed the
    global legacy RNG, exactly as the book did). The other schemes draw from a private
    Generator seeded with `seed` (fresh entropy when None).
    """
    function = "initialize_parameters"
    layer_dims = check_layer_dims(function, layer_dims)
    scheme = check_choice(function, "scheme", scheme, INIT_SCHEMES)
    if seed is not None:
        seed = check_integer(function, "seed", seed, 0)
    params = {}
    if scheme == "book":
        np.random.seed(3)
        for layer in range(1, len(layer_dims)):
            params[f"W{layer}"] = np.random.randn(layer_dims[layer], layer_dims[layer - 1]) * 0.01
            params[f"b{layer}"] = np.zeros((layer_dims[layer], 1))
        return params
    rng = np.random.default_rng(seed)
    for layer in range(1, len(layer_dims)):
        scale = WEIGHT_SCALES[scheme](layer_dims[layer - 1])
        params[f"W{layer}"] = rng.standard_normal((layer_dims[layer], layer_dims[layer - 1])) * scale
        params[f"b{layer}"] = np.zeros((layer_dims[layer], 1))
    return params
