"""Input checks shared by every public function (docs/CONTRACT.md, "Internal API").

Every rejection raises `BadInput` with the message format fixed by docs/CONTRACT.md:
    [python] <function>: '<argument>' must be <expected>; got <actual>
The checks never repair an argument: a wrongly shaped array is refused, not broadcast. A contract
function checks its arguments once and then calls its unchecked twin (`<name>_unchecked`).
"""

import numbers

import numpy as np

LANGUAGE = "python"

HIDDEN_ACTIVATIONS = ("relu", "leaky_relu", "tanh", "sigmoid")
OUTPUT_ACTIVATIONS = ("sigmoid", "softmax")
OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")
LR_SCHEDULES = ("none", "exponential", "inverse_time")
INIT_SCHEMES = ("scaled", "he", "xavier", "book")
GRAD_CHECK_MODES = ("plain", "full", "fast")

# The intervals the contract uses, as check_number's (expected, is_ok) pair:
# check_number(function, argument, value, *NON_NEGATIVE).
NON_NEGATIVE = ("a real number in [0, inf]", lambda value: value >= 0)
POSITIVE = ("a real number in (0, inf]", lambda value: value > 0)
KEEP_PROBABILITY = ("a real number in (0, 1]", lambda value: 0 < value <= 1)
DECAY = ("a real number in [0, 1)", lambda value: 0 <= value < 1)

# The options record of docs/CONTRACT.md with its defaults. `grad_check_mode` and
# `grad_check_directions` belong to fast gradient checking (issue #5). `seed` seeds the Generator
# that standalone training and the "fast" check's directions draw from (None: fresh entropy); a
# parity run never needs it because the caller supplies every random draw.
DEFAULT_OPTIONS = {
    "hidden_activation": "relu",
    "output_activation": "sigmoid",
    "lambd": 0.0,
    "keep_prob": 1.0,
    "optimizer": "gd",
    "learning_rate": 0.01,
    "beta": 0.9,
    "beta1": 0.9,
    "beta2": 0.999,
    "optimizer_epsilon": 1e-8,
    "lr_schedule": "none",
    "decay_rate": 0.0,
    "batch_size": 64,
    "num_epochs": 1,
    "grad_check_epsilon": 1e-7,
    "grad_check_mode": "full",
    "grad_check_directions": 4,
    "seed": None,
}


class BadInput(ValueError):
    """A caller passed an argument the contract rejects."""


def bad_input(function, argument, expected, actual):
    """Raise the one error format every language shares."""
    raise BadInput(f"[{LANGUAGE}] {function}: '{argument}' must be {expected}; got {actual}")


def describe_value(value):
    """A short, readable account of what was actually passed."""
    if value is None:
        return "None"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, numbers.Number):
        return repr(value.item() if isinstance(value, np.generic) else value)
    if isinstance(value, np.ndarray):
        if value.size == 1 and value.ndim <= 2:
            return f"an array of shape {value.shape} holding {value.ravel()[0]!r}"
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, dict):
        return f"a dict with keys {sorted(map(str, value))}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"a {type(value).__name__}"


def describe_labels(Y):
    """The distinct values of a label row (the first six), for `actual`."""
    values = np.unique(Y[np.isfinite(Y)]) if Y.size else Y
    shown = ", ".join(f"{v:g}" for v in values[:6]) + (", ..." if values.size > 6 else "")
    extra = " and non-finite values" if not np.all(np.isfinite(Y)) else ""
    return f"labels {{{shown}}}{extra}"


def check_choice(function, argument, value, choices):
    """One of a fixed set of names."""
    if not isinstance(value, str) or value not in choices:
        bad_input(function, argument, "one of " + ", ".join(f"'{name}'" for name in choices), describe_value(value))
    return str(value)


