"""Backward pass: the mirror image of forward.py, layer kind by layer kind."""

import numpy as np

from .validate import (HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS, check_choice, check_labels, check_number, fail)


def output_backward(AL, Y, output_activation):
    """dZL of the cross-entropy cost: AL - Y (sigmoid) or AL - onehot(Y) (softmax)."""
    function = "output_backward"
    output_activation = check_choice(output_activation, OUTPUT_ACTIVATIONS, function, "output_activation")
    if not isinstance(Y, np.ndarray) or Y.shape != (1, AL.shape[1]):
        fail(function, "Y", f"a row of shape (1, {AL.shape[1]}) (one label per column of AL)",
             f"shape {Y.shape}" if isinstance(Y, np.ndarray) else type(Y).__name__)
    check_labels(Y, output_activation, AL.shape[0], function)
    if output_activation == "sigmoid":
        dZ = AL - Y
    else:
        one_hot = np.zeros_like(AL)
        one_hot[Y[0].astype(np.int64), np.arange(AL.shape[1])] = 1
        dZ = AL - one_hot
    return dZ


def activation_backward(dA, Z, activation):
    """dZ = dA * g'(Z) for a hidden-layer activation."""
    if dA.shape != Z.shape:
        fail("activation_backward", "dA", f"an array of shape {Z.shape} (the shape of Z)", f"shape {dA.shape}")
    if activation == "relu":
        dZ = dA * (Z > 0)
    elif activation == "leaky_relu":
        dZ = dA * np.where(Z > 0, 1.0, 0.01)
    elif activation == "tanh":
        A = np.tanh(Z)
        dZ = dA * (1 - A ** 2)
    elif activation == "sigmoid":
        with np.errstate(over="ignore"):
            s = 1 / (1 + np.exp(-Z))
        dZ = dA * s * (1 - s)
    else:
        check_choice(activation, HIDDEN_ACTIVATIONS, "activation_backward", "activation")
    return dZ


def dropout_backward(dA, mask, keep_prob):
    """Only the units kept in the forward pass pass gradient back, with the same 1/keep_prob."""
    if mask.shape != dA.shape:
        fail("dropout_backward", "mask", f"an array of shape {dA.shape}", f"shape {mask.shape}")
    dA = dA * mask / keep_prob
    return dA


def linear_backward(dZ, cache, lambd):
    """dA_prev, dW, db of Z = W A_prev + b, with m = the columns of dZ and the L2 term on dW."""
    A_prev, W, b = cache
    if dZ.ndim != 2 or dZ.shape != (W.shape[0], A_prev.shape[1]):
        fail("linear_backward", "dZ", f"an array of shape {(W.shape[0], A_prev.shape[1])}", f"shape {dZ.shape}")
    lambd = check_number(lambd, "linear_backward", "lambd", low=0.0)
    m = dZ.shape[1]
    dW = (1 / m) * dZ @ A_prev.T + (lambd / m) * W
    db = (1 / m) * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dA_prev, dW, db


def backward_propagation(AL, Y, caches, hidden_activation, output_activation, lambd, keep_prob):
    """Gradients dW1, db1, ..., dWL, dbL from the caches of forward_propagation."""
    function = "backward_propagation"
    hidden_activation = check_choice(hidden_activation, HIDDEN_ACTIVATIONS, function, "hidden_activation")
    output_activation = check_choice(output_activation, OUTPUT_ACTIVATIONS, function, "output_activation")
    lambd = check_number(lambd, function, "lambd", low=0.0)
    keep_prob = check_number(keep_prob, function, "keep_prob", low=0.0, high=1.0, low_open=True)
    if not isinstance(caches, (list, tuple)) or not caches:
        fail(function, "caches", "the non-empty list of caches from forward_propagation", type(caches).__name__)
    n_layers = len(caches)
    if caches[-1]["Z"].shape != AL.shape:
        fail(function, "AL", f"an array of shape {caches[-1]['Z'].shape} (the output layer's Z)", f"shape {AL.shape}")
    grads = {}
    dZ = output_backward(AL, Y, output_activation)
    dA_prev, grads[f"dW{n_layers}"], grads[f"db{n_layers}"] = linear_backward(dZ, caches[-1]["linear_cache"], lambd)
    for layer in range(n_layers - 1, 0, -1):
        cache = caches[layer - 1]
        dA = dA_prev
        if keep_prob < 1:
            if cache["mask"] is None:
                fail(function, "keep_prob", "the keep_prob of the forward pass that made the caches (it used no masks)",
                     repr(keep_prob))
            dA = dropout_backward(dA, cache["mask"], keep_prob)
        dZ = activation_backward(dA, cache["Z"], hidden_activation)
        dA_prev, grads[f"dW{layer}"], grads[f"db{layer}"] = linear_backward(dZ, cache["linear_cache"], lambd)
    ordered = {f"{kind}{layer}": grads[f"{kind}{layer}"] for layer in range(1, n_layers + 1) for kind in ("dW", "db")}
    return ordered
