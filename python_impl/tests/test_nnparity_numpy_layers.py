"""Layer functions, costs and their backward twins on examples worked out by hand."""

import numpy as np
import pytest

import nnparity_numpy


def test_linear_forward_by_hand():
    # W = [[1, 2], [3, 4]], A_prev = [[1, 0], [1, 2]], b = [[0.5], [-1]]
    # column 1: [1*1 + 2*1, 3*1 + 4*1] + b = [3.5, 6]; column 2: [0 + 4, 0 + 8] + b = [4.5, 7]
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    A_prev = np.array([[1.0, 0.0], [1.0, 2.0]])
    b = np.array([[0.5], [-1.0]])
    Z, cache = nnparity_numpy.linear_forward(A_prev, W, b)
    np.testing.assert_array_equal(Z, [[3.5, 4.5], [6.0, 7.0]])
    assert cache[0] is A_prev and cache[1] is W and cache[2] is b


def test_hidden_activations_by_hand():
    Z = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_array_equal(nnparity_numpy.activation_forward(Z, "relu"), [[0.0, 0.0, 3.0]])
    np.testing.assert_array_equal(nnparity_numpy.activation_forward(Z, "leaky_relu"), [[-0.02, 0.0, 3.0]])
    np.testing.assert_allclose(nnparity_numpy.activation_forward(Z, "tanh"), [[-0.9640275800758169, 0.0, 0.9950547536867305]], rtol=1e-15)
    # sigmoid(-2) = 1 / (1 + e^2) = 0.11920292202211755, sigmoid(3) = 1 / (1 + e^-3) = 0.9525741268224334
    np.testing.assert_allclose(nnparity_numpy.activation_forward(Z, "sigmoid"), [[0.11920292202211755, 0.5, 0.9525741268224334]], rtol=1e-15)


def test_sigmoid_saturates_without_nan():
    A = nnparity_numpy.activation_forward(np.array([[-1000.0, 1000.0]]), "sigmoid")
    np.testing.assert_array_equal(A, [[0.0, 1.0]])


def test_activation_backward_by_hand():
    Z = np.array([[-2.0, 0.0, 3.0]])
    dA = np.array([[10.0, 10.0, 10.0]])
    # relu' = 1 for z > 0 else 0, so 0 at z = 0
    np.testing.assert_array_equal(nnparity_numpy.activation_backward(dA, Z, "relu"), [[0.0, 0.0, 10.0]])
    # leaky_relu' = 1 for z > 0 else 0.01
    np.testing.assert_allclose(nnparity_numpy.activation_backward(dA, Z, "leaky_relu"), [[0.1, 0.1, 10.0]], rtol=1e-15)
    # tanh' = 1 - tanh(z)^2: 1 - 0.9640275800758169^2 = 0.07065082485316443; at 0: 1; at 3: 0.009866037165440211
    np.testing.assert_allclose(nnparity_numpy.activation_backward(dA, Z, "tanh"), [[0.7065082485316443, 10.0, 0.09866037165440211]], rtol=1e-12)
    # sigmoid' = s (1 - s): 0.11920292202211755 * 0.8807970779778824 = 0.1049935854035065; at 0: 0.25
    np.testing.assert_allclose(nnparity_numpy.activation_backward(dA, Z, "sigmoid"), [[1.049935854035065, 2.5, 0.4517665973091213]], rtol=1e-12)


def test_softmax_by_hand_and_stable_on_large_logits():
    # column [0, ln 3]: exp -> [1, 3] -> [1/4, 3/4]
    np.testing.assert_allclose(nnparity_numpy.softmax_forward(np.array([[0.0], [np.log(3.0)]])), [[0.25], [0.75]], rtol=1e-15)
    big = nnparity_numpy.softmax_forward(np.array([[1000.0, 1000.0, -1000.0], [1000.0, 0.0, -999.0]]))
    assert np.all(np.isfinite(big))
    np.testing.assert_allclose(big[:, 0], [0.5, 0.5], rtol=1e-15)
    np.testing.assert_allclose(big[:, 1], [1.0, 0.0], atol=1e-300)
    # [-1000, -999] is [0, 1] shifted: e^-1 / (1 + e^-1) = 0.2689414213699951
    np.testing.assert_allclose(big[:, 2], [0.2689414213699951, 0.7310585786300049], rtol=1e-14)
    np.testing.assert_allclose(np.sum(big, axis=0), 1.0, rtol=1e-15)


def test_softmax_is_shift_invariant_per_column():
    rng = np.random.default_rng(3)
    Z = rng.standard_normal((4, 6))
    shifts = rng.standard_normal((1, 6)) * 50
    np.testing.assert_allclose(nnparity_numpy.softmax_forward(Z + shifts), nnparity_numpy.softmax_forward(Z), rtol=1e-12)


