"""Cross-entropy cost plus the L2 penalty."""

import numpy as np

from .validate import OUTPUT_ACTIVATIONS, check_choice, check_labels, check_number, check_params, fail, params_input_size


def compute_cost(AL, Y, output_activation, params, lambd):
    """J = cross-entropy over the m columns + (lambd / 2m) * sum_l ||W_l||_F^2.

    No clipping: a probability that underflows to 0 gives Inf (or NaN for 0 * log 0), and that
    is the result (SPEC.md).
    """
    function = "compute_cost"
    output_activation = check_choice(output_activation, OUTPUT_ACTIVATIONS, function, "output_activation")
    lambd = check_number(lambd, function, "lambd", low=0.0)
    if not isinstance(AL, np.ndarray) or AL.ndim != 2 or AL.size == 0:
        fail(function, "AL", "a non-empty numeric matrix", f"{type(AL).__name__}")
    m = AL.shape[1]
    if not isinstance(Y, np.ndarray) or Y.shape != (1, m):
        fail(function, "Y", f"a row of shape (1, {m}) (one label per column of AL)",
             f"shape {Y.shape}" if isinstance(Y, np.ndarray) else type(Y).__name__)
    check_labels(Y, output_activation, AL.shape[0], function)
    n_x = params_input_size(params)
    layer_dims = check_params(params, n_x, output_activation, function)
    if layer_dims[-1] != AL.shape[0]:
        fail(function, "AL", f"a matrix with {layer_dims[-1]} rows (the output layer's units)", f"shape {AL.shape}")
    n_layers = len(layer_dims) - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        if output_activation == "sigmoid":
            cross_entropy = -(1 / m) * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
        else:
            # Pick AL[y_i, i] directly: a one-hot product would turn 0 * log(0) into NaN.
            cross_entropy = -(1 / m) * np.sum(np.log(AL[Y[0].astype(np.int64), np.arange(m)]))
    l2_cost = (lambd / (2 * m)) * sum(np.sum(np.square(params[f"W{layer}"])) for layer in range(1, n_layers + 1))
    cost = float(cross_entropy + l2_cost)
    return cost
