"""Mini-batch training: permuted consecutive slices, one update per slice, cost after each epoch."""

import numpy as np

from .backward import backward_propagation
from .cost import compute_cost
from .forward import forward_propagation
from .optimizers import initialize_optimizer, scheduled_learning_rate, update_parameters
from .validate import (check_data, check_integer, check_masks, check_matrix, check_options, check_params,
                       check_permutations, fail)


def random_mini_batches(X, Y, permutation, batch_size):
    """Consecutive slices of size batch_size of the columns in `permutation` order (the last one
    possibly smaller). Returns (batches, ranges): [(X_batch, Y_batch), ...] and the 0-based
    [start, end) positions in the permuted order, to slice dropout masks the same way."""
    function = "random_mini_batches"
    X = check_matrix(X, function, "X", finite=True)
    m = X.shape[1]
    if not isinstance(Y, np.ndarray) or Y.shape != (1, m):
        fail(function, "Y", f"a row of shape (1, {m}) (one label per column of X)",
             f"shape {Y.shape}" if isinstance(Y, np.ndarray) else type(Y).__name__)
    permutation = np.asarray(permutation)
    if permutation.ndim == 1:
        permutation = permutation.reshape(-1, 1)
    permutation = check_permutations(permutation, m, 1, function, "permutation")[:, 0]
    batch_size = check_integer(batch_size, function, "batch_size", low=1)
    X_shuffled, Y_shuffled = X[:, permutation], Y[:, permutation]
    batches, ranges = [], []
    for start in range(0, m, batch_size):
        end = min(start + batch_size, m)
        batches.append((X_shuffled[:, start:end], Y_shuffled[:, start:end]))
        ranges.append((start, end))
    return batches, ranges


def draw_permutations(m, num_epochs, batch_size, rng):
    """Standalone: one permutation per epoch from rng; the identity when one batch holds all of X."""
    if batch_size >= m:
        return np.tile(np.arange(m)[:, None], (1, num_epochs))
    return np.column_stack([rng.permutation(m) for _ in range(num_epochs)])


def draw_masks(layer_dims, width, keep_prob, rng):
    """Standalone: one mask per hidden layer, entries uniform < keep_prob."""
    return [(rng.random((n_units, width)) < keep_prob).astype(np.float64) for n_units in layer_dims[1:-1]]


def train(X, Y, params, options, permutations, masks):
    """Train from `params`; returns the final params and the costs (1, num_epochs), each on the
    whole training set after its epoch, without dropout and with the L2 term.

    Empty `permutations` / `masks` (None or []) mean standalone mode: they are drawn from
    np.random.default_rng(options["seed"]) (masks first, then the permutations).
    """
    function = "train"
    options = check_options(options, function)
    X = check_matrix(X, function, "X", finite=True)
    hidden, output = options["hidden_activation"], options["output_activation"]
    layer_dims = check_params(params, X.shape[0], output, function)
    X, Y = check_data(X, Y, output, layer_dims[-1], function)
    m, num_epochs, batch_size = X.shape[1], options["num_epochs"], options["batch_size"]
    keep_prob, lambd = options["keep_prob"], options["lambd"]
    rng = np.random.default_rng(options["seed"])
    if keep_prob < 1 and (masks is None or (isinstance(masks, (list, tuple)) and len(masks) == 0)):
        masks = draw_masks(layer_dims, m * num_epochs, keep_prob, rng)
    masks = check_masks(masks, layer_dims, m * num_epochs, keep_prob, function)
    if permutations is None or np.size(permutations) == 0:
        permutations = draw_permutations(m, num_epochs, batch_size, rng)
    permutations = check_permutations(permutations, m, num_epochs, function)

    state = initialize_optimizer(params, options["optimizer"])
    costs = np.zeros((1, num_epochs))
    t = 0
    for epoch in range(num_epochs):
        learning_rate = scheduled_learning_rate(options, epoch)
        batches, ranges = random_mini_batches(X, Y, permutations[:, epoch], batch_size)
        for (X_batch, Y_batch), (start, end) in zip(batches, ranges):
            # Mask columns follow the permuted order: positions start..end-1 of epoch `epoch`.
            batch_masks = [mask[:, epoch * m + start:epoch * m + end] for mask in masks]
            AL, caches = forward_propagation(X_batch, params, hidden, output, keep_prob, batch_masks)
            grads = backward_propagation(AL, Y_batch, caches, hidden, output, lambd, keep_prob)
            t += 1
            params, state = update_parameters(params, grads, state, options, t, learning_rate)
        _, caches = forward_propagation(X, params, hidden, output, 1, [])
        costs[0, epoch] = compute_cost(caches[-1]["Z"], Y, output, params, lambd)
    return params, costs
