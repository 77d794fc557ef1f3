"""Mini-batch training: permuted consecutive slices, one update per slice, cost after each epoch.

`train` and `train_steps` share one loop, `training_loop`, so a bug in batching, the schedule or
the step counter is in both."""

import numpy as np

from .backward import backward_propagation
from .cost import compute_cost
from .forward import forward_propagation
from .optimizers import initialize_optimizer, scheduled_learning_rate, update_parameters
from .validate import (as_scalar, check_data, check_integer, check_masks, check_matrix, check_options,
                       check_params, check_permutations, describe, fail)


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
    if steps is None:
        fail("train_steps", "steps", STEPS_EXPECTED.format(last="total_updates - 1"), "None")
    _, _, records = training_loop(X, Y, params, options, permutations, masks, steps, states)
    return records


STEPS_EXPECTED = ("a non-empty list, 1-D array or (S, 1) column of strictly increasing integer update "
                  "indices in 0..{last}")


def check_steps(steps, total_updates, function, argument="steps"):
    """Strictly increasing 0-based update indices in 0..total_updates-1, as a list of ints."""
    expected = STEPS_EXPECTED.format(last=total_updates - 1)
    if isinstance(steps, (list, tuple)):
        values = [as_scalar(step) for step in steps]
        if any(value is None for value in values):
            fail(function, argument, expected, "non-numeric entries")
        array = np.array(values, dtype=np.float64)
    elif isinstance(steps, np.ndarray) and steps.dtype.kind in "iuf" and (
            steps.ndim == 1 or (steps.ndim == 2 and steps.shape[1] == 1)):
        array = steps.astype(np.float64).ravel()
    else:
        fail(function, argument, expected, describe(steps))
    if array.size == 0:
        fail(function, argument, expected, "no steps")
    if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
        fail(function, argument, expected, "non-integer entries")
    outside = array[(array < 0) | (array > total_updates - 1)]
    if outside.size:
        fail(function, argument, expected, f"the entry {outside[0]:g} ({total_updates} updates in this run)")
    if array.size > 1 and not np.all(np.diff(array) > 0):
        position = int(np.argmax(np.diff(array) <= 0))
        fail(function, argument, expected, f"{array[position]:g} followed by {array[position + 1]:g}")
    return [int(step) for step in array]


def check_tensors(record, names, shapes, function, argument):
    """A dict holding exactly `names`, each a numeric array of the matching shape; float64 copies."""
    if not isinstance(record, dict) or sorted(record) != sorted(names):
        fail(function, argument, "a dict holding " + ", ".join(names), describe(record))
    checked = {}
    for name, shape in zip(names, shapes):
        entry = record[name]
        if not isinstance(entry, np.ndarray) or entry.dtype.kind not in "iuf" or entry.shape != shape:
            got = f"shape {entry.shape} and dtype {entry.dtype}" if isinstance(entry, np.ndarray) else describe(entry)
            fail(function, f'{argument}["{name}"]', f"a numeric array of shape {shape}", got)
        checked[name] = entry.astype(np.float64)  # a copy: the caller's arrays are never shared
    return checked


def check_states(states, n_steps, params, function, argument="states"):
    """None / [] (recording mode, returns None), or S dicts {"params", "v", "s"} whose tensors have
    the parameters' names (W1, b1, ...) / the gradients' names (dW1, db1, ...) and shapes."""
    if states is None or (isinstance(states, (list, tuple)) and len(states) == 0):
        return None
    if not isinstance(states, (list, tuple)) or len(states) != n_steps:
        fail(function, argument, f"None, [] or a list of {n_steps} dict(s) {{'params', 'v', 's'}}, one per step",
             describe(states))
    names = list(params)
    shapes = [params[name].shape for name in names]
    grad_names = [f"d{name}" for name in names]
    checked = []
    for index, state in enumerate(states):
        name = f"{argument}[{index}]"
        if not isinstance(state, dict) or sorted(state) != ["params", "s", "v"]:
            fail(function, name, "a dict with entries 'params', 'v' and 's'", describe(state))
        checked.append({"params": check_tensors(state["params"], names, shapes, function, f'{name}["params"]'),
                        "v": check_tensors(state["v"], grad_names, shapes, function, f'{name}["v"]'),
                        "s": check_tensors(state["s"], grad_names, shapes, function, f'{name}["s"]')})
    return checked


def copied(tensors):
    return {name: np.array(value, dtype=np.float64) for name, value in tensors.items()}


def training_loop(X, Y, params, options, permutations, masks, steps, states):
    """The one training loop of `train` (steps None) and `train_steps` (CONTRACT.md 19, 19b).

    Returns (params, costs, records): `train` gets the final params and the per-epoch costs
    (records None); `train_steps` gets the records (costs None; the loop stops after the last
    listed update). Forced mode (states given) computes only the listed updates, but t, the epoch,
    the batch position and the learning rate advance exactly as in `train`.
    """
    function = "train" if steps is None else "train_steps"
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
    listed, forced, records, costs = {}, None, None, np.zeros((1, num_epochs))
    if steps is not None:
        steps = check_steps(steps, num_epochs * -(-m // batch_size), function)
        forced = check_states(states, len(steps), params, function)
        listed, records, costs = {step: index for index, step in enumerate(steps)}, [], None

    state = initialize_optimizer(params, options["optimizer"])
    t = 0
    for epoch in range(num_epochs):
        learning_rate = scheduled_learning_rate(options, epoch)
        batches, ranges = random_mini_batches(X, Y, permutations[:, epoch], batch_size)
        for (X_batch, Y_batch), (start, end) in zip(batches, ranges):
            t += 1
            index = listed.get(t - 1)  # the only per-update cost for `train`
            if index is not None:
                if forced is None:
                    before = {"params": copied(params), "v": copied(state["v"]), "s": copied(state["s"])}
                else:
                    params, state = forced[index]["params"], {"v": forced[index]["v"], "s": forced[index]["s"]}
            elif forced is not None:
                continue  # forced mode: an unlisted update is skipped, its t, epoch and batch still counted
            # Mask columns follow the permuted order: positions start..end-1 of epoch `epoch`.
            batch_masks = [mask[:, epoch * m + start:epoch * m + end] for mask in masks]
            AL, caches = forward_propagation(X_batch, params, hidden, output, keep_prob, batch_masks)
            grads = backward_propagation(AL, Y_batch, caches, hidden, output, lambd, keep_prob)
            params, state = update_parameters(params, grads, state, options, t, learning_rate)
            if index is not None:
                after = {"params": copied(params), "v": copied(state["v"]), "s": copied(state["s"]),
                         "grads": copied(grads)}
                records.append({"after": after} if forced is not None else {"before": before, "after": after})
                if index == len(listed) - 1:
                    return params, None, records
        if costs is not None:
            _, caches = forward_propagation(X, params, hidden, output, 1, [])
            costs[0, epoch] = compute_cost(caches[-1]["Z"], Y, output, params, lambd)
    return params, costs, records
