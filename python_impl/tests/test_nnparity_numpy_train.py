"""Training loop: batches, mask slicing, the step counter, schedules, standalone draws."""

import numpy as np
import pytest

import nnparity_numpy
from nnparity_numpy_testing import load_dataset, make_problem


def test_random_mini_batches_hand_example():
    X = np.array([[0.0, 1.0, 2.0, 3.0, 4.0], [10.0, 11.0, 12.0, 13.0, 14.0]])
    Y = np.array([[0.0, 1.0, 0.0, 1.0, 1.0]])
    batches, ranges = nnparity_numpy.random_mini_batches(X, Y, np.array([2, 0, 3, 1, 4]), 2)
    assert ranges == [(0, 2), (2, 4), (4, 5)]
    np.testing.assert_array_equal(batches[0][0], [[2.0, 0.0], [12.0, 10.0]])
    np.testing.assert_array_equal(batches[0][1], [[0.0, 0.0]])
    np.testing.assert_array_equal(batches[1][0], [[3.0, 1.0], [13.0, 11.0]])
    np.testing.assert_array_equal(batches[1][1], [[1.0, 1.0]])
    np.testing.assert_array_equal(batches[2][0], [[4.0], [14.0]])  # the last batch is smaller
    np.testing.assert_array_equal(batches[2][1], [[1.0]])


def test_full_batch_training_is_plain_gradient_descent():
    # layer_dims [2, 1] is logistic regression; written out here directly in numpy.
    X, Y = load_dataset("circles")
    m = X.shape[1]
    w, b = np.array([[0.3, -0.2]]), np.array([[0.1]])
    options = {"optimizer": "gd", "learning_rate": 0.5, "batch_size": 1000, "num_epochs": 4}
    identity = np.tile(np.arange(m)[:, None], (1, 4))
    params, costs = nnparity_numpy.train(X, Y, {"W1": w, "b1": b}, options, identity, [])
    expected_costs = []
    for _ in range(4):
        a = 1 / (1 + np.exp(-(w @ X + b)))
        w = w - 0.5 * ((a - Y) @ X.T / m)
        b = b - 0.5 * np.mean(a - Y)
        a = 1 / (1 + np.exp(-(w @ X + b)))
        expected_costs.append(-np.mean(Y * np.log(a) + (1 - Y) * np.log(1 - a)))
    np.testing.assert_allclose(params["W1"], w, rtol=1e-12)
    np.testing.assert_allclose(params["b1"], b, rtol=1e-12)
    np.testing.assert_allclose(costs, [expected_costs], rtol=1e-12)
    assert costs.shape == (1, 4)


def reference_training(X, Y, params, options, permutations, masks):
    """CONTRACT.md's loop written out: permuted slices, mask columns e*m + j, t from 1 over the run."""
    m = X.shape[1]
    state = nnparity_numpy.initialize_optimizer(params, options["optimizer"])
    t = 0
    for epoch in range(permutations.shape[1]):
        order = permutations[:, epoch]
        rate = nnparity_numpy.scheduled_learning_rate(options, epoch)
        for start in range(0, m, options["batch_size"]):
            end = min(start + options["batch_size"], m)
            columns = order[start:end]
            batch_masks = [mask[:, epoch * m + start:epoch * m + end] for mask in masks]
            AL, caches = nnparity_numpy.forward_propagation(X[:, columns], params, options["hidden_activation"], "sigmoid",
                                                  options.get("keep_prob", 1), batch_masks)
            grads = nnparity_numpy.backward_propagation(AL, Y[:, columns], caches, options["hidden_activation"], "sigmoid",
                                              options.get("lambd", 0), options.get("keep_prob", 1))
            t += 1
            params, state = nnparity_numpy.update_parameters(params, grads, state, options, t, rate)
    return params


