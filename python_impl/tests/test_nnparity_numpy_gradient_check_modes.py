"""Fast gradient checking (issue #5): "full" equals "plain", "fast" finds what "plain" finds, kinks.

"full" computes the perturbed costs through rank-one updates instead of fresh forward passes, so
each cost can differ from the plain one in its last bits: the two quotients agree to a few units
in the last place of J divided by 2 eps (ULPS_OF_J below), not bit for bit.
"""

import importlib
import importlib.util
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

import nnparity_numpy
from nnparity_numpy_testing import load_dataset, make_masks, make_problem

gradient_check_module = importlib.import_module("nnparity_numpy.gradient_check")
ULPS_OF_J = 8


def cost_of(X, Y, params, options, masks, package=nnparity_numpy):
    options = package.check_options("cost_of", options)  # fills in the defaults
    _, caches = package.forward_propagation(X, params, options["hidden_activation"], options["output_activation"],
                                            options["keep_prob"], masks)
    return package.compute_cost(caches[-1]["Z"], Y, options["output_activation"], params, options["lambd"])


def assert_same_approximation(full, plain, J, epsilon=1e-7):
    tolerance = ULPS_OF_J * np.spacing(J) / (2 * epsilon)
    np.testing.assert_allclose(full["gradapprox"], plain["gradapprox"], atol=tolerance, rtol=1e-6)
    assert full["verdict"] == plain["verdict"]
    np.testing.assert_array_equal(full["kink_indices"], plain["kink_indices"])
    np.testing.assert_array_equal(full["grad"], plain["grad"])


CASES = [
    # (layer_dims, hidden, output, lambd, keep_prob)
    ([3, 5, 1], "relu", "sigmoid", 0.0, 1.0),
    ([3, 6, 4, 3], "leaky_relu", "softmax", 0.3, 1.0),
    ([4, 5, 4, 3, 1], "tanh", "sigmoid", 0.0, 0.7),
    ([3, 4, 4, 4], "sigmoid", "softmax", 0.5, 0.8),
    ([2, 7, 2], "relu", "softmax", 0.1, 0.6),
]


@pytest.mark.parametrize("layer_dims,hidden,output,lambd,keep_prob", CASES)
def test_full_equals_plain(layer_dims, hidden, output, lambd, keep_prob):
    X, Y, params = make_problem(layer_dims, output, m=15, seed=len(layer_dims))
    masks = make_masks(layer_dims, 15, keep_prob) if keep_prob < 1 else []
    options = {"hidden_activation": hidden, "output_activation": output, "lambd": lambd, "keep_prob": keep_prob}
    plain = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="plain"), masks)
    full = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="full"), masks)
    assert_same_approximation(full, plain, cost_of(X, Y, params, options, masks))
    assert abs(full["difference"] - plain["difference"]) <= 1e-8


def test_full_equals_plain_on_spiral_and_full_is_the_default():
    X, Y = load_dataset("spiral")
    params = nnparity_numpy.initialize_parameters([2, 20, 10, 3], "he", seed=3)
    options = {"output_activation": "softmax", "lambd": 0.2}
    plain = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="plain"), [])
    full = nnparity_numpy.gradient_check(X, Y, params, options, [])
    assert set(full["tensor_modes"].values()) == {"full"}  # full is the default mode
    assert_same_approximation(full, plain, cost_of(X, Y, params, options, []))
    assert plain["difference"] <= 1e-7


def test_full_mode_chunks_give_the_same_numbers(monkeypatch):
    layer_dims = [6, 8, 5, 3]
    X, Y, params = make_problem(layer_dims, "softmax", m=20, seed=4)
    options = {"output_activation": "softmax", "keep_prob": 0.75, "lambd": 0.2}
    masks = make_masks(layer_dims, 20, 0.75)
    whole = nnparity_numpy.gradient_check(X, Y, params, options, masks)
    monkeypatch.setattr(gradient_check_module, "MAX_STACK_ELEMENTS", 1)  # one perturbation at a time
    chunked = nnparity_numpy.gradient_check(X, Y, params, options, masks)
    np.testing.assert_array_equal(chunked["gradapprox"], whole["gradapprox"])


