"""Analytic gradients against finite differences on every hidden x output pair.

The reference is mathematical: the two-sided difference of the cost. Small random problems with
he / xavier weights keep the rounding noise of the quotient far below the gradients, so a correct
backward pass lands in the <= 1e-7 band.
"""

import importlib

import numpy as np
import pytest

import nnparity_numpy
from nnparity_numpy_testing import load_dataset, make_masks, make_problem

gradient_check_module = importlib.import_module("nnparity_numpy.gradient_check")

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
        record = nnparity_numpy.gradient_check(X, Y, params, options, masks)
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
    with_dropout = nnparity_numpy.gradient_check(X, Y, params, dict(base, keep_prob=0.5), masks)
    without = nnparity_numpy.gradient_check(X, Y, params, base, [])
    assert with_dropout["difference"] <= 1e-7
    assert not np.allclose(with_dropout["grad"], without["grad"])


def scaled_backward(name, factor):
    """backward_propagation with one planted bug: grads[name] scaled by `factor`."""
    def buggy(*args):
        grads = nnparity_numpy.backward_propagation(*args)
        grads[name] = grads[name] * factor
        return grads
    return buggy


def tensor_verdicts(record):
    return {name: gradient_check_module.gradient_verdict(record["tensor_differences"][name],
                                                         record["tensor_errors"][name], record["tensor_noise"][name])
            for name in record["tensor_differences"]}


@pytest.mark.parametrize("mode", ["plain", "full", "fast"])
@pytest.mark.parametrize("name", ["dW1", "db1", "dW2", "db2"])
def test_planted_bug_is_caught_in_its_tensor_only(monkeypatch, mode, name):
    # The book's classic exercise: one gradient tensor twice too large. The check must blame that
    # tensor (|2g - g| / (|2g| + |g|) = 1/3) and pass every other one.
    layer_dims = [3, 5, 1]
    X, Y, params = make_problem(layer_dims, "sigmoid", m=10, seed=2)
    options = {"grad_check_mode": mode, "seed": 0}
    assert nnparity_numpy.gradient_check(X, Y, params, options, [])["verdict"] == "correct"
    monkeypatch.setattr(gradient_check_module, "backward_propagation_unchecked", scaled_backward(name, 2.0))
    record = nnparity_numpy.gradient_check(X, Y, params, options, [])
    verdicts = tensor_verdicts(record)
    assert record["verdict"] == verdicts[name] == "bug"
    assert all(verdict == "correct" for other, verdict in verdicts.items() if other != name), verdicts
    if mode != "fast":  # a directional tensor reports its worst direction, not the norm ratio
        assert record["tensor_differences"][name] == pytest.approx(1 / 3, rel=1e-6)
    assert record["tensor_modes"][name] == "full"  # fast falls back to naming the components


def tiny_gradient_network():
    """circles, [2, 5, 1], sigmoid hidden units, weights ~1e-3: J ~ log 2 while many gradients are
    ~1e-9, so eps = 1e-7 quotients (noise ~ ulp(J) / eps ~ 1e-9) cannot resolve them."""
    X, Y = load_dataset("circles")
    rng = np.random.default_rng(0)
    params = {"W1": rng.standard_normal((5, 2)) * 1e-3, "b1": np.zeros((5, 1)),
              "W2": rng.standard_normal((1, 5)) * 1e-3, "b2": np.zeros((1, 1))}
    options = {"hidden_activation": "sigmoid", "grad_check_epsilon": 1e-7, "seed": 0}
    return X, Y, params, options


@pytest.mark.parametrize("mode", ["plain", "full", "fast"])
def test_noise_floor_makes_unresolvable_tensors_indeterminate_not_bugs(mode):
    X, Y, params, options = tiny_gradient_network()
    record = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode=mode), [])
    verdicts = tensor_verdicts(record)
    noisy = [name for name in verdicts if record["tensor_differences"][name] > 1e-5]
    assert noisy  # e.g. dW1 and db1, differences ~1e-3
    assert all(verdicts[name] == "indeterminate" for name in noisy), verdicts
    assert all(record["tensor_errors"][name] <= record["tensor_noise"][name] for name in verdicts)
    assert record["verdict"] in ("correct", "passes", "indeterminate")
    if mode == "fast":  # within the noise floor a tensor does not fall back to the per-component check
        assert set(record["tensor_modes"].values()) == {"directional"}


