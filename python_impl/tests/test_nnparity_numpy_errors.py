"""Every bad input of CONTRACT.md's Errors section, with the message naming function and argument."""

import re

import numpy as np
import pytest

import nnparity_numpy
from nnparity_numpy import BadInput

MESSAGE = re.compile(r"^\[python\] (?P<function>\w+): '(?P<argument>[^']+)' must be (?P<expected>.+); got (?P<actual>.+)$", re.S)


def raises(call, function, argument):
    """Run `call`, expect BadInput in the contract format naming `function` and `argument`."""
    with pytest.raises(BadInput) as caught:
        call()
    message = str(caught.value)
    match = MESSAGE.match(message)
    assert match, message
    assert match["function"] == function, message
    assert match["argument"] == argument, message
    assert isinstance(caught.value, ValueError)
    return message


def problem():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 6))
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0]])
    params = {"W1": rng.standard_normal((3, 2)), "b1": np.zeros((3, 1)), "W2": rng.standard_normal((1, 3)), "b2": np.zeros((1, 1))}
    return X, Y, params


def softmax_problem():
    X, _, params = problem()
    params["W2"], params["b2"] = np.ones((3, 3)), np.zeros((3, 1))
    return X, np.array([[0.0, 1.0, 2.0, 2.0, 1.0, 0.0]]), params


@pytest.mark.parametrize("field,value", [
    ("hidden_activation", "swish"), ("output_activation", "linear"), ("optimizer", "adagrad"),
    ("lr_schedule", "cosine"), ("grad_check_mode", "quick"),
])
def test_unknown_names(field, value):
    X, Y, params = problem()
    message = raises(lambda: nnparity_numpy.train(X, Y, params, {field: value}, None, None), "train", field)
    assert repr(value) in message


def test_unknown_activation_in_layer_functions_and_init_scheme():
    raises(lambda: nnparity_numpy.activation_forward(np.zeros((2, 2)), "softplus"), "activation_forward", "activation")
    raises(lambda: nnparity_numpy.activation_backward(np.zeros((2, 2)), np.zeros((2, 2)), "softplus"), "activation_backward", "activation")
    raises(lambda: nnparity_numpy.initialize_parameters([2, 3, 1], "glorot"), "initialize_parameters", "scheme")
    raises(lambda: nnparity_numpy.initialize_optimizer(problem()[2], "sgd"), "initialize_optimizer", "optimizer")
    raises(lambda: nnparity_numpy.forward_propagation(problem()[0], problem()[2], "relu", "softsign", 1, []), "forward_propagation", "output_activation")


def test_unknown_option_field():
    X, Y, params = problem()
    message = raises(lambda: nnparity_numpy.gradient_check(X, Y, params, {"lambda": 0.1}, []), "gradient_check", "options")
    assert "'lambda'" in message


@pytest.mark.parametrize("X", [
    np.array([[1.0, np.nan, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]),
    np.array([[1.0, np.inf, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]),
    np.zeros((2, 0)), np.zeros(6), np.array([["a", "b"], ["c", "d"]]), "X",
])
def test_X_not_a_finite_non_empty_numeric_matrix(X):
    _, Y, params = problem()
    raises(lambda: nnparity_numpy.gradient_check(X, Y, params, {}, []), "gradient_check", "X")
    raises(lambda: nnparity_numpy.forward_propagation(X, params, "relu", "sigmoid", 1, []), "forward_propagation", "X")
    raises(lambda: nnparity_numpy.predict(X, params, "relu", "sigmoid"), "predict", "X")


@pytest.mark.parametrize("Y", [np.zeros((1, 5)), np.zeros((2, 6)), np.zeros(6), np.zeros((6, 1))])
def test_Y_not_1_by_m(Y):
    X, _, params = problem()
    message = raises(lambda: nnparity_numpy.train(X, Y, params, {}, None, None), "train", "Y")
    assert "(1, 6)" in message
    raises(lambda: nnparity_numpy.gradient_check(X, Y, params, {}, []), "gradient_check", "Y")


def test_labels_not_0_1_for_sigmoid():
    X, Y, params = problem()
    Y[0, 2] = 2.0
    message = raises(lambda: nnparity_numpy.train(X, Y, params, {}, None, None), "train", "Y")
    assert "0 or 1" in message
    Y[0, 2] = 0.5
    raises(lambda: nnparity_numpy.gradient_check(X, Y, params, {}, []), "gradient_check", "Y")
    raises(lambda: nnparity_numpy.compute_cost(np.full((1, 6), 0.5), Y, "sigmoid", params, 0), "compute_cost", "Y")


@pytest.mark.parametrize("bad_label", [3.0, -1.0, 1.5])
def test_labels_outside_0_to_K_minus_1_for_softmax(bad_label):
    X, Y, params = softmax_problem()
    options = {"output_activation": "softmax"}
    nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="full"), [])  # valid as given
    Y[0, 4] = bad_label
    message = raises(lambda: nnparity_numpy.gradient_check(X, Y, params, options, []), "gradient_check", "Y")
    assert "0..2" in message
    raises(lambda: nnparity_numpy.output_backward(np.full((3, 6), 1 / 3), Y, "softmax"), "output_backward", "Y")


