"""The canonical flat vector: for l = 1..L, vec(W_l) then vec(b_l), vec stacking columns."""

import numpy as np

from .validate import bad_input, check_layer_dims, describe_value


def parameters_to_vector(params):
    """theta (P, 1): W1, b1, W2, b2, ... each flattened column by column (Fortran order)."""
    function = "parameters_to_vector"
    if not isinstance(params, dict) or not params or len(params) % 2:
        bad_input(function, "params", "a dict holding exactly W1, b1, ..., WL, bL", describe_value(params))
    pieces = []
    for layer in range(1, len(params) // 2 + 1):
        for name in (f"W{layer}", f"b{layer}"):
            if not isinstance(params.get(name), np.ndarray) or params[name].ndim != 2:
                bad_input(function, f'params["{name}"]', "a 2-D array", describe_value(params.get(name)))
            tensor = params[name]
            pieces.append(tensor.reshape(-1, 1, order="F"))
    theta = np.concatenate(pieces, axis=0).astype(np.float64, copy=False)
    return theta


def gradients_to_vector(grads):
    """The flat vector of dW1, db1, ..., dWL, dbL, in the order parameters_to_vector gives W1, b1, ...
    (it flattens them, so both vectors always share one layout)."""
    return parameters_to_vector({name[1:]: value for name, value in grads.items()})


def vector_to_parameters(theta, layer_dims):
    """The inverse of parameters_to_vector for the given layer_dims."""
    function = "vector_to_parameters"
    layer_dims = check_layer_dims(function, layer_dims)
    n_params = sum(layer_dims[l] * (layer_dims[l - 1] + 1) for l in range(1, len(layer_dims)))
    if not isinstance(theta, np.ndarray) or theta.shape != (n_params, 1):
        bad_input(function, "theta", f"an array of shape ({n_params}, 1) for layer_dims {layer_dims}",
                  f"shape {theta.shape}" if isinstance(theta, np.ndarray) else type(theta).__name__)
    params = {}
    start = 0
    for layer in range(1, len(layer_dims)):
        n_units, n_prev = layer_dims[layer], layer_dims[layer - 1]
        end = start + n_units * n_prev
        params[f"W{layer}"] = theta[start:end].reshape(n_units, n_prev, order="F").copy()
        start, end = end, end + n_units
        params[f"b{layer}"] = theta[start:end].reshape(n_units, 1, order="F").copy()
        start = end
    return params
