"""The book's printed Python gradient check (BOOK.md, "Python, sigmoid output"), reproduced.

circles, layer_dims [2, 4, 1], relu hidden, sigmoid output, book init (np.random.seed(3), then
randn(n_l, n_{l-1}) * 0.01), lambda 0, keep_prob 1, eps 1e-7. Every number below is copied from
BOOK.md; none comes from this implementation.
"""

import numpy as np
import pytest

import nnpy
from nnpy_testing import load_dataset

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
    params = nnpy.initialize_parameters([2, 4, 1], "book")
    return X, Y, params


def test_book_cost_to_15_significant_digits(book_case):
    X, Y, params = book_case
    AL, _ = nnpy.forward_propagation(X, params, "relu", "sigmoid", 1, [])
    cost = nnpy.compute_cost(AL, Y, "sigmoid", params, 0)
    assert f"{cost:.14e}" == f"{BOOK_COST:.14e}"


def test_book_gradients_to_printed_digits(book_case):
    X, Y, params = book_case
    AL, caches = nnpy.forward_propagation(X, params, "relu", "sigmoid", 1, [])
    grads = nnpy.backward_propagation(AL, Y, caches, "relu", "sigmoid", 0, 1)
    for name, printed in BOOK_GRADS.items():
        assert grads[name].shape == np.asarray(printed).shape
        assert printed_digits_match(grads[name], printed), name


@pytest.mark.parametrize("mode", ["plain", "full"])
def test_book_gradient_check(book_case, mode):
    X, Y, params = book_case
    record = nnpy.gradient_check(X, Y, params, dict(OPTIONS, grad_check_mode=mode), [])
    assert printed_digits_match(record["grad"], flat(BOOK_GRADS))
    assert printed_digits_match(record["gradapprox"], flat(BOOK_GRADAPPROX))
    # Same band and order of magnitude as the book (it depends on rounding inside the cost).
    assert BOOK_DIFFERENCE / 3 <= record["difference"] <= BOOK_DIFFERENCE * 3
    assert 1e-7 < record["difference"] <= 1e-5
    assert record["n_kinks"] == 0
