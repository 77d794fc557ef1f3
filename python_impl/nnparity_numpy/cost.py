"""Cross-entropy cost from the output logits, plus the L2 penalty."""

import numpy as np

from .validate import NON_NEGATIVE, OUTPUT_ACTIVATIONS, bad_input, check_choice, check_labels, check_number, check_params


def compute_cost(ZL, Y, output_activation, params, lambd):
    """J = (1/m) sum_i l_i + (lambd / 2m) * sum_l ||W_l||_F^2, from the logits ZL = caches[-1]["Z"].

    Working from the logits keeps J finite wherever ZL is: a saturated output unit gives a large
    finite cost, never log(0) (docs/CONTRACT.md item 7). Nothing is clipped or repaired.
    """
    function = "compute_cost"
    output_activation = check_choice(function, "output_activation", output_activation, OUTPUT_ACTIVATIONS)
    lambd = check_number(function, "lambd", lambd, *NON_NEGATIVE)
    if not isinstance(ZL, np.ndarray) or ZL.ndim != 2 or ZL.size == 0 or ZL.dtype.kind not in "iuf":
        bad_input(function, "ZL", "a non-empty numeric matrix", f"{type(ZL).__name__}")
    Y = check_labels(function, Y, ZL.shape[1], output_activation, ZL.shape[0])
    layer_dims = check_params(function, params, None, output_activation)
    if layer_dims[-1] != ZL.shape[0]:
        bad_input(function, "ZL", f"a matrix with {layer_dims[-1]} rows (the output layer's units)", f"shape {ZL.shape}")
    return compute_cost_unchecked(ZL, Y, output_activation, params, lambd)


def compute_cost_unchecked(ZL, Y, output_activation, params, lambd):
    """compute_cost on valid arguments."""
    m = ZL.shape[1]
    cross_entropy = (1 / m) * np.sum(cross_entropy_terms(ZL, Y, output_activation))
    l2_cost = l2_regularization_cost(weight_square_sums(params), lambd, m)
    cost = float(cross_entropy + l2_cost)
    return cost


def softplus(Z):
    """log(1 + exp(z)) element-wise, as max(z, 0) + log1p(exp(-|z|)), which never overflows."""
    return np.maximum(Z, 0) + np.log1p(np.exp(-np.abs(Z)))


def cross_entropy_terms(ZL, Y, output_activation):
    """The per-example losses l_i = -log p(y_i | x_i) >= 0, a (1, m) row, from the logits ZL (n_L, m).

    The gradient check passes many versions side by side as columns (ZL (n_L, C), Y (1, C) the
    label of each column); every column is an example on its own, so the stack needs nothing special.
    """
    if output_activation == "sigmoid":
        # -y log s(z) - (1 - y) log(1 - s(z)) = softplus(z) - y z
        terms = softplus(ZL) - Y * ZL
    else:
        # -log softmax(z)[y] = log sum_k exp(s_k) - s[y] with s = z - max(z), so exp() stays <= 1.
        shifted = ZL - np.max(ZL, axis=0, keepdims=True)
        picked = shifted.ravel()[Y[0].astype(np.int64) * ZL.shape[1] + np.arange(ZL.shape[1])]  # shifted[y_i, i]
        terms = (np.log(np.sum(np.exp(shifted), axis=0)) - picked).reshape(1, -1)
    return terms


def weight_square_sums(params):
    """||W_l||_F^2 for l = 1..L, in layer order."""
    return [np.sum(np.square(params[f"W{layer}"])) for layer in range(1, len(params) // 2 + 1)]


def l2_regularization_cost(squared_norms, lambd, m):
    """(lambd / 2m) * sum_l ||W_l||_F^2 from the per-layer ||W_l||_F^2 (arrays: one per version)."""
    l2_cost = (lambd / (2 * m)) * sum(squared_norms)
    return l2_cost
