"""Validate once, at the door (docs/CONTRACT.md, "Internal API"): each contract function with an
unchecked twin gives exactly the twin's result, and the loops (training, the gradient check) check
their inputs once, not once per update or per component."""

import sys

import numpy as np
import pytest

import nnparity_numpy
from nnparity_numpy_testing import make_masks, make_problem


def module(name):
    return sys.modules[f"nnparity_numpy.{name}"]


def dropout_problem(output="softmax"):
    layer_dims = [3, 5, 4, 3 if output == "softmax" else 1]
    X, Y, params = make_problem(layer_dims, output, m=11, seed=21)
    return layer_dims, X, Y, params, make_masks(layer_dims, 11, 0.7, seed=22)


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("hidden", ["relu", "leaky_relu", "tanh", "sigmoid"])
def test_forward_backward_and_cost_twins_give_the_checked_results(hidden, output):
    layer_dims, X, Y, params, masks = dropout_problem(output)
    for keep_prob, pass_masks in ((1.0, []), (0.7, masks)):
        AL, caches = nnparity_numpy.forward_propagation(X, params, hidden, output, keep_prob, pass_masks)
        AL_twin, caches_twin = module("forward").forward_propagation_unchecked(X, params, hidden, output, keep_prob,
                                                                               pass_masks)
        np.testing.assert_array_equal(AL_twin, AL)
        for cache, twin in zip(caches, caches_twin):
            np.testing.assert_array_equal(twin["Z"], cache["Z"])
        grads = nnparity_numpy.backward_propagation(AL, Y, caches, hidden, output, 0.3, keep_prob)
        grads_twin = module("backward").backward_propagation_unchecked(AL, Y, caches, hidden, output, 0.3, keep_prob)
        assert list(grads_twin) == list(grads)
        for name in grads:
            np.testing.assert_array_equal(grads_twin[name], grads[name])
        cost = nnparity_numpy.compute_cost(caches[-1]["Z"], Y, output, params, 0.3)
        assert module("cost").compute_cost_unchecked(caches[-1]["Z"], Y, output, params, 0.3) == cost


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "rmsprop", "adam"])
def test_update_twin_gives_the_checked_result(optimizer):
    _, X, Y, params, _ = dropout_problem()
    options = nnparity_numpy.check_options("test", {"optimizer": optimizer, "beta": 0.8, "beta1": 0.85, "beta2": 0.99})
    AL, caches = nnparity_numpy.forward_propagation(X, params, "tanh", "softmax", 1, [])
    grads = nnparity_numpy.backward_propagation(AL, Y, caches, "tanh", "softmax", 0, 1)
    state = nnparity_numpy.initialize_optimizer(params, optimizer)
    for t in (1, 2, 3):
        new_params, new_state = nnparity_numpy.update_parameters(params, grads, state, options, t, 0.05)
        twin_params, twin_state = module("optimizers").update_parameters_unchecked(params, grads, state, options, t, 0.05)
        for name in params:
            np.testing.assert_array_equal(twin_params[name], new_params[name])
        for part in ("v", "s"):
            for name in grads:
                np.testing.assert_array_equal(twin_state[part][name], new_state[part][name])
        params, state = new_params, new_state


@pytest.mark.parametrize("schedule", ["none", "exponential", "inverse_time"])
def test_schedule_twin_gives_the_checked_result(schedule):
    options = nnparity_numpy.check_options("test", {"learning_rate": 0.2, "decay_rate": 0.7, "lr_schedule": schedule})
    for epoch in range(5):
        assert (module("optimizers").scheduled_learning_rate_unchecked(options, epoch)
                == nnparity_numpy.scheduled_learning_rate(options, epoch))


def count_calls(monkeypatch, name):
    """Count every call of validate.<name>, wherever an nnparity_numpy module imported it."""
    calls = []
    original = getattr(module("validate"), name)

    def counting(*args, **kwargs):
        calls.append(args[0])  # the calling function's name
        return original(*args, **kwargs)

    for loaded in list(sys.modules.values()):
        if getattr(loaded, "__name__", "").startswith("nnparity_numpy") and getattr(loaded, name, None) is original:
            monkeypatch.setattr(loaded, name, counting)
    return calls


def training_problem():
    layer_dims = [3, 5, 1]
    X, Y, params = make_problem(layer_dims, "sigmoid", m=24, seed=5)
    options = {"optimizer": "adam", "keep_prob": 0.8, "lambd": 0.1, "num_epochs": 3,
               "lr_schedule": "exponential", "decay_rate": 0.9, "seed": 1}
    return X, Y, params, options


@pytest.mark.parametrize("batch_size", [1, 5, 24])
def test_a_training_run_checks_its_options_once(monkeypatch, batch_size):
    X, Y, params, options = training_problem()
    options = dict(options, batch_size=batch_size)
    calls = count_calls(monkeypatch, "check_options")
    nnparity_numpy.train(X, Y, params, options, None, None)  # 3 * ceil(24 / batch_size) updates
    assert calls == ["train"]
    calls.clear()
    nnparity_numpy.train_steps(X, Y, params, options, None, None, [0, 3 * -(-24 // batch_size) - 1], None)
    assert calls == ["train_steps"]


def test_validation_does_not_grow_with_the_number_of_updates(monkeypatch):
    X, Y, params, options = training_problem()
    # check_dropout is the dropout layer functions' own cheap shape check (mask against A), run with
    # every dropout call as the inline check it replaced was; every other check runs once per run.
    checks = [name for name in vars(module("validate")) if name.startswith("check_") and name != "check_dropout"]
    counted = {name: count_calls(monkeypatch, name) for name in checks}
    totals = []
    for batch_size in (24, 1):  # 3 updates, then 72
        nnparity_numpy.train(X, Y, params, dict(options, batch_size=batch_size), None, None)
        totals.append({name: len(calls) for name, calls in counted.items()})
        for calls in counted.values():
            calls.clear()
    assert totals[0] == totals[1]
    assert totals[0]["check_options"] == 1 and totals[0]["check_params"] <= 2


@pytest.mark.parametrize("mode", ["plain", "full", "fast"])
def test_the_gradient_check_checks_its_inputs_once(monkeypatch, mode):
    layer_dims, X, Y, params, masks = dropout_problem()
    options = {"grad_check_mode": mode, "keep_prob": 0.7, "output_activation": "softmax", "seed": 3}
    counted = {name: count_calls(monkeypatch, name) for name in ("check_options", "check_params", "check_masks")}
    record = nnparity_numpy.gradient_check(X, Y, params, options, masks)
    assert record["grad"].shape[0] > 50  # one check for dozens of components
    assert {name: calls for name, calls in counted.items()} == {name: ["gradient_check"] for name in counted}