@pytest.mark.parametrize("hidden,keep_prob", [("relu", 1.0), ("relu", 0.6), ("tanh", 0.6)])
def test_full_mode_runs_only_the_moved_examples(monkeypatch, hidden, keep_prob):
    # Zero inputs, inactive relu units and dropped units leave an example's loss as it was: full
    # mode stacks only the (version, example) columns that move, and still equals plain.
    layer_dims = [5, 6, 4, 3]
    m = 20
    X, Y, params = make_problem(layer_dims, "softmax", m=m, seed=14)
    X[np.random.default_rng(15).random(X.shape) < 0.5] = 0.0
    masks = make_masks(layer_dims, m, keep_prob) if keep_prob < 1 else []
    options = {"hidden_activation": hidden, "output_activation": "softmax", "keep_prob": keep_prob, "lambd": 0.2}
    stacked = {"columns": 0, "versions": 0}
    stacked_costs = gradient_check_module.stacked_costs

    def spy(ZL, Y, options, squared_norms, versions, examples, reference_losses):
        assert ZL.shape[1] == versions.shape[0] == examples.shape[0]
        assert np.all(np.diff(versions) >= 0)  # each version's columns side by side
        assert np.all(np.diff(versions * m + examples) > 0)  # each (version, example) at most once
        stacked["columns"] += ZL.shape[1]
        stacked["versions"] += squared_norms.shape[1]
        return stacked_costs(ZL, Y, options, squared_norms, versions, examples, reference_losses)

    monkeypatch.setattr(gradient_check_module, "stacked_costs", spy)
    full = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="full"), masks)
    plain = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="plain"), masks)
    assert_same_approximation(full, plain, cost_of(X, Y, params, options, masks))
    assert stacked["versions"] == 2 * full["grad"].shape[0]
    assert stacked["columns"] < 0.8 * stacked["versions"] * m


def scaled_gradient(name, factor, entry=None):
    """A backward_propagation with one planted bug: grads[name] (or one entry of it) scaled."""
    def buggy(*args):
        grads = nnparity_numpy.backward_propagation(*args)
        if entry is None:
            grads[name] = grads[name] * factor
        else:
            grads[name] = grads[name].copy()
            grads[name][entry] += factor
        return grads
    return buggy


def test_fast_catches_a_doubled_tensor_like_plain(monkeypatch):
    layer_dims = [3, 6, 5, 1]
    X, Y, params = make_problem(layer_dims, "sigmoid", m=20, seed=6)
    options = {"hidden_activation": "tanh", "seed": 0}
    correct = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="fast"), [])
    assert correct["verdict"] == "correct"
    assert set(correct["tensor_modes"].values()) == {"directional"}
    assert np.all(np.isnan(correct["gradapprox"]))  # nothing was checked per component

    monkeypatch.setattr(gradient_check_module, "backward_propagation_unchecked", scaled_gradient("dW2", 2.0))
    plain = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="plain"), [])
    fast = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="fast"), [])
    assert plain["verdict"] == fast["verdict"] == "bug"
    assert fast["tensor_modes"] == {"dW1": "directional", "db1": "directional", "dW2": "full",
                                    "db2": "directional", "dW3": "directional", "db3": "directional"}
    # the failing tensor was checked per component, like plain; |2g - g| / (|2g| + |g|) = 1/3
    start, end = gradient_check_module.tensor_slices(layer_dims)["dW2"]
    np.testing.assert_allclose(fast["gradapprox"][start:end], plain["gradapprox"][start:end], atol=1e-8)
    assert fast["tensor_differences"]["dW2"] == pytest.approx(1 / 3, rel=1e-5)
    assert fast["tensor_differences"]["dW1"] <= 1e-5


def test_fast_catches_one_wrong_entry_of_a_50_by_100_dW(monkeypatch):
    layer_dims = [2, 100, 50, 3]
    X, Y, params = make_problem(layer_dims, "softmax", m=20, seed=7)
    options = {"output_activation": "softmax", "seed": 1}
    AL, caches = nnparity_numpy.forward_propagation(X, params, "relu", "softmax", 1, [])
    dW2 = nnparity_numpy.backward_propagation(AL, Y, caches, "relu", "softmax", 0, 1)["dW2"]
    assert dW2.shape == (50, 100)
    planted = (17, 42)
    monkeypatch.setattr(gradient_check_module, "backward_propagation_unchecked",
                        scaled_gradient("dW2", 0.05 * np.linalg.norm(dW2), entry=planted))
    fast = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="fast"), [])
    assert fast["verdict"] != "correct"
    # dW2 fails its directional check and is checked per component. (A small tensor may fail
    # too without a bug: softmax db3 sums to 0 over the classes, so d = +-(1, 1, 1) gives a
    # directional derivative of ~0 and a noise-dominated relative difference; it is then
    # checked per component, which costs little and passes.)
    assert fast["tensor_modes"]["dW2"] == "full"
    assert fast["tensor_modes"]["dW1"] == "directional"
    assert all(fast["tensor_differences"][name] <= 1e-5 for name in fast["tensor_modes"] if name != "dW2")
    start, end = gradient_check_module.tensor_slices(layer_dims)["dW2"]
    errors = np.abs(fast["grad"][start:end] - fast["gradapprox"][start:end]).ravel()
    assert np.argmax(errors) == planted[1] * 50 + planted[0]  # column-major position of (17, 42)
    full = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="full"), [])
    assert full["verdict"] != "correct"  # the per-component check sees it too
    np.testing.assert_allclose(fast["gradapprox"][start:end], full["gradapprox"][start:end], atol=1e-12)