def test_mini_batches_masks_and_step_counter_follow_the_contract():
    layer_dims = [2, 3, 1]
    X, Y, params = make_problem(layer_dims, "sigmoid", m=5, seed=11)
    options = {"hidden_activation": "tanh", "optimizer": "adam", "learning_rate": 0.05, "batch_size": 2,
               "num_epochs": 2, "keep_prob": 0.5, "lambd": 0.1, "lr_schedule": "exponential", "decay_rate": 0.5}
    permutations = np.array([[2, 4], [0, 3], [3, 0], [1, 1], [4, 2]])
    rng = np.random.default_rng(2)
    masks = [(rng.random((3, 10)) < 0.5).astype(float)]
    trained, costs = nnparity_numpy.train(X, Y, params, options, permutations, masks)
    expected = reference_training(X, Y, params, options, permutations, masks)
    for name in params:
        np.testing.assert_allclose(trained[name], expected[name], rtol=1e-13, atol=1e-15)
    # the test is sensitive: aligning masks with the original example order gives other params
    misaligned = [np.concatenate([mask[:, e * 5:(e + 1) * 5][:, np.argsort(permutations[:, e])] for e in range(2)], axis=1)
                  for mask in masks]
    other = reference_training(X, Y, params, options, permutations, misaligned)
    assert not np.allclose(other["W1"], expected["W1"])
    # the reported cost is the no-dropout cost on the whole set, with the L2 term
    _, caches = nnparity_numpy.forward_propagation(X, trained, "tanh", "sigmoid", 1, [])
    assert costs[0, -1] == nnparity_numpy.compute_cost(caches[-1]["Z"], Y, "sigmoid", trained, 0.1)


def test_step_counter_does_not_restart_each_epoch():
    layer_dims = [2, 3, 1]
    X, Y, params = make_problem(layer_dims, "sigmoid", m=4, seed=5)
    options = {"optimizer": "adam", "learning_rate": 0.1, "batch_size": 2, "num_epochs": 2}
    permutations = np.tile(np.arange(4)[:, None], (1, 2))
    trained, _ = nnparity_numpy.train(X, Y, params, options, permutations, [])
    # restarting t at 1 in epoch 2 would be a different run
    first, _ = nnparity_numpy.train(X, Y, params, dict(options, num_epochs=1), permutations[:, :1], [])
    state = nnparity_numpy.initialize_optimizer(params, "adam")
    for t, columns in ((1, [0, 1]), (2, [2, 3]), (3, [0, 1]), (4, [2, 3])):
        AL, caches = nnparity_numpy.forward_propagation(X[:, columns], params, "relu", "sigmoid", 1, [])
        grads = nnparity_numpy.backward_propagation(AL, Y[:, columns], caches, "relu", "sigmoid", 0, 1)
        params, state = nnparity_numpy.update_parameters(params, grads, state, options, t, 0.1)
        if t == 2:
            np.testing.assert_allclose(first["W1"], params["W1"], rtol=1e-14)
    np.testing.assert_allclose(trained["W1"], params["W1"], rtol=1e-14)


def standalone_blobs(num_epochs):
    """blobs, a [2, 8, 1] net and adam with dropout, seeded: everything else drawn by the language."""
    X, Y = load_dataset("blobs")
    params = nnparity_numpy.initialize_parameters([2, 8, 1], "he", seed=0)
    options = {"optimizer": "adam", "learning_rate": 0.01, "batch_size": 64, "num_epochs": num_epochs,
               "keep_prob": 0.9, "seed": 4}
    return X, Y, params, options


def test_standalone_training_draws_and_learns():
    X, Y, params, options = standalone_blobs(num_epochs=30)
    trained, costs = nnparity_numpy.train(X, Y, params, options, None, None)
    again, costs_again = nnparity_numpy.train(X, Y, params, options, [], [])
    np.testing.assert_array_equal(costs, costs_again)  # the seed fixes every draw
    assert costs.shape == (1, 30) and costs[0, -1] < costs[0, 0]
    other, costs_other = nnparity_numpy.train(X, Y, params, dict(options, seed=5), None, None)
    assert not np.array_equal(costs, costs_other)