def test_parameter_shapes_that_do_not_chain():
    X, Y, params = problem()
    wrong_input = dict(params, W1=np.ones((3, 4)))
    message = raises(lambda: nnparity_numpy.forward_propagation(X, wrong_input, "relu", "sigmoid", 1, []), "forward_propagation", 'params["W1"]')
    assert "2 columns" in message
    wrong_chain = dict(params, W2=np.ones((1, 4)))
    raises(lambda: nnparity_numpy.train(X, Y, wrong_chain, {}, None, None), "train", 'params["W2"]')
    bias_1d = dict(params, b1=np.zeros(3))
    raises(lambda: nnparity_numpy.gradient_check(X, Y, bias_1d, {}, []), "gradient_check", 'params["b1"]')
    bias_row = dict(params, b1=np.zeros((1, 3)))  # would broadcast; must be refused
    raises(lambda: nnparity_numpy.forward_propagation(X, bias_row, "relu", "sigmoid", 1, []), "forward_propagation", 'params["b1"]')
    missing = {k: v for k, v in params.items() if k != "b2"}
    raises(lambda: nnparity_numpy.predict(X, missing, "relu", "sigmoid"), "predict", "params")


def test_output_layer_of_the_wrong_size():
    X, Y, params = problem()
    message = raises(lambda: nnparity_numpy.gradient_check(X, Y, params, {"output_activation": "softmax"}, []), "gradient_check", 'params["W2"]')
    assert "at least 2" in message
    X, Y3, softmax_params = softmax_problem()
    raises(lambda: nnparity_numpy.train(X, Y, softmax_params, {"output_activation": "sigmoid"}, None, None), "train", 'params["W2"]')


@pytest.mark.parametrize("keep_prob", [0.0, -0.1, 1.5, np.nan])
def test_keep_prob_outside_0_1(keep_prob):
    X, Y, params = problem()
    raises(lambda: nnparity_numpy.train(X, Y, params, {"keep_prob": keep_prob}, None, None), "train", "keep_prob")
    raises(lambda: nnparity_numpy.forward_propagation(X, params, "relu", "sigmoid", keep_prob, []), "forward_propagation", "keep_prob")


def test_masks_of_wrong_count_shape_or_values():
    X, Y, params = problem()
    options = {"keep_prob": 0.5}
    good = [np.ones((3, 6))]
    nnparity_numpy.gradient_check(X, Y, params, options, good)
    raises(lambda: nnparity_numpy.gradient_check(X, Y, params, options, []), "gradient_check", "masks")
    raises(lambda: nnparity_numpy.gradient_check(X, Y, params, options, good + good), "gradient_check", "masks")
    raises(lambda: nnparity_numpy.gradient_check(X, Y, params, options, [np.ones((3, 5))]), "gradient_check", "masks[0]")
    raises(lambda: nnparity_numpy.gradient_check(X, Y, params, options, [np.ones((1, 6))]), "gradient_check", "masks[0]")
    message = raises(lambda: nnparity_numpy.gradient_check(X, Y, params, options, [np.full((3, 6), 0.5)]), "gradient_check", "masks[0]")
    assert "0/1" in message
    # training masks span m * num_epochs columns
    raises(lambda: nnparity_numpy.train(X, Y, params, dict(options, num_epochs=2), None, good), "train", "masks[0]")


@pytest.mark.parametrize("field", ["lambd", "learning_rate", "decay_rate"])
def test_negative_rates(field):
    X, Y, params = problem()
    message = raises(lambda: nnparity_numpy.train(X, Y, params, {field: -0.1}, None, None), "train", field)
    assert "-0.1" in message


@pytest.mark.parametrize("field,value", [("batch_size", 0), ("batch_size", -4), ("batch_size", 2.5),
                                         ("num_epochs", 0), ("grad_check_epsilon", 0.0), ("grad_check_epsilon", -1e-7)])
def test_non_positive_sizes(field, value):
    X, Y, params = problem()
    raises(lambda: nnparity_numpy.train(X, Y, params, {field: value}, None, None), "train", field)


