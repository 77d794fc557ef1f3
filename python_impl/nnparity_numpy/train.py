"""Mini-batch training: permuted consecutive slices, one update per slice, cost after each epoch.

`train` and `train_steps` check their inputs once (check_training_inputs) and share one loop,
`training_loop`, so a bug in batching, the schedule or the step counter is in both. Per update the
loop calls only unchecked twins, so one run checks its inputs once, not once per update or epoch."""

import numpy as np

from .backward import backward_propagation_unchecked
from .cost import compute_cost_unchecked
from .forward import forward_propagation_unchecked
from .optimizers import initialize_optimizer, scheduled_learning_rate_unchecked, update_parameters_unchecked
from .validate import (bad_input, check_data, check_integer, check_masks, check_matrix, check_options, check_params,
                       check_permutations, check_states, check_steps)


def random_mini_batches(X, Y, permutation, batch_size):
    """Consecutive slices of size batch_size of the columns in `permutation` order (the last one
    possibly smaller). Returns (batches, ranges): [(X_batch, Y_batch), ...] and the 0-based
    [start, end) positions in the permuted order, to slice dropout masks the same way."""
    function = "random_mini_batches"
    X = check_matrix(function, "X", X, True)
    m = X.shape[1]
    if not isinstance(Y, np.ndarray) or Y.shape != (1, m):
        bad_input(function, "Y", f"a row of shape (1, {m}) (one label per column of X)",
                  f"shape {Y.shape}" if isinstance(Y, np.ndarray) else type(Y).__name__)
    permutation = np.asarray(permutation)
    if permutation.ndim == 1:
        permutation = permutation.reshape(-1, 1)
    permutation = check_permutations(function, permutation, m, 1, argument="permutation")[:, 0]
    batch_size = check_integer(function, "batch_size", batch_size, 1)
    return random_mini_batches_unchecked(X, Y, permutation, batch_size)


def random_mini_batches_unchecked(X, Y, permutation, batch_size):
    """random_mini_batches on valid arguments (the training loop's, checked once per run)."""
    m = X.shape[1]
    X_shuffled, Y_shuffled = X[:, permutation], Y[:, permutation]
    batches, ranges = [], []
    for start in range(0, m, batch_size):
        end = min(start + batch_size, m)
        batches.append((X_shuffled[:, start:end], Y_shuffled[:, start:end]))
        ranges.append((start, end))
    return batches, ranges