def check_number(function, argument, value, expected, is_ok):
    """A finite real scalar (a number, numpy scalar or size-1 array; not a bool) with is_ok(value)
    true, returned as float."""
    number = value
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        number = value.ravel()[0]
    if (isinstance(number, (bool, np.bool_)) or not isinstance(number, numbers.Real)
            or not np.isfinite(number) or not is_ok(float(number))):
        bad_input(function, argument, expected, describe_value(value))
    return float(number)


def check_integer(function, argument, value, low):
    """A whole number (an integral float is accepted) not below `low`, returned as int."""
    number = check_number(function, argument, value, f"an integer >= {low}",
                          lambda number: number == int(number) and number >= low)
    return int(number)


def check_matrix(function, argument, value, finite):
    """A non-empty 2-D real array, returned as float64 (with finite entries when `finite`)."""
    array = np.asarray(value) if not isinstance(value, np.ndarray) else value
    expected = "a finite non-empty numeric matrix" if finite else "a non-empty numeric matrix"
    if array.dtype.kind not in "iuf" or array.ndim != 2 or array.size == 0:
        bad_input(function, argument, expected, describe_value(value))
    array = array.astype(np.float64, copy=False)
    if finite and not np.all(np.isfinite(array)):
        bad_input(function, argument, expected, "a matrix with non-finite entries")
    return array


def check_options(function, options):
    """The complete options record: defaults filled in, every field checked, unknown ones refused."""
    if options is None:
        options = {}
    if not isinstance(options, dict):
        bad_input(function, "options", "a dict of option fields", describe_value(options))
    unknown = sorted(set(options) - set(DEFAULT_OPTIONS))
    if unknown:
        bad_input(function, "options", "a dict with known fields only (" + ", ".join(DEFAULT_OPTIONS) + ")",
                  "unknown field(s) " + ", ".join(map(repr, unknown)))
    full = dict(DEFAULT_OPTIONS)
    full.update(options)
    checked = {
        "hidden_activation": check_choice(function, "hidden_activation", full["hidden_activation"], HIDDEN_ACTIVATIONS),
        "output_activation": check_choice(function, "output_activation", full["output_activation"], OUTPUT_ACTIVATIONS),
        "lambd": check_number(function, "lambd", full["lambd"], *NON_NEGATIVE),
        "keep_prob": check_number(function, "keep_prob", full["keep_prob"], *KEEP_PROBABILITY),
        "optimizer": check_choice(function, "optimizer", full["optimizer"], OPTIMIZERS),
        "learning_rate": check_number(function, "learning_rate", full["learning_rate"], *NON_NEGATIVE),
        "beta": check_number(function, "beta", full["beta"], *DECAY),
        "beta1": check_number(function, "beta1", full["beta1"], *DECAY),
        "beta2": check_number(function, "beta2", full["beta2"], *DECAY),
        "optimizer_epsilon": check_number(function, "optimizer_epsilon", full["optimizer_epsilon"], *POSITIVE),
        "lr_schedule": check_choice(function, "lr_schedule", full["lr_schedule"], LR_SCHEDULES),
        "decay_rate": check_number(function, "decay_rate", full["decay_rate"], *NON_NEGATIVE),
        "batch_size": check_integer(function, "batch_size", full["batch_size"], 1),
        "num_epochs": check_integer(function, "num_epochs", full["num_epochs"], 1),
        "grad_check_epsilon": check_number(function, "grad_check_epsilon", full["grad_check_epsilon"], *POSITIVE),
        "grad_check_mode": check_choice(function, "grad_check_mode", full["grad_check_mode"], GRAD_CHECK_MODES),
        "grad_check_directions": check_integer(function, "grad_check_directions", full["grad_check_directions"], 1),
        "seed": None if full["seed"] is None else check_integer(function, "seed", full["seed"], 0),
    }
    return checked