def test_fast_directions_follow_the_seed_and_count():
    layer_dims = [3, 4, 1]
    X, Y, params = make_problem(layer_dims, "sigmoid", m=10, seed=1)
    options = {"grad_check_mode": "fast", "grad_check_directions": 3, "seed": 5, "hidden_activation": "tanh"}
    first = nnparity_numpy.gradient_check(X, Y, params, options, [])
    again = nnparity_numpy.gradient_check(X, Y, params, options, None)
    assert first["tensor_noise"]["dW1"] == pytest.approx(first["noise"] / np.sqrt(4 * 3) * np.sqrt(3))  # 4 tensors of K = 3 pairs
    for key in ("tensor_differences", "tensor_errors"):
        assert first[key] == again[key]
    # the seed's draw is the P x K matrix rng.integers(0, 2, (P, K)) * 2 - 1
    drawn = np.random.default_rng(5).integers(0, 2, size=(21, 3)) * 2.0 - 1.0
    explicit = nnparity_numpy.gradient_check(X, Y, params, options, [], drawn)
    assert explicit["tensor_errors"] == first["tensor_errors"]


def test_fast_with_explicit_directions_is_repeatable_and_analytic_is_g_dot_d(monkeypatch):
    layer_dims = [3, 5, 4, 2]
    X, Y, params = make_problem(layer_dims, "softmax", m=12, seed=11)
    options = {"grad_check_mode": "fast", "output_activation": "softmax", "hidden_activation": "tanh", "lambd": 0.3}
    slices = gradient_check_module.tensor_slices(layer_dims)
    P = slices["db3"][1]
    directions = np.random.default_rng(21).integers(0, 2, size=(P, 5)) * 2.0 - 1.0
    seen = {}
    summarise = gradient_check_module.summarise_check

    def spy(grad, gradapprox, kinked, slices, tensor_modes, directional, noise):
        seen.update(directional)
        return summarise(grad, gradapprox, kinked, slices, tensor_modes, directional, noise)

    monkeypatch.setattr(gradient_check_module, "summarise_check", spy)
    first = nnparity_numpy.gradient_check(X, Y, params, options, [], directions)
    first_pairs = {name: (pair["analytic"].copy(), pair["numeric"].copy()) for name, pair in seen.items()}
    again = nnparity_numpy.gradient_check(X, Y, params, options, [], directions.copy())
    assert set(first["tensor_modes"].values()) == {"directional"}
    for key in ("difference", "error", "noise", "verdict", "tensor_differences", "tensor_errors", "tensor_noise"):
        assert first[key] == again[key]
    for name, (start, end) in slices.items():
        np.testing.assert_array_equal(seen[name]["numeric"], first_pairs[name][1])
        # tensor t uses the rows of its own slice: analytic = g_t' d_k for every direction k
        np.testing.assert_allclose(first_pairs[name][0], first["grad"][start:end, 0] @ directions[start:end], rtol=1e-14, atol=1e-17)
        assert first_pairs[name][0].shape == (5,)
        assert first["tensor_noise"][name] == pytest.approx(first["noise"] / np.sqrt(len(slices) * 5) * np.sqrt(5))
    other = nnparity_numpy.gradient_check(X, Y, params, options, [], -directions)  # d -> -d flips both signs
    assert other["tensor_differences"] == pytest.approx(first["tensor_differences"], rel=1e-6, abs=1e-12)


def test_bad_directions_are_rejected():
    X, Y, params = make_problem([2, 3, 1], "sigmoid", m=5, seed=0)
    options = {"grad_check_mode": "fast"}
    for bad in (np.ones((12, 2)), np.full((13, 2), 0.5), np.ones(13)):
        with pytest.raises(nnparity_numpy.BadInput, match=r"^\[python\] gradient_check: 'directions' must be"):
            nnparity_numpy.gradient_check(X, Y, params, options, [], bad)


