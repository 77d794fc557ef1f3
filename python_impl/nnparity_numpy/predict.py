"""Prediction and accuracy (no dropout)."""

import numpy as np

from .forward import forward_propagation_unchecked
from .validate import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS, bad_input, check_choice, check_matrix, check_params


def predict(X, params, hidden_activation, output_activation):
    """Labels (1, m), 0-based, as float64 like Y: 1 where AL > 0.5 (sigmoid), or the row of each
    column's maximum (softmax; the first one on ties)."""
    function = "predict"
    X = check_matrix(function, "X", X, True)
    hidden_activation = check_choice(function, "hidden_activation", hidden_activation, HIDDEN_ACTIVATIONS)
    output_activation = check_choice(function, "output_activation", output_activation, OUTPUT_ACTIVATIONS)
    check_params(function, params, X.shape[0], output_activation)
    AL, _ = forward_propagation_unchecked(X, params, hidden_activation, output_activation, 1, [])
    if output_activation == "sigmoid":
        labels = (AL > 0.5).astype(np.float64)
    else:
        labels = np.argmax(AL, axis=0).reshape(1, -1).astype(np.float64)
    return labels


def accuracy(labels, Y):
    """The fraction of columns where the predicted label equals Y."""
    function = "accuracy"
    labels = check_matrix(function, "labels", labels, False)
    if labels.shape[0] != 1:
        bad_input(function, "labels", "a row of shape (1, m)", f"shape {labels.shape}")
    if not isinstance(Y, np.ndarray) or Y.shape != labels.shape:
        bad_input(function, "Y", f"a row of shape {labels.shape} (the shape of labels)",
                  f"shape {Y.shape}" if isinstance(Y, np.ndarray) else type(Y).__name__)
    fraction = float(np.mean(labels == Y))
    return fraction