def check_labels(function, Y, m, output_activation, n_classes):
    """A numeric (1, m) row of labels 0/1 (sigmoid output) or integers 0..K-1 (softmax output),
    returned as float64."""
    array = np.asarray(Y) if not isinstance(Y, np.ndarray) else Y
    if array.dtype.kind not in "iuf" or array.shape != (1, m):
        bad_input(function, "Y", f"a numeric row of shape (1, {m}) (one label per example)",
                  f"shape {array.shape}" if array.dtype.kind in "iuf" else describe_value(Y))
    array = array.astype(np.float64, copy=False)
    if output_activation == "sigmoid":
        if not np.all((array == 0) | (array == 1)):
            bad_input(function, "Y", "labels 0 or 1 for a sigmoid output", describe_labels(array))
    elif not np.all((array == np.round(array)) & (array >= 0) & (array <= n_classes - 1)):
        bad_input(function, "Y", f"integer labels in 0..{n_classes - 1} for a softmax output with {n_classes} classes",
                  describe_labels(array))
    return array


def check_data(function, X, Y, output_activation, n_classes):
    """X a finite non-empty (n_x, m) matrix and Y its (1, m) row of labels, both float64."""
    X = check_matrix(function, "X", X, True)
    Y = check_labels(function, Y, X.shape[1], output_activation, n_classes)
    return X, Y


def check_layer_dims(function, layer_dims):
    """A list (or array) of at least two positive whole numbers, returned as a list of ints."""
    expected = "a list of at least two positive integers"
    if not isinstance(layer_dims, (list, tuple, np.ndarray)):
        bad_input(function, "layer_dims", expected, describe_value(layer_dims))
    dims = np.asarray(layer_dims)
    if dims.ndim != 1 or dims.size < 2:
        bad_input(function, "layer_dims", expected, describe_value(layer_dims))
    if (dims.dtype.kind not in "iuf" or any(isinstance(value, (bool, np.bool_)) for value in layer_dims)
            or not np.all(np.isfinite(dims)) or not np.all(dims == np.round(dims)) or not np.all(dims >= 1)):
        bad_input(function, "layer_dims", expected, repr(list(layer_dims)))
    return [int(value) for value in dims]


def parameter_names(L):
    """W1, b1, ..., WL, bL: the canonical order of the parameters."""
    return [f"{kind}{layer}" for layer in range(1, L + 1) for kind in ("W", "b")]


def gradient_names(L):
    """dW1, db1, ..., dWL, dbL: the canonical order of the gradients (and of the optimiser state)."""
    return ["d" + name for name in parameter_names(L)]


def check_params(function, params, n_x, output_activation):
    """W1..WL, b1..bL chaining from n_x rows of X (n_x None: whatever W1 takes), with an output layer
    fitting the activation (None: any size). Returns layer_dims [n_x, n_1, ..., n_L]."""
    if not isinstance(params, dict) or not params:
        bad_input(function, "params", "a non-empty dict of W1, b1, ..., WL, bL", describe_value(params))
    n_layers = len(params) // 2
    if len(params) % 2 or sorted(params) != sorted(parameter_names(n_layers)):
        bad_input(function, "params", "a dict holding exactly W1, b1, ..., WL, bL", describe_value(params))
    layer_dims = [n_x]
    for layer in range(1, n_layers + 1):
        W, b = params[f"W{layer}"], params[f"b{layer}"]
        if not isinstance(W, np.ndarray) or W.ndim != 2 or W.dtype.kind not in "iuf" or W.size == 0:
            bad_input(function, f'params["W{layer}"]', "a non-empty numeric matrix", describe_value(W))
        if layer_dims[-1] is None:
            layer_dims[-1] = W.shape[1]
        if W.shape[1] != layer_dims[-1]:
            bad_input(function, f'params["W{layer}"]', f"a matrix with {layer_dims[-1]} columns (chaining from "
                      + ("the rows of X" if layer == 1 else f"W{layer - 1}") + ")", f"shape {W.shape}")
        if not isinstance(b, np.ndarray) or b.dtype.kind not in "iuf" or b.shape != (W.shape[0], 1):
            bad_input(function, f'params["b{layer}"]', f"an array of shape ({W.shape[0]}, 1)",
                      f"shape {b.shape}" if isinstance(b, np.ndarray) else describe_value(b))
        layer_dims.append(W.shape[0])
    if output_activation == "sigmoid" and layer_dims[-1] != 1:
        bad_input(function, f'params["W{n_layers}"]', "an output layer of 1 unit for a sigmoid output",
                  f"{layer_dims[-1]} units")
    if output_activation == "softmax" and layer_dims[-1] < 2:
        bad_input(function, f'params["W{n_layers}"]', "an output layer of at least 2 units for a softmax output",
                  f"{layer_dims[-1]} unit")
    return layer_dims


