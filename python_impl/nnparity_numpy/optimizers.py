"""Parameter updates (gd, momentum, rmsprop, adam) and learning-rate schedules."""

import numpy as np

from .validate import (NON_NEGATIVE, OPTIMIZERS, _check_tensors, bad_input, check_choice, check_integer, check_number,
                       check_options, check_params, describe_value)


def initialize_optimizer(params, optimizer):
    """State v and s: zeros shaped like the parameters, under the gradients' names dW1, db1, ...

    Every optimiser gets both (gd simply never reads them), so the state has one shape.
    """
    function = "initialize_optimizer"
    check_choice(function, "optimizer", optimizer, OPTIMIZERS)
    check_params(function, params, None, None)
    v = {f"d{name}": np.zeros(value.shape) for name, value in params.items()}
    s = {f"d{name}": np.zeros(value.shape) for name, value in params.items()}
    state = {"v": v, "s": s}
    return state


def update_with_gd(params, grads, learning_rate):
    """theta - learning_rate * grad."""
    new_params = {}
    for name, theta in params.items():
        new_params[name] = theta - learning_rate * grads[f"d{name}"]
    return new_params


def update_with_momentum(params, grads, v, beta, learning_rate):
    """v = beta v + (1 - beta) grad; theta - learning_rate * v."""
    new_params, v = {}, dict(v)
    for name, theta in params.items():
        key = f"d{name}"
        v[key] = beta * v[key] + (1 - beta) * grads[key]
        new_params[name] = theta - learning_rate * v[key]
    return new_params, v


def update_with_rmsprop(params, grads, s, beta2, epsilon, learning_rate):
    """s = beta2 s + (1 - beta2) grad^2; theta - learning_rate * grad / (sqrt(s) + epsilon)."""
    new_params, s = {}, dict(s)
    for name, theta in params.items():
        key = f"d{name}"
        grad = grads[key]
        s[key] = beta2 * s[key] + (1 - beta2) * grad ** 2
        new_params[name] = theta - learning_rate * grad / (np.sqrt(s[key]) + epsilon)
    return new_params, s


def update_with_adam(params, grads, v, s, beta1, beta2, epsilon, t, learning_rate):
    """Momentum and rmsprop moments with the bias corrections 1 - beta^t (t counts updates from 1)."""
    new_params, v, s = {}, dict(v), dict(s)
    for name, theta in params.items():
        key = f"d{name}"
        grad = grads[key]
        v[key] = beta1 * v[key] + (1 - beta1) * grad
        s[key] = beta2 * s[key] + (1 - beta2) * grad ** 2
        v_hat = v[key] / (1 - beta1 ** t)
        s_hat = s[key] / (1 - beta2 ** t)
        new_params[name] = theta - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return new_params, v, s


def update_parameters(params, grads, state, options, t, learning_rate):
    """One step of options["optimizer"] at the already-scheduled rate; t counts updates from 1.

    Returns new params and a new state; the arguments are left untouched.
    """
    function = "update_parameters"
    options = check_options(function, options)
    check_params(function, params, None, None)
    grads = _check_tensors(function, "grads", grads, params, "d")
    if not isinstance(state, dict) or sorted(state) != ["s", "v"]:
        bad_input(function, "state", "a dict with entries 'v' and 's'",
                  f"keys {sorted(state)}" if isinstance(state, dict) else describe_value(state))
    state = {"v": _check_tensors(function, 'state["v"]', state["v"], params, "d"),
             "s": _check_tensors(function, 'state["s"]', state["s"], params, "d")}
    t = check_integer(function, "t", t, 1)
    learning_rate = check_number(function, "learning_rate", learning_rate, *NON_NEGATIVE)
    return update_parameters_unchecked(params, grads, state, options, t, learning_rate)


def update_parameters_unchecked(params, grads, state, options, t, learning_rate):
    """update_parameters on valid arguments (options complete)."""
    optimizer = options["optimizer"]
    v, s = state["v"], state["s"]
    if optimizer == "gd":
        new_params = update_with_gd(params, grads, learning_rate)
    elif optimizer == "momentum":
        new_params, v = update_with_momentum(params, grads, v, options["beta"], learning_rate)
    elif optimizer == "rmsprop":
        new_params, s = update_with_rmsprop(params, grads, s, options["beta2"], options["optimizer_epsilon"],
                                            learning_rate)
    else:  # adam
        new_params, v, s = update_with_adam(params, grads, v, s, options["beta1"], options["beta2"],
                                            options["optimizer_epsilon"], t, learning_rate)
    return new_params, {"v": dict(v), "s": dict(s)}


def scheduled_learning_rate(options, epoch):
    """The rate of 0-based `epoch`: fixed within an epoch."""
    function = "scheduled_learning_rate"
    options = check_options(function, options)
    epoch = check_integer(function, "epoch", epoch, 0)
    return scheduled_learning_rate_unchecked(options, epoch)


def scheduled_learning_rate_unchecked(options, epoch):
    """scheduled_learning_rate on valid arguments (options complete)."""
    learning_rate, decay_rate = options["learning_rate"], options["decay_rate"]
    if options["lr_schedule"] == "none":
        rate = learning_rate
    elif options["lr_schedule"] == "exponential":
        rate = learning_rate * decay_rate ** epoch
    else:  # inverse_time
        rate = learning_rate / (1 + decay_rate * epoch)
    return rate