@pytest.mark.parametrize("mode", ["plain", "full", "fast"])
def test_noise_floor_does_not_hide_a_planted_bug(monkeypatch, mode):
    X, Y, params, options = tiny_gradient_network()
    monkeypatch.setattr(gradient_check_module, "backward_propagation_unchecked", scaled_backward("dW2", 2.0))
    record = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode=mode), [])
    verdicts = tensor_verdicts(record)
    assert verdicts["dW2"] == "bug" and record["verdict"] == "bug"
    assert record["tensor_errors"]["dW2"] > 100 * record["tensor_noise"]["dW2"]
    assert all(verdicts[name] != "bug" for name in verdicts if name != "dW2")


def test_noise_floor_by_hand():
    # One sigmoid unit, two examples: cost_magnitude = mean loss + mean |dZ| (|W| |x| + |b|) + L2,
    # eta = 2^-52 sqrt(m) cost_magnitude / eps.
    X = np.array([[1.0, -2.0]])
    Y = np.array([[1.0, 0.0]])
    params = {"W1": np.array([[0.5]]), "b1": np.array([[0.25]])}
    options = nnparity_numpy.check_options("test", {"lambd": 0.3, "grad_check_epsilon": 1e-6})
    AL, caches = nnparity_numpy.forward_propagation(X, params, "relu", "sigmoid", 1, [])
    z = np.array([0.75, -0.75])
    a = 1 / (1 + np.exp(-z))
    losses = np.array([-np.log(a[0]), -np.log(1 - a[1])])
    magnitude = losses.mean() + np.mean(np.abs(a - Y[0]) * np.array([0.75, 1.25])) + (0.3 / 4) * 0.25
    expected = 2.0 ** -52 * np.sqrt(2) * magnitude / 1e-6
    eta = gradient_check_module.finite_difference_noise(AL, Y, caches, params, options)
    assert eta == pytest.approx(expected, rel=1e-13)
    record = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="plain"), [])
    assert record["noise"] == pytest.approx(eta * np.sqrt(2), rel=1e-15)  # two compared components
    assert record["tensor_noise"] == pytest.approx({"dW1": eta, "db1": eta}, rel=1e-15)


def test_gradient_verdict_bands():
    verdict = gradient_check_module.gradient_verdict
    assert verdict(1e-8, 1.0, 0.0) == "correct"
    assert verdict(1e-6, 1.0, 0.0) == "passes"
    assert verdict(1e-6, 0.0, 1.0) == "passes"  # passing needs no noise floor
    assert verdict(1e-4, 1.0, 0.5) == "suspicious"
    assert verdict(0.3, 1.0, 0.5) == "bug"
    assert verdict(0.3, 0.5, 0.5) == "indeterminate"  # error within the noise: cannot tell
    assert verdict(float("nan"), 0.0, 1.0) == "bug"
    assert verdict(0.3, float("nan"), 1.0) == "bug"


def test_difference_is_zero_when_both_norms_are_zero():
    # relu network whose hidden units are all dead (W1 x + b1 < 0 for x = 1, 2) and W2 = 0: the
    # output is sigmoid(0) = 0.5 for both examples, so dZ2 = [0.5 - 1, 0.5 - 0] sums to 0 and
    # every gradient is exactly 0; J is symmetric in b2 for Y = [1, 0], so the approximation is too.
    X = np.array([[1.0, 2.0]])
    Y = np.array([[1.0, 0.0]])
    params = {"W1": np.array([[-1.0], [-2.0]]), "b1": np.array([[-1.0], [-1.0]]),
              "W2": np.zeros((1, 2)), "b2": np.zeros((1, 1))}
    record = nnparity_numpy.gradient_check(X, Y, params, {"grad_check_mode": "plain"}, [])
    assert record["tensor_differences"]["dW1"] == 0.0
    assert record["tensor_differences"]["db1"] == 0.0
    assert record["tensor_differences"]["dW2"] == 0.0
    assert record["difference"] == 0.0
