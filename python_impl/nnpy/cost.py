"""Cross-entropy cost from the output logits, plus the L2 penalty."""

import numpy as np

from .validate import OUTPUT_ACTIVATIONS, check_choice, check_labels, check_number, check_params, fail, params_input_size


def compute_cost(ZL, Y, output_activation, params, lambd):
    """J = (1/m) sum_i l_i + (lambd / 2m) * sum_l ||W_l||_F^2, from the logits ZL = caches[-1]["Z"].

    Working from the logits keeps J finite wherever ZL is: a saturated output unit gives a large
    finite cost, never log(0) (docs/CONTRACT.md item 7). Nothing is clipped or repaired.
    """
    function = "compute_cost"
    output_activation = check_choice(output_activation, OUTPUT_ACTIVATIONS, function, "output_activation")
    lambd = check_number(lambd, function, "lambd", low=0.0)
    if not isinstance(ZL, np.ndarray) or ZL.ndim != 2 or ZL.size == 0 or ZL.dtype.kind not in "iuf":
        fail(function, "ZL", "a non-empty numeric matrix", f"{type(ZL).__name__}")
    m = ZL.shape[1]
    if not isinstance(Y, np.ndarray) or Y.shape != (1, m):
        fail(function, "Y", f"a row of shape (1, {m}) (one label per column of ZL)",
             f"shape {Y.shape}" if isinstance(Y, np.ndarray) else type(Y).__name__)
    check_labels(Y, output_activation, ZL.shape[0], function)
    n_x = params_input_size(params)
    layer_dims = check_params(params, n_x, output_activation, function)
    if layer_dims[-1] != ZL.shape[0]:
        fail(function, "ZL", f"a matrix with {layer_dims[-1]} rows (the output layer's units)", f"shape {ZL.shape}")
    n_layers = len(layer_dims) - 1
    cross_entropy = (1 / m) * np.sum(cross_entropy_terms(ZL, Y, output_activation))
    l2_cost = l2_regularization_cost([np.sum(np.square(params[f"W{layer}"])) for layer in range(1, n_layers + 1)], lambd, m)
    cost = float(cross_entropy + l2_cost)
    return cost


def cross_entropy_terms(ZL, Y, output_activation):
    """The per-example losses l_i = -log p(y_i | x_i) >= 0, a (1, m) row, from the logits ZL (n_L, m).

    The gradient check passes V versions side by side as column blocks (ZL (n_L, V*m), Y tiled to
    (1, V*m)); every column is an example on its own, so the stack needs nothing special.
    """
    if output_activation == "sigmoid":
        # -y log s(z) - (1 - y) log(1 - s(z)) = softplus(z) - y z; this softplus never overflows.
        softplus = np.maximum(ZL, 0) + np.log1p(np.exp(-np.abs(ZL)))
        terms = softplus - Y * ZL
    else:
        # -log softmax(z)[y] = log sum_k exp(s_k) - s[y] with s = z - max(z), so exp() stays <= 1.
        shifted = ZL - np.max(ZL, axis=0, keepdims=True)
        picked = shifted[Y[0].astype(np.int64), np.arange(ZL.shape[1])]
        terms = (np.log(np.sum(np.exp(shifted), axis=0)) - picked).reshape(1, -1)
    return terms


def l2_regularization_cost(squared_norms, lambd, m):
    """(lambd / 2m) * sum_l ||W_l||_F^2 from the per-layer ||W_l||_F^2 (arrays: one per version)."""
    l2_cost = (lambd / (2 * m)) * sum(squared_norms)
    return l2_cost