def kink_case(hidden):
    """A relu-type net where example 0 is x = 0 and b1[0] = 0, so z1[0, 0] = 0 exactly."""
    layer_dims = [2, 4, 3, 1]
    X, Y, params = make_problem(layer_dims, "sigmoid", m=12, seed=9)
    X[:, 0] = 0.0
    params["b1"][0, 0] = 0.0
    options = {"hidden_activation": hidden}
    return X, Y, params, options, 2 * 4  # b1[0] comes right after the 8 entries of W1


@pytest.mark.parametrize("hidden", ["relu", "leaky_relu"])
def test_kinks_are_reported_and_left_out(hidden):
    X, Y, params, options, b1_0 = kink_case(hidden)
    # z1[0, 0] = 0: +eps on b1[0] makes it positive; W1[0, :] multiply x = 0 and leave it at 0
    plain = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="plain"), [])
    full = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="full"), [])
    for record in (plain, full):
        np.testing.assert_array_equal(record["kink_indices"], [[b1_0]])
        assert record["n_kinks"] == 1
        assert record["difference"] <= 1e-7 < record["difference_all"]
    assert_same_approximation(full, plain, cost_of(X, Y, params, dict(options, output_activation="sigmoid"), []))


def test_no_kinks_for_smooth_activations_or_generic_points():
    X, Y, params, options, _ = kink_case("tanh")
    assert nnparity_numpy.gradient_check(X, Y, params, options, [])["n_kinks"] == 0
    X, Y, params = make_problem([2, 4, 3, 1], "sigmoid", m=12, seed=9)
    record = nnparity_numpy.gradient_check(X, Y, params, {}, [])
    assert record["n_kinks"] == 0 and record["kink_indices"].shape == (0, 1)
    assert record["difference"] == record["difference_all"]


def test_grad_check_directions_must_be_positive():
    X, Y, params = make_problem([2, 3, 1], "sigmoid", m=5, seed=0)
    with pytest.raises(nnparity_numpy.BadInput, match=r"^\[python\] gradient_check: 'grad_check_directions' must be"):
        nnparity_numpy.gradient_check(X, Y, params, {"grad_check_mode": "fast", "grad_check_directions": 0}, [])


def mutated_copy(tmp_path, file, original, replacement):
    """nnparity_numpy copied with one textual bug, imported under a module name of its own (as the harness does)."""
    target = tmp_path / "nnparity_numpy_copy"
    shutil.copytree(Path(nnparity_numpy.__file__).parent, target, ignore=shutil.ignore_patterns("__pycache__"))
    text = (target / file).read_text()
    assert text.count(original) == 1
    (target / file).write_text(text.replace(original, replacement))
    name = f"nnparity_numpy_mutated_{tmp_path.name}"
    spec = importlib.util.spec_from_file_location(name, target / "__init__.py", submodule_search_locations=[str(target)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("original,replacement,options", [
    ("terms = softplus(ZL) - Y * ZL", "terms = softplus(ZL) - (1 - Y) * ZL", {}),  # the two log terms swapped
    ("l2_cost = (lambd / (2 * m))", "l2_cost = 0 * (lambd / (2 * m))", {"lambd": 0.5}),
])
def test_full_follows_a_bug_in_the_cost_like_plain(tmp_path, original, replacement, options):
    # A bug in cost.py makes cost and gradient disagree; "full" must see the same (buggy) cost as
    # "plain", so both report it, with the same approximation.
    buggy = mutated_copy(tmp_path, "cost.py", original, replacement)
    layer_dims = [3, 5, 4, 1]
    X, Y, params = make_problem(layer_dims, "sigmoid", m=15, seed=12)
    plain = buggy.gradient_check(X, Y, params, dict(options, grad_check_mode="plain"), [])
    full = buggy.gradient_check(X, Y, params, dict(options, grad_check_mode="full"), [])
    assert plain["verdict"] == "bug"
    assert_same_approximation(full, plain, cost_of(X, Y, params, options, [], package=buggy))
    assert nnparity_numpy.gradient_check(X, Y, params, options, [])["verdict"] == "correct"


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_full_equals_plain_without_hidden_layers(output):
    # L = 1: the changed row is a row of ZL itself, no later layer to run
    layer_dims = [4, 1 if output == "sigmoid" else 3]
    X, Y, params = make_problem(layer_dims, output, m=9, seed=13)
    options = {"output_activation": output, "lambd": 0.4}
    plain = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="plain"), [])
    full = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="full"), [])
    assert_same_approximation(full, plain, cost_of(X, Y, params, options, []))
    fast = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="fast", seed=2), [])
    assert fast["verdict"] == plain["verdict"] == "correct"
