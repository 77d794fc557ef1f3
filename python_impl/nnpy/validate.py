"""Input checks shared by every public function.

Every rejection raises `BadInput` with the message format fixed by docs/CONTRACT.md:
    [python] <function>: '<argument>' must be <expected>; got <actual>
The checks never repair an argument: a wrongly shaped array is refused, not broadcast.
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


def fail(function, argument, expected, actual):
    """Raise the one error format every language shares."""
    raise BadInput(f"[{LANGUAGE}] {function}: '{argument}' must be {expected}; got {actual}")


def describe(value):
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


def as_scalar(value):
    """A Python number from a number, numpy scalar or size-1 array; None if it is none of those."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        value = value.ravel()[0]
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        return value.item() if isinstance(value, np.generic) else value
    return None


def check_number(value, function, argument, low=None, high=None, low_open=False, high_open=False):
    """A finite real number inside the given interval, returned as float."""
    number = as_scalar(value)
    expected = "a finite real number"
    if low is not None or high is not None:
        left = ("(" if low_open else "[") + ("-inf" if low is None else f"{low:g}")
        right = ("inf" if high is None else f"{high:g}") + (")" if high_open else "]")
        expected = f"a real number in {left}, {right}"
    if number is None or not np.isfinite(number):
        fail(function, argument, expected, describe(value))
    if low is not None and (number < low or (low_open and number == low)):
        fail(function, argument, expected, describe(value))
    if high is not None and (number > high or (high_open and number == high)):
        fail(function, argument, expected, describe(value))
    return float(number)


def check_integer(value, function, argument, low=None):
    """An integer (an integral float is accepted) not below `low`, returned as int."""
    number = as_scalar(value)
    expected = "an integer" if low is None else f"an integer >= {low}"
    if number is None or not np.isfinite(number) or float(number) != int(number):
        fail(function, argument, expected, describe(value))
    if low is not None and number < low:
        fail(function, argument, expected, describe(value))
    return int(number)


def check_choice(value, allowed, function, argument):
    """One of a fixed set of names."""
    if not isinstance(value, str) or value not in allowed:
        fail(function, argument, "one of " + ", ".join(f"'{name}'" for name in allowed), describe(value))
    return str(value)


def check_matrix(value, function, argument, finite=False):
    """A non-empty 2-D real array, returned as float64 (finite when asked)."""
    array = np.asarray(value) if not isinstance(value, np.ndarray) else value
    expected = "a finite non-empty numeric matrix" if finite else "a non-empty numeric matrix"
    if array.dtype.kind not in "iuf" or array.ndim != 2 or array.size == 0:
        fail(function, argument, expected, describe(value))
    array = array.astype(np.float64, copy=False)
    if finite and not np.all(np.isfinite(array)):
        fail(function, argument, expected, "a matrix with non-finite entries")
    return array


def check_options(options, function="check_options"):
    """The complete options record: defaults filled in, every field checked, unknown ones refused."""
    if options is None:
        options = {}
    if not isinstance(options, dict):
        fail(function, "options", "a dict of option fields", describe(options))
    unknown = sorted(set(options) - set(DEFAULT_OPTIONS))
    if unknown:
        fail(function, "options", "a dict with known fields only (" + ", ".join(DEFAULT_OPTIONS) + ")",
             "unknown field(s) " + ", ".join(map(repr, unknown)))
    full = dict(DEFAULT_OPTIONS)
    full.update(options)
    checked = {
        "hidden_activation": check_choice(full["hidden_activation"], HIDDEN_ACTIVATIONS, function, "hidden_activation"),
        "output_activation": check_choice(full["output_activation"], OUTPUT_ACTIVATIONS, function, "output_activation"),
        "lambd": check_number(full["lambd"], function, "lambd", low=0.0),
        "keep_prob": check_number(full["keep_prob"], function, "keep_prob", low=0.0, high=1.0, low_open=True),
        "optimizer": check_choice(full["optimizer"], OPTIMIZERS, function, "optimizer"),
        "learning_rate": check_number(full["learning_rate"], function, "learning_rate", low=0.0),
        "beta": check_number(full["beta"], function, "beta", low=0.0, high=1.0, high_open=True),
        "beta1": check_number(full["beta1"], function, "beta1", low=0.0, high=1.0, high_open=True),
        "beta2": check_number(full["beta2"], function, "beta2", low=0.0, high=1.0, high_open=True),
        "optimizer_epsilon": check_number(full["optimizer_epsilon"], function, "optimizer_epsilon", low=0.0, low_open=True),
        "lr_schedule": check_choice(full["lr_schedule"], LR_SCHEDULES, function, "lr_schedule"),
        "decay_rate": check_number(full["decay_rate"], function, "decay_rate", low=0.0),
        "batch_size": check_integer(full["batch_size"], function, "batch_size", low=1),
        "num_epochs": check_integer(full["num_epochs"], function, "num_epochs", low=1),
        "grad_check_epsilon": check_number(full["grad_check_epsilon"], function, "grad_check_epsilon", low=0.0, low_open=True),
        "grad_check_mode": check_choice(full["grad_check_mode"], GRAD_CHECK_MODES, function, "grad_check_mode"),
        "grad_check_directions": check_integer(full["grad_check_directions"], function, "grad_check_directions", low=1),
        "seed": None if full["seed"] is None else check_integer(full["seed"], function, "seed", low=0),
    }
    return checked


