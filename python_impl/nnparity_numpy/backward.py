"""Backward pass: the mirror image of forward.py, layer kind by layer kind."""

import numpy as np

from .validate import (HIDDEN_ACTIVATIONS, KEEP_PROBABILITY, NON_NEGATIVE, OUTPUT_ACTIVATIONS, bad_input, check_choice, check_dropout,
                       check_labels, check_number)


def one_hot(Y, n_classes):
    """The (n_classes, m) indicator of the labels Y (1, m): column i is 1 in row Y[0, i]."""
    indicator = np.zeros((n_classes, Y.shape[1]))
    indicator[Y[0].astype(np.int64), np.arange(Y.shape[1])] = 1
    return indicator


def output_backward(AL, Y, output_activation):
    """dZL of the cross-entropy cost: AL - Y (sigmoid) or AL - one_hot(Y) (softmax)."""
    function = "output_backward"
    output_activation = check_choice(function, "output_activation", output_activation, OUTPUT_ACTIVATIONS)
    Y = check_labels(function, Y, AL.shape[1], output_activation, AL.shape[0])
    return output_backward_unchecked(AL, Y, output_activation)


def output_backward_unchecked(AL, Y, output_activation):
    """output_backward on valid arguments."""
    dZ = AL - (Y if output_activation == "sigmoid" else one_hot(Y, AL.shape[0]))
    return dZ


def activation_backward(dA, Z, activation):
    """dZ = dA * g'(Z) for a hidden-layer activation."""
    if dA.shape != Z.shape:
        bad_input("activation_backward", "dA", f"an array of shape {Z.shape} (the shape of Z)", f"shape {dA.shape}")
    activation = check_choice("activation_backward", "activation", activation, HIDDEN_ACTIVATIONS)
    return activation_backward_unchecked(dA, Z, activation)


def activation_backward_unchecked(dA, Z, activation):
    """activation_backward on valid arguments (activation one known name)."""
    if activation == "relu":
        dZ = dA * (Z > 0)
    elif activation == "leaky_relu":
        dZ = dA * np.where(Z > 0, 1.0, 0.01)
    elif activation == "tanh":
        A = np.tanh(Z)
        dZ = dA * (1 - A ** 2)
    else:
        with np.errstate(over="ignore"):
            s = 1 / (1 + np.exp(-Z))
        dZ = dA * s * (1 - s)
    return dZ


def dropout_backward(dA, mask, keep_prob):
    """Only the units kept in the forward pass pass gradient back, with the same 1/keep_prob."""
    check_dropout("dropout_backward", "dA", dA, mask, keep_prob)
    return dropout_backward_unchecked(dA, mask, keep_prob)


def dropout_backward_unchecked(dA, mask, keep_prob):
    """dropout_backward on valid arguments."""
    dA = dA * mask / keep_prob
    return dA


def linear_backward(dZ, cache, lambd):
    """dA_prev, dW, db of Z = W A_prev + b, with m = the columns of dZ and the L2 term on dW.

    Like every layer function it checks shapes only (lambd >= 0 is checked by the functions that
    take it from the caller: backward_propagation, compute_cost, check_options)."""
    A_prev, W, b = cache
    if dZ.ndim != 2 or dZ.shape != (W.shape[0], A_prev.shape[1]):
        bad_input("linear_backward", "dZ", f"an array of shape {(W.shape[0], A_prev.shape[1])}", f"shape {dZ.shape}")
    return linear_backward_unchecked(dZ, cache, lambd)


def linear_backward_unchecked(dZ, cache, lambd):
    """linear_backward on valid arguments."""
    A_prev, W, b = cache
    m = dZ.shape[1]
    dW = (1 / m) * dZ @ A_prev.T + (lambd / m) * W
    db = (1 / m) * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dA_prev, dW, db


def backward_propagation(AL, Y, caches, hidden_activation, output_activation, lambd, keep_prob):
    """Gradients dW1, db1, ..., dWL, dbL from the caches of forward_propagation."""
    function = "backward_propagation"
    hidden_activation = check_choice(function, "hidden_activation", hidden_activation, HIDDEN_ACTIVATIONS)
    output_activation = check_choice(function, "output_activation", output_activation, OUTPUT_ACTIVATIONS)
    lambd = check_number(function, "lambd", lambd, *NON_NEGATIVE)
    keep_prob = check_number(function, "keep_prob", keep_prob, *KEEP_PROBABILITY)
    if not isinstance(caches, (list, tuple)) or not caches:
        bad_input(function, "caches", "the non-empty list of caches from forward_propagation", type(caches).__name__)
    if caches[-1]["Z"].shape != AL.shape:
        bad_input(function, "AL", f"an array of shape {caches[-1]['Z'].shape} (the output layer's Z)", f"shape {AL.shape}")
    Y = check_labels(function, Y, AL.shape[1], output_activation, AL.shape[0])
    if keep_prob < 1 and any(cache["mask"] is None for cache in caches[:-1]):
        bad_input(function, "keep_prob", "the keep_prob of the forward pass that made the caches (it used no masks)",
                  repr(keep_prob))
    return backward_propagation_unchecked(AL, Y, caches, hidden_activation, output_activation, lambd, keep_prob)


def backward_propagation_unchecked(AL, Y, caches, hidden_activation, output_activation, lambd, keep_prob):
    """backward_propagation on valid arguments, through the layer functions' unchecked twins."""
    n_layers = len(caches)
    grads = {}
    dZ = output_backward_unchecked(AL, Y, output_activation)
    dA_prev, grads[f"dW{n_layers}"], grads[f"db{n_layers}"] = linear_backward_unchecked(dZ, caches[-1]["linear_cache"], lambd)
    for layer in range(n_layers - 1, 0, -1):
        cache = caches[layer - 1]
        dA = dA_prev
        if keep_prob < 1:
            dA = dropout_backward_unchecked(dA, cache["mask"], keep_prob)
        dZ = activation_backward_unchecked(dA, cache["Z"], hidden_activation)
        dA_prev, grads[f"dW{layer}"], grads[f"db{layer}"] = linear_backward_unchecked(dZ, cache["linear_cache"], lambd)
    ordered = {f"{kind}{layer}": grads[f"{kind}{layer}"] for layer in range(1, n_layers + 1) for kind in ("dW", "db")}
    return ordered

