"""The canonical flat vector: W1, b1, W2, b2, ..., each tensor stacked column by column."""

import numpy as np

import nnparity_numpy


def test_column_major_order_on_a_hand_example():
    params = {
        "W1": np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
        "b1": np.array([[7.0], [8.0]]),
        "W2": np.array([[9.0, 10.0]]),
        "b2": np.array([[11.0]]),
    }
    theta = nnparity_numpy.parameters_to_vector(params)
    # columns of W1 are [1, 4], [2, 5], [3, 6]
    np.testing.assert_array_equal(theta, np.array([[1, 4, 2, 5, 3, 6, 7, 8, 9, 10, 11]], dtype=float).T)
    assert theta.shape == (11, 1)


def test_round_trip():
    params = nnparity_numpy.initialize_parameters([5, 4, 3, 2], "he", seed=4)
    params["b2"] = np.arange(3.0).reshape(3, 1)
    back = nnparity_numpy.vector_to_parameters(nnparity_numpy.parameters_to_vector(params), [5, 4, 3, 2])
    assert list(back) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    for name, value in params.items():
        assert back[name].shape == value.shape
        np.testing.assert_array_equal(back[name], value)


def test_unflatten_hand_vector():
    theta = np.arange(1.0, 12.0).reshape(-1, 1)
    params = nnparity_numpy.vector_to_parameters(theta, [3, 2, 1])
    np.testing.assert_array_equal(params["W1"], [[1, 3, 5], [2, 4, 6]])
    np.testing.assert_array_equal(params["b1"], [[7], [8]])
    np.testing.assert_array_equal(params["W2"], [[9, 10]])
    np.testing.assert_array_equal(params["b2"], [[11]])
    theta[0, 0] = 100.0  # the parameters do not alias the vector
    assert params["W1"][0, 0] == 1.0