def test_dropout_forward_and_backward_by_hand():
    A = np.array([[2.0, 4.0], [6.0, 8.0]])
    mask = np.array([[1.0, 0.0], [0.0, 1.0]])
    # keep_prob 0.5: kept entries doubled, dropped ones 0
    np.testing.assert_array_equal(nnparity_numpy.dropout_forward(A, mask, 0.5), [[4.0, 0.0], [0.0, 16.0]])
    np.testing.assert_array_equal(nnparity_numpy.dropout_backward(A, mask, 0.5), [[4.0, 0.0], [0.0, 16.0]])


def test_sigmoid_cost_by_hand_with_l2():
    # logits of the probabilities 0.8 and 0.4: log(0.8 / 0.2) and log(0.4 / 0.6)
    ZL = np.array([[np.log(4.0), np.log(2.0 / 3.0)]])
    Y = np.array([[1.0, 0.0]])
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[5.0]]), "W2": np.array([[3.0]]), "b2": np.array([[7.0]])}
    # -(1/2) (log 0.8 + log 0.6) = -(1/2)(-0.2231435513142097 - 0.5108256237659907) = 0.3669845875401002
    assert nnparity_numpy.compute_cost(ZL, Y, "sigmoid", params, 0) == pytest.approx(0.3669845875401002, rel=1e-15)
    # L2 with lambd 0.5, m 2: (0.5 / 4) * (1 + 4 + 9) = 1.75; biases not regularised
    assert nnparity_numpy.compute_cost(ZL, Y, "sigmoid", params, 0.5) == pytest.approx(0.3669845875401002 + 1.75, rel=1e-15)


def test_softmax_cost_by_hand():
    AL = np.array([[0.7, 0.2, 0.1], [0.3, 0.8, 0.9]])
    ZL = np.log(AL) + np.array([[3.0, -2.0, 0.5]])  # softmax(log p + c) = p for any per-column c
    Y = np.array([[0.0, 1.0, 0.0]])
    params = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1))}
    # picks 0.7, 0.8, 0.1: -(1/3)(log 0.7 + log 0.8 + log 0.1) = 0.9608011961...
    expected = -(np.log(0.7) + np.log(0.8) + np.log(0.1)) / 3
    assert nnparity_numpy.compute_cost(ZL, Y, "softmax", params, 0) == pytest.approx(expected, rel=1e-14)
    assert expected == pytest.approx(0.9608011961, rel=1e-9)


def test_cross_entropy_terms_are_the_per_example_losses():
    ZL = np.array([[2.0, -1.0, 0.0]])
    Y = np.array([[1.0, 0.0, 1.0]])
    # -log s(2), -log(1 - s(-1)) = -log s(1), -log s(0) = log 2
    expected = [[np.log1p(np.exp(-2.0)), np.log1p(np.exp(-1.0)), np.log(2.0)]]
    # (2 + log1p(e^-2)) - 2 cancels: a few ulps of 2, not of the result
    np.testing.assert_allclose(nnparity_numpy.cross_entropy_terms(ZL, Y, "sigmoid"), expected, rtol=1e-14)


@pytest.mark.parametrize("z,y,expected", [(1000.0, 0.0, 1000.0), (-1000.0, 1.0, 1000.0),
                                          (1000.0, 1.0, 0.0), (-1000.0, 0.0, 0.0), (40.0, 0.0, 40.0 + np.log1p(np.exp(-40.0)))])