def test_update_and_schedule_arguments():
    params = problem()[2]
    grads = {f"d{k}": np.zeros_like(v) for k, v in params.items()}
    state = nnparity_numpy.initialize_optimizer(params, "gd")
    raises(lambda: nnparity_numpy.update_parameters(params, grads, state, {}, 1, -0.1), "update_parameters", "learning_rate")
    raises(lambda: nnparity_numpy.update_parameters(params, grads, state, {}, 0, 0.1), "update_parameters", "t")
    raises(lambda: nnparity_numpy.update_parameters(params, dict(grads, dW1=np.zeros((2, 3))), state, {}, 1, 0.1), "update_parameters", 'grads["dW1"]')
    raises(lambda: nnparity_numpy.scheduled_learning_rate({"decay_rate": -1}, 0), "scheduled_learning_rate", "decay_rate")
    raises(lambda: nnparity_numpy.scheduled_learning_rate({}, -1), "scheduled_learning_rate", "epoch")


@pytest.mark.parametrize("permutations", [
    np.array([[0, 1, 2, 3, 4, 4]]).T,           # a repeat
    np.array([[0, 1, 2, 3, 4, 6]]).T,           # out of range
    np.array([[1, 2, 3, 4, 5, 6]]).T,           # 1-based
    np.array([[0.0, 1.0, 2.0, 3.0, 4.0, 5.5]]).T,  # not integers
    np.arange(5).reshape(5, 1),                  # wrong length
    np.tile(np.arange(6)[:, None], (1, 2)),      # two epochs for num_epochs 1
])
def test_permutations_that_are_not_permutations(permutations):
    X, Y, params = problem()
    raises(lambda: nnparity_numpy.train(X, Y, params, {"batch_size": 2}, permutations, None), "train", "permutations")


def test_validators_directly():
    # the internal API's checks take the calling function's name first (docs/CONTRACT.md)
    raises(lambda: nnparity_numpy.check_permutations("check_permutations", np.array([[0], [0]]), 2, 1), "check_permutations", "permutations")
    raises(lambda: nnparity_numpy.check_options("check_options", {"beta1": 1.0}), "check_options", "beta1")
    raises(lambda: nnparity_numpy.check_params("check_params", {"W1": np.ones((1, 3)), "b1": np.zeros((1, 1))}, 2, "sigmoid"), "check_params", 'params["W1"]')
    raises(lambda: nnparity_numpy.check_data("check_data", np.ones((2, 3)), np.ones((1, 2)), "sigmoid", 1), "check_data", "Y")
    raises(lambda: nnparity_numpy.check_masks("check_masks", [np.ones((2, 3))], [2, 3, 1], 3, 0.5), "check_masks", "masks[0]")
    raises(lambda: nnparity_numpy.vector_to_parameters(np.ones((5, 1)), [2, 3, 1]), "vector_to_parameters", "theta")
    raises(lambda: nnparity_numpy.random_mini_batches(np.ones((2, 3)), np.ones((1, 3)), [0, 1, 1], 2), "random_mini_batches", "permutation")
    raises(lambda: nnparity_numpy.accuracy(np.ones((1, 3)), np.ones((1, 4))), "accuracy", "Y")
    raises(lambda: nnparity_numpy.linear_forward(np.ones((2, 3)), np.ones((4, 2)), np.ones(4)), "linear_forward", "b")
    raises(lambda: nnparity_numpy.dropout_forward(np.ones((2, 3)), np.ones((2, 1)), 0.5), "dropout_forward", "mask")


@pytest.mark.parametrize("A_prev, argument, actual", [
    (None, "A_prev", "None"), (np.ones(2), "A_prev", "shape (2,)"), ([[1.0, 2.0]], "A_prev", "list"),
])
def test_linear_forward_names_a_missing_or_one_dimensional_input(A_prev, argument, actual):
    params = nnparity_numpy.initialize_parameters([2, 3, 1], "he", 1)
    message = raises(lambda: nnparity_numpy.linear_forward(A_prev, params["W1"], params["b1"]), "linear_forward", argument)
    assert "2-D" in message and actual.split()[0] in message


def test_options_none_means_every_default_and_a_non_record_is_refused():
    X, Y, params = problem()[:3]
    assert nnparity_numpy.gradient_check(X, Y, params, None, [])["difference"] == nnparity_numpy.gradient_check(X, Y, params, {}, [])["difference"]
    raises(lambda: nnparity_numpy.gradient_check(X, Y, params, ["gd"], []), "gradient_check", "options")
