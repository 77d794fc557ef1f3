"""Each optimiser's first two steps and the learning-rate schedules, worked out by hand.

Parameters W1 = [[1, -2]], b1 = [[0.5]]; step 1 gradients dW1 = [[0.1, -0.2]], db1 = [[0.4]];
step 2 gradients dW1 = [[0.3, 0]], db1 = [[-0.4]]; learning rate 0.1.
"""

import numpy as np
import pytest

import nnparity_numpy

PARAMS = {"W1": np.array([[1.0, -2.0]]), "b1": np.array([[0.5]])}
GRADS_1 = {"dW1": np.array([[0.1, -0.2]]), "db1": np.array([[0.4]])}
GRADS_2 = {"dW1": np.array([[0.3, 0.0]]), "db1": np.array([[-0.4]])}


def two_steps(options):
    state = nnparity_numpy.initialize_optimizer(PARAMS, options["optimizer"])
    first, state = nnparity_numpy.update_parameters(PARAMS, GRADS_1, state, options, 1, 0.1)
    second, state_2 = nnparity_numpy.update_parameters(first, GRADS_2, state, options, 2, 0.1)
    return first, second, state, state_2


def test_initialize_optimizer_zero_state_under_gradient_names():
    state = nnparity_numpy.initialize_optimizer(PARAMS, "adam")
    assert sorted(state) == ["s", "v"]
    for part in ("v", "s"):
        assert sorted(state[part]) == ["dW1", "db1"]
        assert state[part]["dW1"].shape == (1, 2) and state[part]["db1"].shape == (1, 1)
        assert not np.any(state[part]["dW1"]) and not np.any(state[part]["db1"])


def test_gd_two_steps():
    first, second, _, _ = two_steps({"optimizer": "gd"})
    # W: 1 - 0.1*0.1 = 0.99, -2 + 0.1*0.2 = -1.98; b: 0.5 - 0.04 = 0.46
    np.testing.assert_allclose(first["W1"], [[0.99, -1.98]], rtol=1e-15)
    np.testing.assert_allclose(first["b1"], [[0.46]], rtol=1e-15)
    # W: 0.99 - 0.03 = 0.96, -1.98 - 0 ; b: 0.46 + 0.04 = 0.5
    np.testing.assert_allclose(second["W1"], [[0.96, -1.98]], rtol=1e-15)
    np.testing.assert_allclose(second["b1"], [[0.5]], rtol=1e-15)
    np.testing.assert_array_equal(PARAMS["W1"], [[1.0, -2.0]])  # inputs untouched


def test_momentum_two_steps():
    first, second, state, state_2 = two_steps({"optimizer": "momentum", "beta": 0.9})
    # v1 = 0.1 * g1 = [0.01, -0.02], vb = 0.04; W = [1 - 0.001, -2 + 0.002]; b = 0.5 - 0.004
    np.testing.assert_allclose(state["v"]["dW1"], [[0.01, -0.02]], rtol=1e-14)
    np.testing.assert_allclose(first["W1"], [[0.999, -1.998]], rtol=1e-14)
    np.testing.assert_allclose(first["b1"], [[0.496]], rtol=1e-14)
    # v2 = 0.9 v1 + 0.1 g2 = [0.039, -0.018], vb = 0.036 - 0.04 = -0.004
    np.testing.assert_allclose(state_2["v"]["dW1"], [[0.039, -0.018]], rtol=1e-14)
    np.testing.assert_allclose(state_2["v"]["db1"], [[-0.004]], rtol=1e-12)
    np.testing.assert_allclose(second["W1"], [[0.9951, -1.9962]], rtol=1e-14)
    np.testing.assert_allclose(second["b1"], [[0.4964]], rtol=1e-14)


