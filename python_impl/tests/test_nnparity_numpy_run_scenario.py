"""run_scenario: every stage comes back, and a failing stage is reported without losing the others."""

import importlib

import numpy as np

import nnparity_numpy
from nnparity_numpy_testing import make_masks, make_problem

STAGES = ["cost", "grads", "gradcheck", "update", "training", "predict"]


def scenario(keep_prob=0.8, num_epochs=2):
    layer_dims = [3, 4, 3]
    m = 9
    X, Y, params = make_problem(layer_dims, "softmax", m=m, seed=8)
    options = {"hidden_activation": "tanh", "output_activation": "softmax", "keep_prob": keep_prob, "lambd": 0.2,
               "optimizer": "momentum", "learning_rate": 0.1, "batch_size": 4, "num_epochs": num_epochs}
    rng = np.random.default_rng(9)
    permutations = np.column_stack([rng.permutation(m) for _ in range(num_epochs)])
    return X, Y, params, options, make_masks(layer_dims, m, keep_prob), permutations, make_masks(layer_dims, m * num_epochs, keep_prob, seed=2)


def test_every_stage_returned_and_consistent_with_the_functions():
    X, Y, params, options, check_masks, permutations, train_masks = scenario()
    record = nnparity_numpy.run_scenario(X, Y, params, options, check_masks, permutations, train_masks)
    assert record["errors"] == {}
    assert all(stage in record for stage in STAGES)
    AL, caches = nnparity_numpy.forward_propagation(X, params, "tanh", "softmax", 0.8, check_masks)
    assert record["cost"] == nnparity_numpy.compute_cost(caches[-1]["Z"], Y, "softmax", params, 0.2)
    grads = nnparity_numpy.backward_propagation(AL, Y, caches, "tanh", "softmax", 0.2, 0.8)
    for name in grads:
        np.testing.assert_array_equal(record["grads"][name], grads[name])
    assert record["gradcheck"]["difference"] <= 1e-7
    # one momentum step from zero state at t = 1: v = 0.1 g, theta -= 0.1 v
    np.testing.assert_allclose(record["update"]["params"]["W1"], params["W1"] - 0.1 * (0.1 * grads["dW1"]), rtol=1e-14)
    np.testing.assert_allclose(record["update"]["state"]["v"]["db2"], 0.1 * grads["db2"], rtol=1e-14)
    trained, costs = nnparity_numpy.train(X, Y, params, options, permutations, train_masks)
    np.testing.assert_array_equal(record["training"]["costs"], costs)
    assert record["training"]["costs"].shape == (1, 2)
    labels = nnparity_numpy.predict(X, trained, "tanh", "softmax")
    np.testing.assert_array_equal(record["predict"]["labels"], labels)
    assert record["predict"]["accuracy"] == np.mean(labels == Y)


def test_a_failing_training_stage_leaves_the_others():
    X, Y, params, options, check_masks, permutations, train_masks = scenario()
    permutations[0, 1] = permutations[1, 1]  # column 1 is no longer a permutation
    record = nnparity_numpy.run_scenario(X, Y, params, options, check_masks, permutations, train_masks)
    assert set(record["errors"]) == {"training", "predict"}
    assert record["errors"]["training"].startswith("[python] train: 'permutations' must be")
    assert "training" not in record and "predict" not in record
    for stage in ("cost", "grads", "gradcheck", "update"):
        assert stage in record


def test_failing_check_masks_leave_training_and_predict():
    X, Y, params, options, check_masks, permutations, train_masks = scenario()
    record = nnparity_numpy.run_scenario(X, Y, params, options, [check_masks[0][:, :5]], permutations, train_masks)
    assert set(record["errors"]) == {"cost", "grads", "gradcheck", "update"}
    assert record["errors"]["gradcheck"].startswith("[python] gradient_check: 'masks[0]' must be")
    assert "training" in record and "predict" in record


def test_masks_ignored_without_dropout_and_bad_options_fail_every_stage():
    X, Y, params, options, check_masks, permutations, train_masks = scenario(keep_prob=1)
    record = nnparity_numpy.run_scenario(X, Y, params, options, [], permutations, object())
    assert record["errors"] == {}  # keep_prob 1: masks are ignored
    record = nnparity_numpy.run_scenario(X, Y, params, "not options", [], permutations, [])
    assert set(record["errors"]) == set(STAGES)
    assert all(message.startswith("[python] ") and "'options' must be" in message for message in record["errors"].values())


def test_unexpected_exceptions_keep_their_type_in_the_message():
    module = importlib.import_module("nnparity_numpy.run_scenario")
    assert module.error_message(ZeroDivisionError("boom")) == "[python] ZeroDivisionError: boom"
    X, Y, params, options, check_masks, permutations, train_masks = scenario()

    class Exploding(dict):  # options whose every lookup fails unexpectedly
        def __iter__(self):
            raise RuntimeError("exploded")

    record = nnparity_numpy.run_scenario(X, Y, params, Exploding(), check_masks, permutations, train_masks)
    assert set(record["errors"]) == set(STAGES)
    assert record["errors"]["cost"] == "[python] RuntimeError: exploded"


def test_check_directions_reach_the_gradient_check():
    X, Y, params, options, check_masks, permutations, train_masks = scenario()
    options = dict(options, grad_check_mode="fast", grad_check_directions=3)
    directions = np.random.default_rng(4).integers(0, 2, size=(3 * 4 + 4 + 4 * 3 + 3, 3)) * 2.0 - 1.0
    record = nnparity_numpy.run_scenario(X, Y, params, options, check_masks, permutations, train_masks, directions)
    expected = nnparity_numpy.gradient_check(X, Y, params, options, check_masks, directions)
    assert record["gradcheck"]["tensor_errors"] == expected["tensor_errors"]
    other = nnparity_numpy.run_scenario(X, Y, params, options, check_masks, permutations, train_masks, -directions[:, :2])
    assert other["gradcheck"]["tensor_errors"] != expected["tensor_errors"]
    # the 7-argument call draws them from options["seed"]
    seeded = dict(options, seed=3)
    record = nnparity_numpy.run_scenario(X, Y, params, seeded, check_masks, permutations, train_masks)
    assert record["gradcheck"]["tensor_errors"] == nnparity_numpy.gradient_check(X, Y, params, seeded, check_masks)["tensor_errors"]
