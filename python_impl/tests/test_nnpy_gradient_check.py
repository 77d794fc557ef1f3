"""Analytic gradients against finite differences on every hidden x output pair.

The reference is mathematical: the two-sided difference of the cost. Small random problems with
he / xavier weights keep the rounding noise of the quotient far below the gradients, so a correct
backward pass lands in the <= 1e-7 band.
"""

import numpy as np
import pytest

import nnpy
from nnpy_testing import make_masks, make_problem

HIDDEN = ["relu", "leaky_relu", "tanh", "sigmoid"]
OUTPUT = ["sigmoid", "softmax"]
ARCHITECTURES = [[3, 5], [3, 5, 4], [3, 4, 5, 3], [3, 4, 3, 4, 3]]  # hidden part; output appended
REGULARISATION = [(0.0, 1.0), (0.7, 1.0), (0.0, 0.8), (0.5, 0.7)]  # (lambd, keep_prob)


def output_units(output):
    return 1 if output == "sigmoid" else 3


@pytest.mark.parametrize("lambd,keep_prob", REGULARISATION)
@pytest.mark.parametrize("output", OUTPUT)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_gradient_check_every_pair(hidden, output, lambd, keep_prob):
    for depth, hidden_dims in enumerate(ARCHITECTURES):
        layer_dims = hidden_dims + [output_units(output)]
        init = "xavier" if hidden == "tanh" else "he"  # he keeps deep sigmoid gradients well above the noise
        X, Y, params = make_problem(layer_dims, output, m=10, seed=depth, init=init)
        masks = make_masks(layer_dims, 10, keep_prob, seed=depth) if keep_prob < 1 else []
        options = {"hidden_activation": hidden, "output_activation": output, "lambd": lambd,
                   "keep_prob": keep_prob, "grad_check_mode": "plain"}
        record = nnpy.gradient_check(X, Y, params, options, masks)
        assert record["difference"] <= 1e-7, (layer_dims, record["tensor_differences"])
        assert record["n_kinks"] == 0  # generic random data never sits within eps of a kink
        P = sum(layer_dims[l] * (layer_dims[l - 1] + 1) for l in range(1, len(layer_dims)))
        assert record["grad"].shape == (P, 1) and record["gradapprox"].shape == (P, 1)
        assert list(record["tensor_differences"]) == [f"d{k}{l}" for l in range(1, len(layer_dims)) for k in "Wb"]


def test_dropout_masks_really_enter_the_check():
    # Gradients with dropout must differ from those without (the masks drop units), and the
    # check must still pass, because the fixed masks make J a deterministic function of theta.
    layer_dims = [3, 6, 1]
    X, Y, params = make_problem(layer_dims, "sigmoid", m=10, seed=3)
    masks = make_masks(layer_dims, 10, 0.5, seed=3)
    base = {"hidden_activation": "tanh", "output_activation": "sigmoid", "grad_check_mode": "plain"}
    with_dropout = nnpy.gradient_check(X, Y, params, dict(base, keep_prob=0.5), masks)
    without = nnpy.gradient_check(X, Y, params, base, [])
    assert with_dropout["difference"] <= 1e-7
    assert not np.allclose(with_dropout["grad"], without["grad"])


def test_planted_bug_is_caught():
    # The book's classic exercise: dW2 twice too large. A scaled gradient cannot pass.
    layer_dims = [3, 5, 1]
    X, Y, params = make_problem(layer_dims, "sigmoid", m=10, seed=2)
    options = {"grad_check_mode": "plain"}
    record = nnpy.gradient_check(X, Y, params, options, [])
    grad = record["grad"].copy()
    start = 3 * 5 + 5  # dW2 follows W1 (15) and b1 (5)
    grad[start:start + 5] *= 2
    difference = np.linalg.norm(grad - record["gradapprox"]) / (np.linalg.norm(grad) + np.linalg.norm(record["gradapprox"]))
    assert record["difference"] <= 1e-7 < 1e-3 < difference


def test_difference_is_zero_when_both_norms_are_zero():
    # relu network whose hidden units are all dead (W1 x + b1 < 0 for x = 1, 2) and W2 = 0: the
    # output is sigmoid(0) = 0.5 for both examples, so dZ2 = [0.5 - 1, 0.5 - 0] sums to 0 and
    # every gradient is exactly 0; J is symmetric in b2 for Y = [1, 0], so the approximation is too.
    X = np.array([[1.0, 2.0]])
    Y = np.array([[1.0, 0.0]])
    params = {"W1": np.array([[-1.0], [-2.0]]), "b1": np.array([[-1.0], [-1.0]]),
              "W2": np.zeros((1, 2)), "b2": np.zeros((1, 1))}
    record = nnpy.gradient_check(X, Y, params, {"grad_check_mode": "plain"}, [])
    assert record["tensor_differences"]["dW1"] == 0.0
    assert record["tensor_differences"]["db1"] == 0.0
    assert record["tensor_differences"]["dW2"] == 0.0
    assert record["difference"] == 0.0