def check_masks(function, masks, layer_dims, width, keep_prob):
    """One 0/1 mask of shape (n_l, width) per hidden layer when keep_prob < 1, as float64 arrays.

    With keep_prob == 1 there is no dropout and the masks are ignored: returns [] (CONTRACT.md).
    """
    if keep_prob == 1:
        return []
    hidden = layer_dims[1:-1]
    if masks is None or isinstance(masks, np.ndarray) or not isinstance(masks, (list, tuple)) or len(masks) != len(hidden):
        bad_input(function, "masks", f"a list of {len(hidden)} mask(s), one per hidden layer, when keep_prob < 1",
                  describe_value(masks))
    checked = []
    for index, (mask, n_units) in enumerate(zip(masks, hidden)):
        name = f"masks[{index}]"
        if not isinstance(mask, np.ndarray) or mask.dtype.kind not in "iufb" or mask.shape != (n_units, width):
            bad_input(function, name, f"an array of shape ({n_units}, {width})",
                      f"shape {mask.shape}" if isinstance(mask, np.ndarray) else describe_value(mask))
        mask = mask.astype(np.float64, copy=False)
        if not np.all((mask == 0) | (mask == 1)):
            bad_input(function, name, "a mask of 0/1 entries", "other values")
        checked.append(mask)
    return checked


def check_permutations(function, permutations, m, num_epochs, argument="permutations"):
    """An (m, num_epochs) array whose every column is a 0-based permutation of 0..m-1, as int64.

    `argument` names it in the message (random_mini_batches' single column is 'permutation')."""
    array = np.asarray(permutations) if not isinstance(permutations, np.ndarray) else permutations
    if array.dtype.kind not in "iuf" or array.shape != (m, num_epochs):
        bad_input(function, argument, f"an array of shape ({m}, {num_epochs}) (one column per epoch)",
                  f"shape {array.shape}" if array.dtype.kind in "iuf" else describe_value(permutations))
    if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
        bad_input(function, argument, f"columns that are permutations of 0..{m - 1}", "non-integer entries")
    integers = array.astype(np.int64)
    expected = np.arange(m)
    for epoch in range(num_epochs):
        if not np.array_equal(np.sort(integers[:, epoch]), expected):
            bad_input(function, argument, f"columns that are permutations of 0..{m - 1}",
                      f"column {epoch} that is not one")
    return integers


def check_directions(function, directions, n_params):
    """The fast gradient check's (P, K) matrix of +-1, one direction over the flat vector per column."""
    array = np.asarray(directions)
    if array.ndim != 2 or array.shape[0] != n_params or array.dtype.kind not in "iuf" or not np.all(np.abs(array) == 1):
        bad_input(function, "directions", f"a ({n_params}, K) matrix of +1 and -1 (one direction per column)",
                  describe_value(directions))
    return array.astype(np.float64, copy=False)