def check_labels(Y, output_activation, n_classes, function, argument="Y"):
    """Labels 0/1 for a sigmoid output, integers 0..K-1 for a softmax output."""
    if output_activation == "sigmoid":
        if not np.all((Y == 0) | (Y == 1)):
            fail(function, argument, "labels 0 or 1 for a sigmoid output", describe_labels(Y))
    else:
        if not np.all((Y == np.round(Y)) & (Y >= 0) & (Y <= n_classes - 1)):
            fail(function, argument, f"integer labels in 0..{n_classes - 1} for a softmax output with {n_classes} classes",
                 describe_labels(Y))
    return Y


def describe_labels(Y):
    values = np.unique(Y[np.isfinite(Y)]) if Y.size else Y
    shown = ", ".join(f"{v:g}" for v in values[:6]) + (", ..." if values.size > 6 else "")
    extra = " and non-finite values" if not np.all(np.isfinite(Y)) else ""
    return f"labels {{{shown}}}{extra}"


def check_data(X, Y, output_activation, n_classes, function="check_data"):
    """X a finite non-empty (n_x, m) matrix; Y a (1, m) row of valid labels. Returns float64 copies."""
    X = check_matrix(X, function, "X", finite=True)
    Y_array = np.asarray(Y) if not isinstance(Y, np.ndarray) else Y
    m = X.shape[1]
    if Y_array.dtype.kind not in "iuf" or Y_array.shape != (1, m):
        got = f"shape {Y_array.shape}" if Y_array.dtype.kind in "iuf" else describe(Y)
        fail(function, "Y", f"a numeric row of shape (1, {m}) (one label per column of X)", got)
    Y_array = Y_array.astype(np.float64, copy=False)
    check_labels(Y_array, output_activation, n_classes, function)
    return X, Y_array


def params_input_size(params):
    """The column count of W1 (what X's rows must be), or 0 when there is no usable W1."""
    W1 = params.get("W1") if isinstance(params, dict) else None
    return W1.shape[1] if isinstance(W1, np.ndarray) and W1.ndim == 2 else 0


def check_params(params, n_x, output_activation, function="check_params", argument="params"):
    """W1..WL, b1..bL chaining from n_x rows of X, with an output layer fitting the activation.

    Returns layer_dims [n_x, n_1, ..., n_L].
    """
    if not isinstance(params, dict) or not params:
        fail(function, argument, "a non-empty dict of W1, b1, ..., WL, bL", describe(params))
    n_layers = len(params) // 2
    expected_keys = [f"{kind}{layer}" for layer in range(1, n_layers + 1) for kind in ("W", "b")]
    if len(params) % 2 or sorted(params) != sorted(expected_keys):
        fail(function, argument, "a dict holding exactly W1, b1, ..., WL, bL", describe(params))
    layer_dims = [n_x]
    for layer in range(1, n_layers + 1):
        W, b = params[f"W{layer}"], params[f"b{layer}"]
        if not isinstance(W, np.ndarray) or W.ndim != 2 or W.dtype.kind not in "iuf" or W.size == 0:
            fail(function, f'{argument}["W{layer}"]', "a non-empty numeric matrix", describe(W))
        if W.shape[1] != layer_dims[-1]:
            fail(function, f'{argument}["W{layer}"]', f"a matrix with {layer_dims[-1]} columns (chaining from "
                 + ("the rows of X" if layer == 1 else f"W{layer - 1}") + ")", f"shape {W.shape}")
        if not isinstance(b, np.ndarray) or b.dtype.kind not in "iuf" or b.shape != (W.shape[0], 1):
            got = f"shape {b.shape}" if isinstance(b, np.ndarray) else describe(b)
            fail(function, f'{argument}["b{layer}"]', f"an array of shape ({W.shape[0]}, 1)", got)
        layer_dims.append(W.shape[0])
    if output_activation == "sigmoid" and layer_dims[-1] != 1:
        fail(function, f'{argument}["W{n_layers}"]', "an output layer of 1 unit for a sigmoid output",
             f"{layer_dims[-1]} units")
    if output_activation == "softmax" and layer_dims[-1] < 2:
        fail(function, f'{argument}["W{n_layers}"]', "an output layer of at least 2 units for a softmax output",
             f"{layer_dims[-1]} unit")
    return layer_dims