def test_saturated_sigmoid_gives_the_finite_analytic_cost(z, y, expected):
    # sigmoid(1000) rounds to 1, so log(1 - AL) would be -Inf; from the logit the loss is softplus(z) - y z
    params = {"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))}
    cost = nnparity_numpy.compute_cost(np.array([[z]]), np.array([[y]]), "sigmoid", params, 0)
    assert np.isfinite(cost) and cost == expected


def test_saturated_softmax_gives_the_finite_analytic_cost():
    # probabilities 1 and exp(-2000) = 0 in floating point: the label's entry is picked from the
    # shifted logits, so a wrong confident class costs its logit gap and a right one exactly 0
    ZL = np.array([[1000.0, 1000.0], [-1000.0, -1000.0]])
    params = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    assert nnparity_numpy.compute_cost(ZL, np.array([[0.0, 0.0]]), "softmax", params, 0) == 0.0
    assert nnparity_numpy.compute_cost(ZL, np.array([[1.0, 1.0]]), "softmax", params, 0) == 2000.0
    assert nnparity_numpy.compute_cost(ZL, np.array([[0.0, 1.0]]), "softmax", params, 0) == 1000.0


def test_output_backward_by_hand():
    AL = np.array([[0.7, 0.2], [0.3, 0.8]])
    Y = np.array([[0.0, 1.0]])
    np.testing.assert_allclose(nnparity_numpy.output_backward(AL, Y, "softmax"), [[-0.3, 0.2], [0.3, -0.2]], atol=1e-16)
    np.testing.assert_allclose(nnparity_numpy.output_backward(np.array([[0.8, 0.4]]), np.array([[1.0, 0.0]]), "sigmoid"), [[-0.2, 0.4]], atol=1e-16)


def test_linear_backward_by_hand():
    dZ = np.array([[1.0, 2.0]])
    A_prev = np.array([[1.0, 3.0], [2.0, 4.0]])
    W = np.array([[0.5, -1.0]])
    b = np.array([[0.0]])
    # dW = (1/2) [1*1 + 2*3, 1*2 + 2*4] = [3.5, 5]; db = (1 + 2)/2 = 1.5; dA_prev = W^T dZ
    dA_prev, dW, db = nnparity_numpy.linear_backward(dZ, (A_prev, W, b), 0)
    np.testing.assert_array_equal(dW, [[3.5, 5.0]])
    np.testing.assert_array_equal(db, [[1.5]])
    assert db.shape == (1, 1)
    np.testing.assert_array_equal(dA_prev, [[0.5, 1.0], [-1.0, -2.0]])
    # L2 with lambd 2, m 2 adds (2/2) W = [0.5, -1]
    _, dW, db = nnparity_numpy.linear_backward(dZ, (A_prev, W, b), 2)
    np.testing.assert_array_equal(dW, [[4.0, 4.0]])
    np.testing.assert_array_equal(db, [[1.5]])


def test_forward_caches_and_shapes():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 5))
    params = nnparity_numpy.initialize_parameters([3, 4, 2, 3], "he", seed=1)
    masks = [np.ones((4, 5)), np.ones((2, 5))]
    AL, caches = nnparity_numpy.forward_propagation(X, params, "tanh", "softmax", 0.5, masks)
    assert AL.shape == (3, 5) and len(caches) == 3
    assert caches[0]["linear_cache"][0] is X
    assert caches[0]["Z"].shape == (4, 5) and caches[2]["mask"] is None
    # all-ones masks at keep_prob 0.5 double every hidden activation
    np.testing.assert_allclose(caches[1]["linear_cache"][0], 2 * np.tanh(caches[0]["Z"]), rtol=1e-15)
    grads = nnparity_numpy.backward_propagation(AL, rng.integers(0, 3, (1, 5)).astype(float), caches, "tanh", "softmax", 0, 0.5)
    assert list(grads) == ["dW1", "db1", "dW2", "db2", "dW3", "db3"]
    for layer in (1, 2, 3):
        assert grads[f"dW{layer}"].shape == params[f"W{layer}"].shape
        assert grads[f"db{layer}"].shape == params[f"b{layer}"].shape


def test_one_layer_network_is_logistic_regression():
    # layer_dims [2, 1]: no hidden layer; dW = (1/m) (a - y) x^T by hand
    X = np.array([[1.0, -1.0], [2.0, 0.0]])
    Y = np.array([[1.0, 0.0]])
    params = {"W1": np.zeros((1, 2)), "b1": np.zeros((1, 1))}
    AL, caches = nnparity_numpy.forward_propagation(X, params, "relu", "sigmoid", 1, [])
    np.testing.assert_array_equal(AL, [[0.5, 0.5]])
    grads = nnparity_numpy.backward_propagation(AL, Y, caches, "relu", "sigmoid", 0, 1)
    # dZ = [-0.5, 0.5]; dW = (1/2)[-0.5*1 + 0.5*-1, -0.5*2 + 0] = [-0.5, -0.5]; db = 0
    np.testing.assert_array_equal(grads["dW1"], [[-0.5, -0.5]])
    np.testing.assert_array_equal(grads["db1"], [[0.0]])


@pytest.mark.parametrize("scheme,scale", [("scaled", 0.01), ("he", np.sqrt(2 / 400)), ("xavier", np.sqrt(1 / 400))])
def test_initialization_scales(scheme, scale):
    params = nnparity_numpy.initialize_parameters([400, 300, 1], scheme, seed=7)
    assert params["W1"].shape == (300, 400) and params["b1"].shape == (300, 1)
    assert np.all(params["b1"] == 0) and np.all(params["b2"] == 0)
    # 120000 N(0, scale^2) draws: the sample std is within 1 % of scale
    assert np.std(params["W1"]) == pytest.approx(scale, rel=0.01)
    again = nnparity_numpy.initialize_parameters([400, 300, 1], scheme, seed=7)
    np.testing.assert_array_equal(params["W1"], again["W1"])


def test_book_initialization_is_the_legacy_seed_3_recipe():
    params = nnparity_numpy.initialize_parameters([2, 4, 1], "book")
    # np.random.seed(3); np.random.randn() -> 1.7886284734303186 (the legacy MT19937 stream)
    assert params["W1"][0, 0] == pytest.approx(0.017886284734303186, rel=1e-15)
    assert params["W1"].shape == (4, 2) and params["W2"].shape == (1, 4)