def check_steps(function, steps, n_updates):
    """A list, 1-D array or (S, 1) column of strictly increasing 0-based update indices in
    0..n_updates-1, returned as a list of ints."""
    expected = ("a non-empty list, 1-D array or (S, 1) column of strictly increasing integer update "
                f"indices in 0..{n_updates - 1}")
    if isinstance(steps, (list, tuple)):
        array = np.asarray(steps) if steps else np.zeros(0)
        if array.ndim != 1 or array.dtype.kind not in "iuf":
            bad_input(function, "steps", expected, "non-numeric entries")
    elif isinstance(steps, np.ndarray) and steps.dtype.kind in "iuf" and (
            steps.ndim == 1 or (steps.ndim == 2 and steps.shape[1] == 1)):
        array = steps.ravel()
    else:
        bad_input(function, "steps", expected, describe_value(steps))
    array = array.astype(np.float64)
    if array.size == 0:
        bad_input(function, "steps", expected, "no steps")
    if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
        bad_input(function, "steps", expected, "non-integer entries")
    outside = array[(array < 0) | (array > n_updates - 1)]
    if outside.size:
        bad_input(function, "steps", expected, f"the entry {outside[0]:g} ({n_updates} updates in this run)")
    if array.size > 1 and not np.all(np.diff(array) > 0):
        position = int(np.argmax(np.diff(array) <= 0))
        bad_input(function, "steps", expected, f"{array[position]:g} followed by {array[position + 1]:g}")
    return [int(step) for step in array]


def check_states(function, states, n_steps, params):
    """None / [] (recording mode: returns None), or n_steps dicts {"params", "v", "s"} whose tensors
    have the parameters' names and shapes (params) or the gradients' names (v, s); float64 copies."""
    if states is None or (isinstance(states, (list, tuple)) and len(states) == 0):
        return None
    if not isinstance(states, (list, tuple)) or len(states) != n_steps:
        bad_input(function, "states", f"None, [] or a list of {n_steps} dict(s) {{'params', 'v', 's'}}, one per step",
                  describe_value(states))
    checked = []
    for index, state in enumerate(states):
        name = f"states[{index}]"
        if not isinstance(state, dict) or sorted(state) != ["params", "s", "v"]:
            bad_input(function, name, "a dict with entries 'params', 'v' and 's'", describe_value(state))
        checked.append({"params": _check_tensors(function, f'{name}["params"]', state["params"], params, ""),
                        "v": _check_tensors(function, f'{name}["v"]', state["v"], params, "d"),
                        "s": _check_tensors(function, f'{name}["s"]', state["s"], params, "d")})
    return checked


def _check_tensors(function, argument, record, params, prefix):
    """A dict holding exactly prefix + each parameter's name (W1 or dW1, ...), each a numeric array of
    that parameter's shape; returned as float64 copies (the caller's arrays are never shared).

    Private: the one shape check behind check_states (params, v, s of each state) and
    update_parameters (grads, state v and s), which name their arguments differently."""
    names = [prefix + name for name in params]
    if not isinstance(record, dict) or sorted(record) != sorted(names):
        bad_input(function, argument, "a dict holding " + ", ".join(names), describe_value(record))
    checked = {}
    for name, (parameter, value) in zip(names, params.items()):
        entry = record[name]
        if not isinstance(entry, np.ndarray) or entry.dtype.kind not in "iuf" or entry.shape != value.shape:
            got = f"shape {entry.shape} and dtype {entry.dtype}" if isinstance(entry, np.ndarray) else describe_value(entry)
            bad_input(function, f'{argument}["{name}"]',
                      f"a numeric array of shape {value.shape} (the shape of {parameter})", got)
        checked[name] = entry.astype(np.float64)
    return checked


def check_dropout(function, argument, A, mask, keep_prob):
    """The arguments of dropout_forward / dropout_backward: `mask` of A's shape (never broadcast)
    and keep_prob in (0, 1]. Cheap: the training loop calls them once per hidden layer and update."""
    if not isinstance(mask, np.ndarray) or mask.shape != np.shape(A):
        bad_input(function, "mask", f"an array of shape {np.shape(A)} (the shape of {argument})",
                  f"shape {np.shape(mask)}" if isinstance(mask, np.ndarray) else type(mask).__name__)
    if not (isinstance(keep_prob, (int, float, np.integer, np.floating)) and not isinstance(keep_prob, bool)
            and 0 < keep_prob <= 1):
        bad_input(function, "keep_prob", "a number in (0, 1]", describe_value(keep_prob))
    return keep_prob