def test_predict_and_accuracy_by_hand():
    # sigmoid: Z = x (W = 1, b = 0): x = 0 gives exactly 0.5, which is NOT > 0.5
    X = np.array([[-1.0, 0.0, 2.0]])
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    np.testing.assert_array_equal(nnparity_numpy.predict(X, params, "relu", "sigmoid"), [[0.0, 0.0, 1.0]])
    # softmax: Z = W x with rows [1, -1, 1]: ties between rows 0 and 2 resolve to row 0
    softmax_params = {"W1": np.array([[1.0], [-1.0], [1.0]]), "b1": np.zeros((3, 1))}
    np.testing.assert_array_equal(nnparity_numpy.predict(X, softmax_params, "relu", "softmax"), [[1.0, 0.0, 0.0]])
    assert nnparity_numpy.accuracy(np.array([[1.0, 0.0, 1.0, 1.0]]), np.array([[1.0, 1.0, 1.0, 0.0]])) == 0.5


def test_predict_uses_no_dropout_and_hidden_layers():
    # [1, 2, 1] relu net by hand: h = relu([x, -x]); z = h1 - h2 - 0.5
    params = {"W1": np.array([[1.0], [-1.0]]), "b1": np.zeros((2, 1)),
              "W2": np.array([[1.0, -1.0]]), "b2": np.array([[-0.5]])}
    X = np.array([[-3.0, 0.2, 0.6, 3.0]])
    # z = [-3.5, -0.3, 0.1, 2.5] -> labels [0, 0, 1, 1]
    np.testing.assert_array_equal(nnparity_numpy.predict(X, params, "relu", "sigmoid"), [[0.0, 0.0, 1.0, 1.0]])


# ---- train_steps (CONTRACT.md 19b): the same loop as train, one record per listed update ----

def steps_problem(optimizer="adam"):
    """5 examples in batches of 2 (3 updates per epoch, the last one smaller), 3 epochs, dropout,
    L2 and a decaying rate: 9 updates whose t, epoch, batch and mask columns all differ."""
    layer_dims = [2, 3, 1]
    X, Y, params = make_problem(layer_dims, "sigmoid", m=5, seed=11)
    options = {"hidden_activation": "tanh", "optimizer": optimizer, "learning_rate": 0.05, "batch_size": 2,
               "num_epochs": 3, "keep_prob": 0.5, "lambd": 0.1, "lr_schedule": "exponential", "decay_rate": 0.5}
    permutations = np.array([[2, 4, 1], [0, 3, 0], [3, 0, 4], [1, 1, 2], [4, 2, 3]])
    rng = np.random.default_rng(2)
    masks = [(rng.random((3, 15)) < 0.5).astype(float)]
    return X, Y, params, options, permutations, masks


def assert_same_tensors(actual, expected):
    assert sorted(actual) == sorted(expected)
    for name in expected:
        np.testing.assert_array_equal(actual[name], expected[name], err_msg=name)


def assert_same_record(actual, expected):
    assert sorted(actual) == sorted(expected)
    for part in expected:
        assert sorted(actual[part]) == sorted(expected[part])
        for kind in expected[part]:
            assert_same_tensors(actual[part][kind], expected[part][kind])


def test_train_steps_recording_all_steps_reproduces_train():
    X, Y, params, options, permutations, masks = steps_problem()
    trained, _ = nnparity_numpy.train(X, Y, params, options, permutations, masks)
    records = nnparity_numpy.train_steps(X, Y, params, options, permutations, masks, list(range(9)), None)
    assert len(records) == 9
    for record in records:
        assert sorted(record) == ["after", "before"]
        assert sorted(record["before"]) == ["params", "s", "v"]
        assert sorted(record["after"]) == ["grads", "params", "s", "v"]
        assert sorted(record["after"]["grads"]) == sorted(record["before"]["v"]) == ["dW1", "dW2", "db1", "db2"]
    assert_same_tensors(records[-1]["after"]["params"], trained)  # bit for bit: one loop
    assert_same_tensors(records[0]["before"]["params"], params)
    zeros = nnparity_numpy.initialize_optimizer(params, "adam")
    assert_same_tensors(records[0]["before"]["v"], zeros["v"])
    assert_same_tensors(records[0]["before"]["s"], zeros["s"])
    for previous, record in zip(records, records[1:]):  # each update starts where the last one ended
        for kind in ("params", "v", "s"):
            assert_same_tensors(record["before"][kind], previous["after"][kind])
    # the records are the loop's states, not the caller's arrays
    records[0]["before"]["params"]["W1"][0, 0] += 1
    assert params["W1"][0, 0] != records[0]["before"]["params"]["W1"][0, 0]


