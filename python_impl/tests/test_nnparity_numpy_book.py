"""The book's printed Python gradient check (BOOK.md, "Python, sigmoid output"), reproduced.

circles, layer_dims [2, 4, 1], relu hidden, sigmoid output, book init (np.random.seed(3), then
randn(n_l, n_{l-1}) * 0.01), lambda 0, keep_prob 1, eps 1e-7. Every number below is copied from
BOOK.md; none comes from this implementation.

The book's finite differences were computed with its cost formula, -(y log a + (1 - y) log(1 - a))
from the probabilities a; nnparity_numpy computes the same loss from the logits, softplus(z) - y z
(CONTRACT.md item 7). The two agree to a few ulps per example and give the same J at theta to the
last bit, but in 2 of the 34 perturbed costs the sums round one ulp apart, which moves those two
quotients by ulp(J) / (2 eps) = 5.55e-10, far beyond their 9 printed digits and far inside the
noise floor. So the printout is reproduced digit for digit by nnparity_numpy's gradient check fed with the
book's per-example formula, and nnparity_numpy's own quotients are held to within that one ulp.
"""

import importlib

import numpy as np
import pytest

import nnparity_numpy
from nnparity_numpy_testing import load_dataset

BOOK_COST = 0.6931455556341791
BOOK_DIFFERENCE = 1.1604150683743381e-06
BOOK_GRADS = {
    "dW1": [[-6.19439955e-06, -2.06438046e-06], [-1.50165447e-05, 7.50401672e-05],
            [1.33435433e-04, 1.74112143e-04], [-3.40909024e-05, -1.38363681e-04]],
    "db1": [[7.31333221e-07], [7.98425950e-06], [8.15002817e-08], [-5.69821155e-08]],
    "dW2": [[2.73416304e-04, 2.96061451e-04, 7.51837363e-05, 1.01257729e-04]],
    "db2": [[-7.22232235e-06]],
}
BOOK_GRADAPPROX = {
    "dW1": [[-6.19448937e-06, -2.06501483e-06], [-1.50168766e-05, 7.50399742e-05],
            [1.33435485e-04, 1.74112391e-04], [-3.40910633e-05, -1.38363765e-04]],
    "db1": [[7.31081862e-07], [7.98472399e-06], [8.16013923e-08], [-5.71764858e-08]],
    "dW2": [[2.73416290e-04, 2.96061509e-04, 7.51831930e-05, 1.01257891e-04]],
    "db2": [[-7.22255589e-06]],
}
OPTIONS = {"hidden_activation": "relu", "output_activation": "sigmoid", "lambd": 0, "keep_prob": 1,
           "grad_check_epsilon": 1e-7}


def printed_digits_match(actual, printed):
    """True when `actual`, printed like numpy's 8-digit mantissa (%.8e), shows `printed`."""
    return all(float(f"{a:.8e}") == p for a, p in zip(np.ravel(actual), np.ravel(printed)))


def flat(tensors):
    """The book's values in the canonical flat order (W column-major, then b, per layer)."""
    return np.concatenate([np.asarray(tensors[name]).reshape(-1, order="F") for name in ("dW1", "db1", "dW2", "db2")])


@pytest.fixture(scope="module")
def book_case():
    X, Y = load_dataset("circles")
    params = nnparity_numpy.initialize_parameters([2, 4, 1], "book")
    return X, Y, params


def test_book_cost_to_every_printed_digit(book_case):
    X, Y, params = book_case
    _, caches = nnparity_numpy.forward_propagation(X, params, "relu", "sigmoid", 1, [])
    cost = nnparity_numpy.compute_cost(caches[-1]["Z"], Y, "sigmoid", params, 0)
    assert repr(cost) == repr(BOOK_COST)  # all 16 digits, from the logits


def test_book_gradients_to_printed_digits(book_case):
    X, Y, params = book_case
    AL, caches = nnparity_numpy.forward_propagation(X, params, "relu", "sigmoid", 1, [])
    grads = nnparity_numpy.backward_propagation(AL, Y, caches, "relu", "sigmoid", 0, 1)
    for name, printed in BOOK_GRADS.items():
        assert grads[name].shape == np.asarray(printed).shape
        assert printed_digits_match(grads[name], printed), name


def book_cross_entropy_terms(ZL, Y, output_activation):
    """The book's per-example losses, from the probabilities (sigmoid output only)."""
    AL = 1 / (1 + np.exp(-ZL))
    return -(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))


@pytest.mark.parametrize("mode", ["plain", "full"])
def test_book_gradient_check_with_the_books_cost_formula(book_case, mode, monkeypatch):
    X, Y, params = book_case
    for module in ("nnparity_numpy.cost", "nnparity_numpy.gradient_check"):
        monkeypatch.setattr(importlib.import_module(module), "cross_entropy_terms", book_cross_entropy_terms)
    record = nnparity_numpy.gradient_check(X, Y, params, dict(OPTIONS, grad_check_mode=mode), [])
    assert printed_digits_match(record["grad"], flat(BOOK_GRADS))
    assert printed_digits_match(record["gradapprox"], flat(BOOK_GRADAPPROX))


@pytest.mark.parametrize("mode", ["plain", "full"])
def test_book_gradient_check(book_case, mode):
    X, Y, params = book_case
    record = nnparity_numpy.gradient_check(X, Y, params, dict(OPTIONS, grad_check_mode=mode), [])
    assert printed_digits_match(record["grad"], flat(BOOK_GRADS))
    # Each quotient is the book's or one ulp of J / (2 eps) away (see the module docstring).
    printed = flat(BOOK_GRADAPPROX)
    one_ulp = np.spacing(BOOK_COST) / (2 * OPTIONS["grad_check_epsilon"])
    gaps = np.abs(record["gradapprox"][:, 0] - printed)
    printing = 5e-9 * np.abs(printed)  # half a unit in the 9th printed digit
    same, one_off = gaps <= printing, np.abs(gaps - one_ulp) <= printing
    assert np.all(same | one_off) and np.sum(one_off) == 2
    assert printed_digits_match(record["gradapprox"][same], printed[same])
    # Same band and order of magnitude as the book (it depends on rounding inside the cost).
    assert BOOK_DIFFERENCE / 3 <= record["difference"] <= BOOK_DIFFERENCE * 3
    assert 1e-7 < record["difference"] <= 1e-5
    assert record["n_kinks"] == 0
