"""Training loop: batches, mask slicing, the step counter, schedules, standalone draws."""

import numpy as np

import nnpy
from nnpy_testing import load_dataset, make_problem


def test_random_mini_batches_hand_example():
    X = np.array([[0.0, 1.0, 2.0, 3.0, 4.0], [10.0, 11.0, 12.0, 13.0, 14.0]])
    Y = np.array([[0.0, 1.0, 0.0, 1.0, 1.0]])
    batches, ranges = nnpy.random_mini_batches(X, Y, np.array([2, 0, 3, 1, 4]), 2)
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
    params, costs = nnpy.train(X, Y, {"W1": w, "b1": b}, options, identity, [])
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
    state = nnpy.initialize_optimizer(params, options["optimizer"])
    t = 0
    for epoch in range(permutations.shape[1]):
        order = permutations[:, epoch]
        rate = nnpy.scheduled_learning_rate(options, epoch)
        for start in range(0, m, options["batch_size"]):
            end = min(start + options["batch_size"], m)
            columns = order[start:end]
            batch_masks = [mask[:, epoch * m + start:epoch * m + end] for mask in masks]
            AL, caches = nnpy.forward_propagation(X[:, columns], params, options["hidden_activation"], "sigmoid",
                                                  options.get("keep_prob", 1), batch_masks)
            grads = nnpy.backward_propagation(AL, Y[:, columns], caches, options["hidden_activation"], "sigmoid",
                                              options.get("lambd", 0), options.get("keep_prob", 1))
            t += 1
            params, state = nnpy.update_parameters(params, grads, state, options, t, rate)
    return params


def test_mini_batches_masks_and_step_counter_follow_the_contract():
    layer_dims = [2, 3, 1]
    X, Y, params = make_problem(layer_dims, "sigmoid", m=5, seed=11)
    options = {"hidden_activation": "tanh", "optimizer": "adam", "learning_rate": 0.05, "batch_size": 2,
               "num_epochs": 2, "keep_prob": 0.5, "lambd": 0.1, "lr_schedule": "exponential", "decay_rate": 0.5}
    permutations = np.array([[2, 4], [0, 3], [3, 0], [1, 1], [4, 2]])
    rng = np.random.default_rng(2)
    masks = [(rng.random((3, 10)) < 0.5).astype(float)]
    trained, costs = nnpy.train(X, Y, params, options, permutations, masks)
    expected = reference_training(X, Y, params, options, permutations, masks)
    for name in params:
        np.testing.assert_allclose(trained[name], expected[name], rtol=1e-13, atol=1e-15)
    # the test is sensitive: aligning masks with the original example order gives other params
    misaligned = [np.concatenate([mask[:, e * 5:(e + 1) * 5][:, np.argsort(permutations[:, e])] for e in range(2)], axis=1)
                  for mask in masks]
    other = reference_training(X, Y, params, options, permutations, misaligned)
    assert not np.allclose(other["W1"], expected["W1"])
    # the reported cost is the no-dropout cost on the whole set, with the L2 term
    _, caches = nnpy.forward_propagation(X, trained, "tanh", "sigmoid", 1, [])
    assert costs[0, -1] == nnpy.compute_cost(caches[-1]["Z"], Y, "sigmoid", trained, 0.1)


def test_step_counter_does_not_restart_each_epoch():
    layer_dims = [2, 3, 1]
    X, Y, params = make_problem(layer_dims, "sigmoid", m=4, seed=5)
    options = {"optimizer": "adam", "learning_rate": 0.1, "batch_size": 2, "num_epochs": 2}
    permutations = np.tile(np.arange(4)[:, None], (1, 2))
    trained, _ = nnpy.train(X, Y, params, options, permutations, [])
    # restarting t at 1 in epoch 2 would be a different run
    first, _ = nnpy.train(X, Y, params, dict(options, num_epochs=1), permutations[:, :1], [])
    state = nnpy.initialize_optimizer(params, "adam")
    for t, columns in ((1, [0, 1]), (2, [2, 3]), (3, [0, 1]), (4, [2, 3])):
        AL, caches = nnpy.forward_propagation(X[:, columns], params, "relu", "sigmoid", 1, [])
        grads = nnpy.backward_propagation(AL, Y[:, columns], caches, "relu", "sigmoid", 0, 1)
        params, state = nnpy.update_parameters(params, grads, state, options, t, 0.1)
        if t == 2:
            np.testing.assert_allclose(first["W1"], params["W1"], rtol=1e-14)
    np.testing.assert_allclose(trained["W1"], params["W1"], rtol=1e-14)


def test_standalone_training_draws_and_learns():
    X, Y = load_dataset("blobs")
    params = nnpy.initialize_parameters([2, 8, 1], "he", seed=0)
    options = {"optimizer": "adam", "learning_rate": 0.01, "batch_size": 64, "num_epochs": 30,
               "keep_prob": 0.9, "seed": 4}
    trained, costs = nnpy.train(X, Y, params, options, None, None)
    again, costs_again = nnpy.train(X, Y, params, options, [], [])
    np.testing.assert_array_equal(costs, costs_again)  # the seed fixes every draw
    assert costs.shape == (1, 30) and costs[0, -1] < costs[0, 0]
    other, costs_other = nnpy.train(X, Y, params, dict(options, seed=5), None, None)
    assert not np.array_equal(costs, costs_other)


def test_predict_and_accuracy_by_hand():
    # sigmoid: Z = x (W = 1, b = 0): x = 0 gives exactly 0.5, which is NOT > 0.5
    X = np.array([[-1.0, 0.0, 2.0]])
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    np.testing.assert_array_equal(nnpy.predict(X, params, "relu", "sigmoid"), [[0.0, 0.0, 1.0]])
    # softmax: Z = W x with rows [1, -1, 1]: ties between rows 0 and 2 resolve to row 0
    softmax_params = {"W1": np.array([[1.0], [-1.0], [1.0]]), "b1": np.zeros((3, 1))}
    np.testing.assert_array_equal(nnpy.predict(X, softmax_params, "relu", "softmax"), [[1.0, 0.0, 0.0]])
    assert nnpy.accuracy(np.array([[1.0, 0.0, 1.0, 1.0]]), np.array([[1.0, 1.0, 1.0, 0.0]])) == 0.5


def test_predict_uses_no_dropout_and_hidden_layers():
    # [1, 2, 1] relu net by hand: h = relu([x, -x]); z = h1 - h2 - 0.5
    params = {"W1": np.array([[1.0], [-1.0]]), "b1": np.zeros((2, 1)),
              "W2": np.array([[1.0, -1.0]]), "b2": np.array([[-0.5]])}
    X = np.array([[-3.0, 0.2, 0.6, 3.0]])
    # z = [-3.5, -0.3, 0.1, 2.5] -> labels [0, 0, 1, 1]
    np.testing.assert_array_equal(nnpy.predict(X, params, "relu", "sigmoid"), [[0.0, 0.0, 1.0, 1.0]])
