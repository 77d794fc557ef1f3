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
    cross_entropy = cross_entropy_cost(AL, Y, output_activation)
    l2_cost = l2_regularization_cost([np.sum(np.square(params[f"W{layer}"])) for layer in range(1, n_layers + 1)], lambd, m)
    cost = float(cross_entropy + l2_cost)
    return cost


def cross_entropy_cost(AL, Y, output_activation):
    """-(1/m) sum_i log p(y_i | x_i) for AL (n_L, m).

    A stack of k passes AL (n_L, k, m) (the gradient check's) gets one cost per pass: the sums run
    over units and examples only, in the same order as for a single pass.
    """
    m = AL.shape[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        if output_activation == "sigmoid":
            cross_entropy = -(1 / m) * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL), axis=(0, -1))
        else:
            # Pick AL[y_i, ..., i] directly: a one-hot product would turn 0 * log(0) into NaN.
            cross_entropy = -(1 / m) * np.sum(np.log(np.take(AL, label_positions(Y, AL.shape))), axis=-1)
    return cross_entropy


def label_positions(Y, shape):
    """Flat positions of AL[y_i, i] in a C-ordered AL of `shape` (n_L, m) or (n_L, k, m)."""
    m = shape[-1]
    n_passes = int(np.prod(shape[1:-1]))
    labels = Y[0].astype(np.int64)
    positions = labels[None, :] * (n_passes * m) + np.arange(n_passes)[:, None] * m + np.arange(m)[None, :]
    return positions.reshape(shape[1:])


def l2_regularization_cost(squared_norms, lambd, m):
    """(lambd / 2m) * sum_l ||W_l||_F^2 from the per-layer ||W_l||_F^2 (arrays: one per pass)."""
    l2_cost = (lambd / (2 * m)) * sum(squared_norms)
    return l2_cost
