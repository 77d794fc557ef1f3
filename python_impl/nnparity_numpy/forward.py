"""Forward pass: one function per layer kind, each returning what its backward twin needs."""

import numpy as np

from .validate import (HIDDEN_ACTIVATIONS, KEEP_PROBABILITY, OUTPUT_ACTIVATIONS, bad_input, check_choice, check_dropout, check_masks,
                       check_matrix, check_number, check_params, describe_value)


def linear_forward(A_prev, W, b):
    """Z = W A_prev + b, with b (n_l, 1) added to every column; cache = (A_prev, W, b)."""
    for argument, value in (("A_prev", A_prev), ("W", W), ("b", b)):
        if not (isinstance(value, np.ndarray) and value.ndim == 2):  # before shapes are read from it
            bad_input("linear_forward", argument, "a 2-D numpy array", describe_value(value))
    if W.ndim != 2 or A_prev.ndim != 2 or W.shape[1] != A_prev.shape[0]:
        bad_input("linear_forward", "W", f"a matrix with {A_prev.shape[0]} columns (the rows of A_prev)",
                  f"shape {W.shape}")
    if b.shape != (W.shape[0], 1):
        bad_input("linear_forward", "b", f"an array of shape ({W.shape[0]}, 1)", f"shape {b.shape}")
    return linear_forward_unchecked(A_prev, W, b)


def linear_forward_unchecked(A_prev, W, b):
    """linear_forward on valid arguments."""
    Z = W @ A_prev + b
    cache = (A_prev, W, b)
    return Z, cache


def activation_forward(Z, activation):
    """A = g(Z) for a hidden-layer activation."""
    activation = check_choice("activation_forward", "activation", activation, HIDDEN_ACTIVATIONS)
    return activation_forward_unchecked(Z, activation)


def activation_forward_unchecked(Z, activation):
    """activation_forward on valid arguments (activation one known name)."""
    if activation == "relu":
        A = np.maximum(0, Z)
    elif activation == "leaky_relu":
        A = np.where(Z > 0, Z, 0.01 * Z)
    elif activation == "tanh":
        A = np.tanh(Z)
    else:
        with np.errstate(over="ignore"):  # exp(-Z) overflowing to inf gives the right limit 0
            A = 1 / (1 + np.exp(-Z))
    return A


def softmax_forward(Z):
    """Column-wise softmax (over axis 0); subtracting each column's max keeps exp() from overflowing."""
    if not isinstance(Z, np.ndarray) or Z.ndim < 2:
        bad_input("softmax_forward", "Z", "a numeric matrix", f"{type(Z).__name__}")
    return softmax_forward_unchecked(Z)


def softmax_forward_unchecked(Z):
    """softmax_forward on a valid matrix."""
    shifted = Z - np.max(Z, axis=0, keepdims=True)
    exps = np.exp(shifted)
    A = exps / np.sum(exps, axis=0, keepdims=True)
    return A


def output_forward(ZL, output_activation):
    """AL from the logits: sigmoid or softmax."""
    # Its callers pass valid logits: the unchecked twins.
    if output_activation == "sigmoid":
        AL = activation_forward_unchecked(ZL, "sigmoid")
    else:
        AL = softmax_forward_unchecked(ZL)
    return AL


def dropout_forward(A, mask, keep_prob):
    """Inverted dropout: zero the dropped units and rescale so E[A] is unchanged."""
    check_dropout("dropout_forward", "A", A, mask, keep_prob)
    return dropout_forward_unchecked(A, mask, keep_prob)


def dropout_forward_unchecked(A, mask, keep_prob):
    """dropout_forward on valid arguments."""
    A = A * mask / keep_prob
    return A


def forward_propagation(X, params, hidden_activation, output_activation, keep_prob, masks):
    """AL and one cache per layer: {"linear_cache": (A_prev, W, b), "Z": Z, "mask": D or None}."""
    function = "forward_propagation"
    X = check_matrix(function, "X", X, True)
    hidden_activation = check_choice(function, "hidden_activation", hidden_activation, HIDDEN_ACTIVATIONS)
    output_activation = check_choice(function, "output_activation", output_activation, OUTPUT_ACTIVATIONS)
    keep_prob = check_number(function, "keep_prob", keep_prob, *KEEP_PROBABILITY)
    layer_dims = check_params(function, params, X.shape[0], output_activation)
    masks = check_masks(function, masks, layer_dims, X.shape[1], keep_prob)
    return forward_propagation_unchecked(X, params, hidden_activation, output_activation, keep_prob, masks)


def forward_propagation_unchecked(X, params, hidden_activation, output_activation, keep_prob, masks):
    """forward_propagation on valid arguments (masks a list, [] when keep_prob == 1), through the
    layer functions' unchecked twins."""
    n_layers = len(params) // 2
    caches = []
    A = X
    for layer in range(1, n_layers):
        Z, linear_cache = linear_forward_unchecked(A, params[f"W{layer}"], params[f"b{layer}"])
        A = activation_forward_unchecked(Z, hidden_activation)
        mask = masks[layer - 1] if keep_prob < 1 else None
        if mask is not None:
            A = dropout_forward_unchecked(A, mask, keep_prob)
        caches.append({"linear_cache": linear_cache, "Z": Z, "mask": mask})
    Z, linear_cache = linear_forward_unchecked(A, params[f"W{n_layers}"], params[f"b{n_layers}"])
    AL = output_forward(Z, output_activation)
    caches.append({"linear_cache": linear_cache, "Z": Z, "mask": None})
    return AL, caches