def test_rmsprop_two_steps():
    # beta2 0.75 keeps the arithmetic short: s1 = 0.25 g1^2, so sqrt(s1) = |g1| / 2
    first, second, state, state_2 = two_steps({"optimizer": "rmsprop", "beta2": 0.75, "optimizer_epsilon": 1e-8})
    # s1 = [0.0025, 0.01], sb = 0.04; steps 0.1 * g / (sqrt(s) + 1e-8) = [0.2, -0.2], 0.2 (less ~4e-8)
    np.testing.assert_allclose(state["s"]["dW1"], [[0.0025, 0.01]], rtol=1e-14)
    np.testing.assert_allclose(first["W1"], [[0.80000004, -1.80000002]], rtol=1e-9)
    np.testing.assert_allclose(first["b1"], [[0.30000001]], rtol=1e-9)
    # s2 = 0.75 s1 + 0.25 g2^2 = [0.024375, 0.0075], sb = 0.07
    # W[0]: 0.80000004 - 0.1 * 0.3 / 0.156125 = 0.6078462677; W[1]: g2 = 0, unchanged
    # b: 0.30000001 + 0.1 * 0.4 / 0.2645751311 = 0.4511857935
    np.testing.assert_allclose(state_2["s"]["dW1"], [[0.024375, 0.0075]], rtol=1e-14)
    np.testing.assert_allclose(second["W1"], [[0.6078462677, -1.80000002]], rtol=1e-9)
    np.testing.assert_allclose(second["b1"], [[0.4511857935]], rtol=1e-9)


def test_adam_two_steps():
    first, second, state, state_2 = two_steps({"optimizer": "adam", "beta1": 0.9, "beta2": 0.999, "optimizer_epsilon": 1e-8})
    # t = 1: v_hat = g, s_hat = g^2, so the step is 0.1 * sign(g) (less 0.1 * 1e-8 / |g|)
    np.testing.assert_allclose(first["W1"], [[0.90000001, -1.900000005]], rtol=1e-9)
    np.testing.assert_allclose(first["b1"], [[0.4000000025]], rtol=1e-9)
    np.testing.assert_allclose(state["v"]["dW1"], [[0.01, -0.02]], rtol=1e-14)
    np.testing.assert_allclose(state["s"]["dW1"], [[1e-5, 4e-5]], rtol=1e-12)
    # t = 2: v = 0.9 v1 + 0.1 g2 = [0.039, -0.018], vb = -0.004; v_hat = v / 0.19
    #        s = 0.999 s1 + 0.001 g2^2 = [9.999e-5, 3.996e-5], sb = 3.1984e-4; s_hat = s / 0.001999
    # W[0]: 0.90000001 - 0.1 * 0.2052631579 / 0.2236515265 = 0.8082219022
    # W[1]: -1.900000005 + 0.1 * 0.0947368421 / 0.1413862 = -1.8329941843
    # b: sb_hat = 0.16 exactly, sqrt 0.4: 0.4000000025 + 0.1 * 0.0210526316 / 0.4 = 0.4052631603
    np.testing.assert_allclose(state_2["v"]["dW1"], [[0.039, -0.018]], rtol=1e-13)
    np.testing.assert_allclose(state_2["s"]["db1"], [[3.1984e-4]], rtol=1e-12)
    np.testing.assert_allclose(second["W1"], [[0.8082219022, -1.8329941843]], rtol=1e-9)
    np.testing.assert_allclose(second["b1"], [[0.4052631603]], rtol=1e-9)


def test_adam_bias_correction_uses_t():
    # the same state at t = 1 and t = 2 must give different steps (v_hat depends on t)
    options = {"optimizer": "adam"}
    state = nnparity_numpy.initialize_optimizer(PARAMS, "adam")
    at_1, _ = nnparity_numpy.update_parameters(PARAMS, GRADS_1, state, options, 1, 0.1)
    at_2, _ = nnparity_numpy.update_parameters(PARAMS, GRADS_1, state, options, 2, 0.1)
    # t = 2 from zero state: v_hat = 0.1 g / 0.19, s_hat = 0.001 g^2 / 0.001999: step 0.1 * 0.5263158 / 0.7072836
    np.testing.assert_allclose(at_2["W1"][0, 0], 1 - 0.1 * 0.5263157895 / 0.7072836, rtol=1e-7)
    assert at_1["W1"][0, 0] != at_2["W1"][0, 0]


@pytest.mark.parametrize("schedule,epoch,expected", [
    ("none", 0, 0.1), ("none", 5, 0.1),
    ("exponential", 0, 0.1), ("exponential", 1, 0.05), ("exponential", 3, 0.0125),
    ("inverse_time", 0, 0.1), ("inverse_time", 1, 0.1 / 1.5), ("inverse_time", 4, 0.1 / 3.0),
])
def test_learning_rate_schedules(schedule, epoch, expected):
    options = {"learning_rate": 0.1, "decay_rate": 0.5, "lr_schedule": schedule}
    assert nnparity_numpy.scheduled_learning_rate(options, epoch) == pytest.approx(expected, rel=1e-15)