def total_updates(m, batch_size, num_epochs):
    """num_epochs * ceil(m / batch_size): the updates of one training run."""
    return num_epochs * -(-m // batch_size)


def draw_permutations(m, num_epochs, batch_size, rng):
    """Standalone: one permutation per epoch from the Generator rng; the identity when one batch
    holds all of X."""
    if batch_size >= m:
        return np.tile(np.arange(m)[:, None], (1, num_epochs))
    return np.column_stack([rng.permutation(m) for _ in range(num_epochs)])


def draw_masks(layer_dims, width, keep_prob, rng):
    """Standalone: one mask per hidden layer, entries uniform < keep_prob, from the Generator rng."""
    return [(rng.random((n_units, width)) < keep_prob).astype(np.float64) for n_units in layer_dims[1:-1]]


def check_training_inputs(function, X, Y, params, options, permutations, masks):
    """Everything `train` and `train_steps` share, checked once. Empty `permutations` / `masks` (None
    or []) are drawn from np.random.default_rng(options["seed"]) (masks first, then permutations).

    Returns X, Y (float64), the complete options, permutations (m, num_epochs) and masks (L-1
    arrays (n_l, m * num_epochs), [] without dropout)."""
    options = check_options(function, options)
    X = check_matrix(function, "X", X, True)
    layer_dims = check_params(function, params, X.shape[0], options["output_activation"])
    X, Y = check_data(function, X, Y, options["output_activation"], layer_dims[-1])
    m, num_epochs, keep_prob = X.shape[1], options["num_epochs"], options["keep_prob"]
    rng = np.random.default_rng(options["seed"])
    if keep_prob < 1 and (masks is None or (isinstance(masks, (list, tuple)) and len(masks) == 0)):
        masks = draw_masks(layer_dims, m * num_epochs, keep_prob, rng)
    masks = check_masks(function, masks, layer_dims, m * num_epochs, keep_prob)
    if permutations is None or np.size(permutations) == 0:
        permutations = draw_permutations(m, num_epochs, options["batch_size"], rng)
    permutations = check_permutations(function, permutations, m, num_epochs)
    return X, Y, options, permutations, masks


def train(X, Y, params, options, permutations, masks):
    """Train from `params`; returns the final params and the costs (1, num_epochs), each on the
    whole training set after its epoch, without dropout and with the L2 term.

    Empty `permutations` / `masks` (None or []) mean standalone mode: they are drawn from
    np.random.default_rng(options["seed"]) (masks first, then the permutations).
    """
    X, Y, options, permutations, masks = check_training_inputs("train", X, Y, params, options, permutations, masks)
    params, costs, _ = training_loop(X, Y, params, options, permutations, masks, None, None)
    return params, costs


def train_steps(X, Y, params, options, permutations, masks, steps, states):
    """The updates `steps` (0-based global indices k: t = k + 1, epoch k // batches_per_epoch) of
    the run `train` makes, one record per listed update, in the order listed.

    `steps`: a list, 1-D array or (S, 1) column of strictly increasing integers in
    0..total_updates-1. `states` empty (None or []): recording mode, the run trains from `params`
    as `train` does and each record is
        {"before": {"params", "v", "s"}, "after": {"params", "v", "s", "grads"}}.
    `states` a list of S dicts {"params", "v", "s"}: forced mode, update steps[i] starts from
    states[i] instead of the carried state, unlisted updates are skipped (no forward/backward
    pass) and each record is {"after": {"params", "v", "s", "grads"}}.
    params and grads are named W1, b1, ... / dW1, db1, ...; v and s (the optimiser state) dW1, db1, ...
    """
    function = "train_steps"
    X, Y, options, permutations, masks = check_training_inputs(function, X, Y, params, options, permutations, masks)
    steps = check_steps(function, steps, total_updates(X.shape[1], options["batch_size"], options["num_epochs"]))
    states = check_states(function, states, len(steps), params)
    _, _, records = training_loop(X, Y, params, options, permutations, masks, steps, states)
    return records


def training_loop(X, Y, params, options, permutations, masks, steps, states):
    """The one training loop of `train` (steps None) and `train_steps` (CONTRACT.md 19, 19b), on
    checked inputs: complete options, permutations (m, num_epochs), masks ([] without dropout),
    steps a list of ints or None, states None (recording) or the checked list (forced).

    Returns (params, costs, records): `train` gets the final params and the per-epoch costs
    (records None); `train_steps` gets the records (costs None; the loop stops after the last
    listed update). Forced mode (states given) computes only the listed updates, but t, the epoch,
    the batch position and the learning rate advance exactly as in `train`.
    """
    hidden, output = options["hidden_activation"], options["output_activation"]
    m, num_epochs, batch_size = X.shape[1], options["num_epochs"], options["batch_size"]
    keep_prob, lambd = options["keep_prob"], options["lambd"]
    listed, records, costs = {}, None, np.zeros((1, num_epochs))
    if steps is not None:
        listed, records, costs = {step: index for index, step in enumerate(steps)}, [], None

    state = initialize_optimizer(params, options["optimizer"])
    t = 0
    for epoch in range(num_epochs):
        learning_rate = scheduled_learning_rate_unchecked(options, epoch)
        batches, ranges = random_mini_batches_unchecked(X, Y, permutations[:, epoch], batch_size)
        for (X_batch, Y_batch), (start, end) in zip(batches, ranges):
            t += 1
            index = listed.get(t - 1)  # the only per-update cost for `train`
            if index is not None:
                if states is None:
                    before = {kind: {name: np.array(value, dtype=np.float64) for name, value in tensors.items()}
                              for kind, tensors in (("params", params), ("v", state["v"]), ("s", state["s"]))}
                else:
                    params, state = states[index]["params"], {"v": states[index]["v"], "s": states[index]["s"]}
            elif states is not None:
                continue  # forced mode: an unlisted update is skipped, its t, epoch and batch still counted
            # Mask columns follow the permuted order: positions start..end-1 of epoch `epoch`.
            batch_masks = [mask[:, epoch * m + start:epoch * m + end] for mask in masks]
            AL, caches = forward_propagation_unchecked(X_batch, params, hidden, output, keep_prob, batch_masks)
            grads = backward_propagation_unchecked(AL, Y_batch, caches, hidden, output, lambd, keep_prob)
            params, state = update_parameters_unchecked(params, grads, state, options, t, learning_rate)
            if index is not None:
                after = {kind: {name: np.array(value, dtype=np.float64) for name, value in tensors.items()}
                         for kind, tensors in (("params", params), ("v", state["v"]), ("s", state["s"]),
                                               ("grads", grads))}
                records.append({"after": after} if states is not None else {"before": before, "after": after})
                if index == len(listed) - 1:
                    return params, None, records
        if costs is not None:
            _, caches = forward_propagation_unchecked(X, params, hidden, output, 1, [])
            costs[0, epoch] = compute_cost_unchecked(caches[-1]["Z"], Y, output, params, lambd)
    return params, costs, records