def check_layer_dims(layer_dims, function, argument="layer_dims"):
    """A list of at least two positive integers."""
    if isinstance(layer_dims, np.ndarray):
        layer_dims = layer_dims.ravel().tolist()
    if not isinstance(layer_dims, (list, tuple)) or len(layer_dims) < 2:
        fail(function, argument, "a list of at least two positive integers", describe(layer_dims))
    dims = []
    for value in layer_dims:
        number = as_scalar(value)
        if number is None or not np.isfinite(number) or number != int(number) or number < 1:
            fail(function, argument, "a list of at least two positive integers", repr(list(layer_dims)))
        dims.append(int(number))
    return dims


def check_masks(masks, layer_dims, width, keep_prob, function="check_masks", argument="masks"):
    """One 0/1 mask of shape (n_l, width) per hidden layer when keep_prob < 1.

    With keep_prob == 1 there is no dropout and the masks are ignored (CONTRACT.md).
    Returns the masks as a list of float64 arrays ([] without dropout).
    """
    if keep_prob == 1:
        return []
    hidden = layer_dims[1:-1]
    if masks is None or isinstance(masks, np.ndarray) or not isinstance(masks, (list, tuple)) or len(masks) != len(hidden):
        fail(function, argument, f"a list of {len(hidden)} mask(s), one per hidden layer, when keep_prob < 1",
             describe(masks))
    checked = []
    for index, (mask, n_units) in enumerate(zip(masks, hidden)):
        name = f"{argument}[{index}]"
        if not isinstance(mask, np.ndarray) or mask.dtype.kind not in "iufb" or mask.shape != (n_units, width):
            got = f"shape {mask.shape}" if isinstance(mask, np.ndarray) else describe(mask)
            fail(function, name, f"an array of shape ({n_units}, {width})", got)
        mask = mask.astype(np.float64, copy=False)
        if not np.all((mask == 0) | (mask == 1)):
            fail(function, name, "a mask of 0/1 entries", "other values")
        checked.append(mask)
    return checked


def check_permutations(permutations, m, num_epochs, function="check_permutations", argument="permutations"):
    """An (m, num_epochs) array whose every column is a 0-based permutation of 0..m-1."""
    array = np.asarray(permutations) if not isinstance(permutations, np.ndarray) else permutations
    if array.dtype.kind not in "iuf" or array.shape != (m, num_epochs):
        got = f"shape {array.shape}" if array.dtype.kind in "iuf" else describe(permutations)
        fail(function, argument, f"an array of shape ({m}, {num_epochs}) (one column per epoch)", got)
    if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
        fail(function, argument, f"columns that are permutations of 0..{m - 1}", "non-integer entries")
    integers = array.astype(np.int64)
    expected = np.arange(m)
    for epoch in range(num_epochs):
        if not np.array_equal(np.sort(integers[:, epoch]), expected):
            fail(function, argument, f"columns that are permutations of 0..{m - 1}",
                 f"column {epoch} that is not one")
    return integers


def check_directions(directions, n_params, function="check_directions", argument="directions"):
    """The fast gradient check's (P, K) matrix of +-1, one direction over the flat vector per column."""
    array = np.asarray(directions)
    if array.ndim != 2 or array.shape[0] != n_params or array.dtype.kind not in "iuf" or not np.all(np.abs(array) == 1):
        fail(function, argument, f"a ({n_params}, K) matrix of +1 and -1 (one direction per column)", describe(directions))
    return array.astype(np.float64, copy=False)