def test_train_steps_record_matches_one_update_by_hand():
    """Update k = 4 (t = 5) is epoch 1's second batch: permuted positions 2..3, mask columns 7..8,
    the epoch-1 rate; its grads are backward at `before` on that batch."""
    X, Y, params, options, permutations, masks = steps_problem()
    [record] = nnparity_numpy.train_steps(X, Y, params, options, permutations, masks, [4], None)
    before = record["before"]
    columns = permutations[2:4, 1]
    batch_masks = [mask[:, 7:9] for mask in masks]
    AL, caches = nnparity_numpy.forward_propagation(X[:, columns], before["params"], "tanh", "sigmoid", 0.5, batch_masks)
    grads = nnparity_numpy.backward_propagation(AL, Y[:, columns], caches, "tanh", "sigmoid", 0.1, 0.5)
    params_after, state_after = nnparity_numpy.update_parameters(before["params"], grads, {"v": before["v"], "s": before["s"]},
                                                       options, 5, nnparity_numpy.scheduled_learning_rate(options, 1))
    assert_same_tensors(record["after"]["grads"], grads)
    assert_same_tensors(record["after"]["params"], params_after)
    assert_same_tensors(record["after"]["v"], state_after["v"])
    assert_same_tensors(record["after"]["s"], state_after["s"])


def test_train_steps_forced_from_recorded_states_is_bit_for_bit():
    for optimizer in ("gd", "momentum", "rmsprop", "adam"):
        X, Y, params, options, permutations, masks = steps_problem(optimizer)
        steps = np.arange(9, dtype=np.float64).reshape(-1, 1)  # the harness's form: an (S, 1) float column
        recording = nnparity_numpy.train_steps(X, Y, params, options, permutations, masks, steps, [])
        states = [record["before"] for record in recording]
        forced = nnparity_numpy.train_steps(X, Y, params, options, permutations, masks, steps, states)
        assert len(forced) == 9
        for got, recorded in zip(forced, recording):
            assert sorted(got) == ["after"]
            assert_same_record(got, {"after": recorded["after"]})


def test_train_steps_forced_mode_uses_the_given_state():
    X, Y, params, options, permutations, masks = steps_problem()
    recording = nnparity_numpy.train_steps(X, Y, params, options, permutations, masks, [3, 7], None)
    zero = {name: np.zeros_like(value) for name, value in params.items()}
    states = [recording[0]["before"], dict(recording[1]["before"], params=zero)]
    forced = nnparity_numpy.train_steps(X, Y, params, options, permutations, masks, [3, 7], states)
    assert_same_record(forced[0], {"after": recording[0]["after"]})
    assert not np.array_equal(forced[1]["after"]["params"]["W1"], recording[1]["after"]["params"]["W1"])
    # update 7 (t = 8) is epoch 2's second batch: positions 2..3, mask columns 12..13, the epoch-2 rate
    columns = permutations[2:4, 2]
    AL, caches = nnparity_numpy.forward_propagation(X[:, columns], zero, "tanh", "sigmoid", 0.5, [masks[0][:, 12:14]])
    grads = nnparity_numpy.backward_propagation(AL, Y[:, columns], caches, "tanh", "sigmoid", 0.1, 0.5)
    state = {"v": recording[1]["before"]["v"], "s": recording[1]["before"]["s"]}
    expected, _ = nnparity_numpy.update_parameters(zero, grads, state, options, 8, nnparity_numpy.scheduled_learning_rate(options, 2))
    assert_same_tensors(forced[1]["after"]["grads"], grads)
    assert_same_tensors(forced[1]["after"]["params"], expected)


