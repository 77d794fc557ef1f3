"""Parameter updates (gd, momentum, rmsprop, adam) and learning-rate schedules."""

import numpy as np

from .validate import (OPTIMIZERS, check_choice, check_integer, check_number, check_options, check_params, fail,
                       params_input_size)


def initialize_optimizer(params, optimizer):
    """State v and s: zeros shaped like the parameters, under the gradients' names dW1, db1, ...

    Every optimiser gets both (gd simply never reads them), so the state has one shape.
    """
    function = "initialize_optimizer"
    check_choice(optimizer, OPTIMIZERS, function, "optimizer")
    n_x = params_input_size(params)
    check_params(params, n_x, None, function)
    v = {f"d{name}": np.zeros(value.shape) for name, value in params.items()}
    s = {f"d{name}": np.zeros(value.shape) for name, value in params.items()}
    state = {"v": v, "s": s}
    return state


def check_like_params(record, params, function, argument):
    """A dict holding d<name> for every parameter, with that parameter's exact shape."""
    if not isinstance(record, dict) or sorted(record) != sorted(f"d{name}" for name in params):
        fail(function, argument, "a dict holding " + ", ".join(f"d{name}" for name in params),
             f"keys {sorted(record)}" if isinstance(record, dict) else type(record).__name__)
    for name, value in params.items():
        entry = record[f"d{name}"]
        if not isinstance(entry, np.ndarray) or entry.shape != value.shape:
            fail(function, f'{argument}["d{name}"]', f"an array of shape {value.shape} (the shape of {name})",
                 f"shape {entry.shape}" if isinstance(entry, np.ndarray) else type(entry).__name__)


def update_parameters(params, grads, state, options, t, learning_rate):
    """One step of options["optimizer"] at the already-scheduled rate; t counts updates from 1.

    Returns new params and a new state; the arguments are left untouched.
    """
    function = "update_parameters"
    options = check_options(options, function)
    n_x = params_input_size(params)
    check_params(params, n_x, None, function)
    check_like_params(grads, params, function, "grads")
    if not isinstance(state, dict) or sorted(state) != ["s", "v"]:
        fail(function, "state", "a dict with entries 'v' and 's'", f"keys {sorted(state)}" if isinstance(state, dict) else type(state).__name__)
    check_like_params(state["v"], params, function, 'state["v"]')
    check_like_params(state["s"], params, function, 'state["s"]')
    t = check_integer(t, function, "t", low=1)
    learning_rate = check_number(learning_rate, function, "learning_rate", low=0.0)
    optimizer = options["optimizer"]
    beta, beta1, beta2, epsilon = options["beta"], options["beta1"], options["beta2"], options["optimizer_epsilon"]
    new_params, v, s = {}, dict(state["v"]), dict(state["s"])
    for name, theta in params.items():
        key = f"d{name}"
        grad = grads[key]
        if optimizer == "gd":
            new_params[name] = theta - learning_rate * grad
        elif optimizer == "momentum":
            v[key] = beta * v[key] + (1 - beta) * grad
            new_params[name] = theta - learning_rate * v[key]
        elif optimizer == "rmsprop":
            s[key] = beta2 * s[key] + (1 - beta2) * grad ** 2
            new_params[name] = theta - learning_rate * grad / (np.sqrt(s[key]) + epsilon)
        else:  # adam
            v[key] = beta1 * v[key] + (1 - beta1) * grad
            s[key] = beta2 * s[key] + (1 - beta2) * grad ** 2
            v_hat = v[key] / (1 - beta1 ** t)
            s_hat = s[key] / (1 - beta2 ** t)
            new_params[name] = theta - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return new_params, {"v": v, "s": s}


def scheduled_learning_rate(options, epoch):
    """The rate of 0-based `epoch`: fixed within an epoch."""
    function = "scheduled_learning_rate"
    options = check_options(options, function)
    epoch = check_integer(epoch, function, "epoch", low=0)
    learning_rate, decay_rate = options["learning_rate"], options["decay_rate"]
    if options["lr_schedule"] == "none":
        rate = learning_rate
    elif options["lr_schedule"] == "exponential":
        rate = learning_rate * decay_rate ** epoch
    else:  # inverse_time
        rate = learning_rate / (1 + decay_rate * epoch)
    return rate