def test_train_steps_listing_one_late_step_gives_the_same_record():
    X, Y, params, options, permutations, masks = steps_problem()
    everything = nnparity_numpy.train_steps(X, Y, params, options, permutations, masks, list(range(9)), None)
    [late] = nnparity_numpy.train_steps(X, Y, params, options, permutations, masks, [8], None)
    assert_same_record(late, everything[8])
    some = nnparity_numpy.train_steps(X, Y, params, options, permutations, masks, np.array([1, 5, 8]), None)
    for got, index in zip(some, (1, 5, 8)):
        assert_same_record(got, everything[index])
    [forced] = nnparity_numpy.train_steps(X, Y, params, options, permutations, masks, [6], [everything[6]["before"]])
    assert_same_record(forced, {"after": everything[6]["after"]})


def test_train_steps_forced_mode_skips_unlisted_updates(monkeypatch):
    import sys

    module = sys.modules["nnparity_numpy.train"]
    calls = []
    original = module.forward_propagation_unchecked

    def counting(*args):
        calls.append(args[0].shape[1])
        return original(*args)

    monkeypatch.setattr(module, "forward_propagation_unchecked", counting)
    X, Y, params, options, permutations, masks = steps_problem()
    recording = nnparity_numpy.train_steps(X, Y, params, options, permutations, masks, [2, 6], None)
    assert calls == [2, 2, 1, 2, 2, 1, 2]  # recording trains up to the last listed update, then stops
    calls.clear()
    nnparity_numpy.train_steps(X, Y, params, options, permutations, masks, [2, 6], [r["before"] for r in recording])
    assert calls == [1, 2]  # forced: only the two listed updates (each epoch's last batch holds 1 example)


def test_train_steps_standalone_draws_as_train():
    X, Y, params, options = standalone_blobs(num_epochs=3)
    trained, _ = nnparity_numpy.train(X, Y, params, options, None, None)
    total = 3 * -(-X.shape[1] // 64)
    records = nnparity_numpy.train_steps(X, Y, params, options, None, None, [0, total - 1], None)
    assert_same_tensors(records[-1]["after"]["params"], trained)


def steps_error(call, argument):
    import re

    with pytest.raises(nnparity_numpy.BadInput) as caught:
        call()
    message = str(caught.value)
    assert re.match(rf"^\[python\] train_steps: '{re.escape(argument)}' must be .+; got .+$", message, re.S), message
    return message


def test_train_steps_errors_name_the_argument():
    X, Y, params, options, permutations, masks = steps_problem()

    def run(steps, states=None, **changes):
        arguments = dict(X=X, Y=Y, params=params, options=options, permutations=permutations, masks=masks)
        arguments.update(changes)
        return lambda: nnparity_numpy.train_steps(*arguments.values(), steps, states)

    assert "strictly increasing" in steps_error(run(None), "steps")
    for bad in ([], [9], [-1], [0.5], [3, 2], [2, 2], ["1"], [True], np.array([[0, 1]]), 3, np.array([np.nan])):
        message = steps_error(run(bad), "steps")
        assert "strictly increasing" in message and "0..8" in message
    # the usual checks of train, under train_steps' name
    steps_error(run([0], options=dict(options, optimizer="sgd")), "optimizer")
    steps_error(run([0], permutations=permutations[:, :2]), "permutations")
    steps_error(run([0], masks=[masks[0][:, :10]]), "masks[0]")
    recorded = nnparity_numpy.train_steps(X, Y, params, options, permutations, masks, [0, 1], None)
    good = [record["before"] for record in recorded]
    steps_error(run([0, 1], good[:1]), "states")
    steps_error(run([0, 1], good[0]), "states")
    steps_error(run([0, 1], [good[0], recorded[1]["after"]]), "states[1]")
    steps_error(run([0, 1], [good[0], dict(good[1], params={"W1": params["W1"]})]), 'states[1]["params"]')
    wrong_shape = dict(good[0]["v"], dW2=np.zeros((3, 1)))
    steps_error(run([0, 1], [dict(good[0], v=wrong_shape), good[1]]), 'states[0]["v"]["dW2"]')
    steps_error(run([0, 1], [good[0], dict(good[1], s=good[1]["params"])]), 'states[1]["s"]')
