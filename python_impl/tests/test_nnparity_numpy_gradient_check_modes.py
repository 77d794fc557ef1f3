"""Fast gradient checking (issue #5): "full" equals "plain", "fast" finds what "plain" finds, kinks.

"full" computes the perturbed costs through rank-one updates instead of fresh forward passes, so
each cost can differ from the plain one in its last bits: the two quotients agree to a few units
in the last place of J divided by 2 eps (ULPS_OF_J below), not bit for bit.
"""

import importlib
import importlib.util
import shutil
import warnings
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

    def spy(losses, Y, options, squared_norms, versions, examples, reference_losses):
        assert losses.shape == versions.shape == examples.shape  # one loss per moved column
        assert np.all(np.diff(versions) >= 0)  # each version's columns side by side
        assert np.all(np.diff(versions * m + examples) > 0)  # each (version, example) at most once
        stacked["columns"] += losses.shape[0]
        stacked["versions"] += squared_norms.shape[1]
        return stacked_costs(losses, Y, options, squared_norms, versions, examples, reference_losses)

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


# The helpers of "full" mode's softmax series (loss_expansion, expanded_losses) and of its stack
# (stacked_row_change's moves, moved_stack), as in Octave's %!test blocks.

def test_loss_expansion_against_the_moved_logits():
    # For a hidden unit (W) and a logit (eye): the series is the change of the loss.
    rng = np.random.default_rng(7)
    ZL, W = rng.standard_normal((4, 6)), rng.standard_normal((4, 5))
    Y = np.array([[0.0, 3, 1, 2, 2, 0]])
    expansion = gradient_check_module.loss_expansion(W, ZL, Y)
    reference = nnparity_numpy.cross_entropy_terms(ZL, Y, "softmax")
    d = 3e-6
    for i in (0, 3):
        moved = nnparity_numpy.cross_entropy_terms(ZL + W[:, [i]] * d, Y, "softmax")
        series = (np.log1p(d * (expansion["P1"][i] + d * (expansion["P2"][i] + d * expansion["P3"][i])))
                  - d * expansion["label_weights"][i])
        np.testing.assert_allclose(series, (moved - reference)[0], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(expansion["reach"], np.max(np.abs(W), axis=0))
    assert expansion["REACH"] == 1e-4
    logits = gradient_check_module.loss_expansion(np.eye(4), ZL, Y)
    np.testing.assert_array_equal(logits["label_weights"], (np.arange(4)[:, None] == Y).astype(np.float64))
    np.testing.assert_array_equal(logits["reach"], np.ones(4))


def test_loss_expansion_of_an_infinite_logit_is_nan_in_its_column_only():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # quietly
        expansion = gradient_check_module.loss_expansion(np.array([[1.0, 2], [3, 4]]), np.array([[np.inf, 1], [0, 2]]),
                                                         np.array([[0.0, 1]]))
    assert np.all(np.isnan(expansion["P1"][:, 0]))
    assert np.all(np.isfinite(expansion["P1"][:, 1]))


def test_expanded_losses_fit_small_steps_only():
    # Small steps fit and give the moved logits' losses; a large step does not fit.
    rng = np.random.default_rng(3)
    ZL, W = rng.standard_normal((3, 4)), rng.standard_normal((3, 2))
    Y = np.array([[2.0, 0, 1, 1]])
    reference = nnparity_numpy.cross_entropy_terms(ZL, Y, "softmax")
    expansion = gradient_check_module.loss_expansion(W, ZL, Y)
    units, examples, steps = np.array([0, 1, 1]), np.array([3, 0, 2]), np.array([2e-7, -5e-6, 1])
    losses, fits = gradient_check_module.expanded_losses(expansion, units, examples, steps, reference)
    np.testing.assert_array_equal(fits, [True, True, False])
    moved = ZL[:, examples] + W[:, units] * steps
    exact = nnparity_numpy.cross_entropy_terms(moved, Y[:, examples], "softmax")[0]
    np.testing.assert_allclose(losses[fits], exact[fits], rtol=0, atol=1e-15)


def test_expanded_losses_of_a_nan_step_or_an_infinite_reference_do_not_fit():
    expansion = gradient_check_module.loss_expansion(np.array([[1.0, 2], [3, 4]]), np.array([[0.0, 1], [0, 2]]),
                                                     np.array([[0.0, 1]]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # quietly
        _, fits = gradient_check_module.expanded_losses(expansion, np.array([0, 1]), np.array([0, 1]),
                                                        np.array([np.nan, 1e-8]), np.array([[0.5, np.inf]]))
    np.testing.assert_array_equal(fits, [False, False])


def tiny_net(output="softmax"):
    params = {"W1": np.array([[1.0], [-1]]), "b1": np.zeros((2, 1)),
              "W2": np.array([[2.0, 3], [4, 5]]) if output == "softmax" else np.array([[1.0, 1]]),
              "b2": np.zeros((2 if output == "softmax" else 1, 1))}
    _, caches = nnparity_numpy.forward_propagation(np.array([[1.0, 2]]), params, "relu", output, 1, [])
    return params, caches


def test_moved_stack_pushes_a_hidden_change_and_replaces_a_logit():
    params, caches = tiny_net()
    Z2 = caches[1]["Z"]
    moves = {"examples": np.array([1, 0]), "versions": np.array([0, 1]), "units": np.array([0, 0]),
             "old": np.array([2.0, 1]), "new": np.array([1.5, 0])}
    Z = gradient_check_module.moved_stack(1, moves, params, caches)
    np.testing.assert_array_equal(Z, np.column_stack([Z2[:, 1] - 0.5 * np.array([2, 4]), Z2[:, 0] - np.array([2, 4])]))
    assert Z.flags.c_contiguous  # the stack runs through the later layers C-ordered
    moves["units"] = np.array([1, 0])
    Z = gradient_check_module.moved_stack(2, moves, params, caches)
    np.testing.assert_array_equal(Z, [[Z2[0, 1], 0], [1.5, Z2[1, 0]]])
    assert Z.flags.c_contiguous
    none = {key: row[:0] for key, row in moves.items()}
    assert gradient_check_module.moved_stack(1, none, params, caches).shape == (2, 0)


def test_stacked_row_change_moves_against_whole_forward_passes():
    # A weight and a bias of layer 1 (pushed into Z_2) and a weight and a bias of the output layer
    # (a logit replaced), against forward passes with the changed parameter.
    layer_dims = [3, 4, 2]
    X, _, params = make_problem(layer_dims, "softmax", m=5, seed=4, init="xavier")
    masks = make_masks(layer_dims, 5, 0.7, seed=4)
    options = nnparity_numpy.check_options("t", {"hidden_activation": "tanh", "output_activation": "softmax",
                                                 "keep_prob": 0.7})
    _, caches = nnparity_numpy.forward_propagation(X, params, "tanh", "softmax", 0.7, masks)

    def changed(name, entry, step):
        other = {key: value.copy() for key, value in params.items()}
        other[name][entry] += step
        return nnparity_numpy.forward_propagation(X, other, "tanh", "softmax", 0.7, masks)[1]

    moves, crossed = gradient_check_module.stacked_row_change(1, np.array([1, 3]), np.array([2, 3]),
                                                             np.array([0.25, -0.5]), params, options, masks, caches)
    # version 0 moves the examples where unit 1 is kept (tanh always moves), version 1 those of unit 3
    moved = [np.flatnonzero(masks[0][1]), np.flatnonzero(masks[0][3])]
    np.testing.assert_array_equal(moves["examples"], np.concatenate(moved))
    np.testing.assert_array_equal(moves["versions"], np.repeat([0, 1], [len(moved[0]), len(moved[1])]))
    np.testing.assert_array_equal(moves["units"], np.repeat([1, 3], [len(moved[0]), len(moved[1])]))
    np.testing.assert_array_equal(moves["old"], np.concatenate([caches[1]["linear_cache"][0][1, moved[0]],
                                                                caches[1]["linear_cache"][0][3, moved[1]]]))
    Z = gradient_check_module.moved_stack(1, moves, params, caches)
    expected = np.hstack([changed("W1", (1, 2), 0.25)[1]["Z"][:, moved[0]], changed("b1", (3, 0), -0.5)[1]["Z"][:, moved[1]]])
    np.testing.assert_allclose(Z, expected, rtol=0, atol=1e-14)
    np.testing.assert_array_equal(crossed, [False, False])
    # Output layer: version 0 moves the examples with A_1[1, :] != 0, version 1 (a bias) all of
    # them, version 2 (a zero step) none; old and new are the logits.
    moves, _ = gradient_check_module.stacked_row_change(2, np.array([0, 1, 0]), np.array([1, 4, 0]),
                                                        np.array([0.125, 0.5, 0]), params, options, masks, caches)
    moved = np.flatnonzero(caches[1]["linear_cache"][0][1])
    np.testing.assert_array_equal(moves["examples"], np.concatenate([moved, np.arange(5)]))
    np.testing.assert_array_equal(moves["versions"], np.repeat([0, 1], [len(moved), 5]))
    np.testing.assert_array_equal(moves["old"], np.concatenate([caches[1]["Z"][0, moved], caches[1]["Z"][1]]))
    Z = gradient_check_module.moved_stack(2, moves, params, caches)
    expected = np.hstack([changed("W2", (0, 1), 0.125)[1]["Z"][:, moved], changed("b2", (1, 0), 0.5)[1]["Z"]])
    np.testing.assert_allclose(Z, expected, rtol=0, atol=1e-14)
    np.testing.assert_allclose(moves["new"], Z[moves["units"], np.arange(Z.shape[1])], rtol=0, atol=0)


def test_stacked_row_change_flags_a_crossing_relu_row_and_moves_nothing_inactive():
    # Z1 = [1 2; -1 -2]: unit 0 moved by -1.5 x crosses 0 on both examples (A1 row [1 2] -> [0 0]);
    # unit 1 moved by 0.5 x stays <= 0: neither example moves.
    params, caches = tiny_net("sigmoid")
    options = nnparity_numpy.check_options("t", {})
    moves, crossed = gradient_check_module.stacked_row_change(1, np.array([0, 1]), np.array([0, 0]),
                                                             np.array([-1.5, 0.5]), params, options, [], caches)
    np.testing.assert_array_equal(crossed, [True, False])
    np.testing.assert_array_equal(moves["examples"], [0, 1])
    np.testing.assert_array_equal(moves["versions"], [0, 0])
    np.testing.assert_array_equal(moves["new"] - moves["old"], [-1, -2])
    np.testing.assert_array_equal(gradient_check_module.moved_stack(1, moves, params, caches), caches[1]["Z"] - [1, 2])
    moves, crossed = gradient_check_module.stacked_row_change(1, np.array([1]), np.array([0]), np.array([0.5]),
                                                             params, options, [], caches)
    assert all(row.shape == (0,) for row in moves.values())
    assert gradient_check_module.moved_stack(1, moves, params, caches).shape == (1, 0)
    np.testing.assert_array_equal(crossed, [False])


def test_full_mode_series_and_its_fallback_equal_plain(monkeypatch):
    # Softmax output: layers L-1 and L take most losses from the series; forcing every column
    # through the stack instead gives the same numbers to rounding.
    layer_dims = [4, 6, 5, 3]
    X, Y, params = make_problem(layer_dims, "softmax", m=15, seed=8)
    options = {"output_activation": "softmax", "hidden_activation": "tanh", "lambd": 0.2}
    plain = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="plain"), [])
    expanded_losses = gradient_check_module.expanded_losses
    fitted = {"columns": 0, "fits": 0}

    def spy(*args):
        losses, fits = expanded_losses(*args)
        fitted["columns"] += fits.shape[0]
        fitted["fits"] += int(np.sum(fits))
        return losses, fits

    monkeypatch.setattr(gradient_check_module, "expanded_losses", spy)
    series = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="full"), [])
    assert fitted["columns"] == 2 * 15 * (6 * 5 + 5 + 5 * 3 + 3)  # layers 2 and 3 (tanh and a logit move every example)
    assert fitted["fits"] == fitted["columns"]
    assert_same_approximation(series, plain, cost_of(X, Y, params, options, []))

    def nothing_fits(*args):
        losses, fits = expanded_losses(*args)
        return losses, np.zeros_like(fits)

    monkeypatch.setattr(gradient_check_module, "expanded_losses", nothing_fits)
    stacked = nnparity_numpy.gradient_check(X, Y, params, dict(options, grad_check_mode="full"), [])
    assert_same_approximation(stacked, plain, cost_of(X, Y, params, options, []))
    start = gradient_check_module.tensor_slices(layer_dims)["dW2"][0]
    np.testing.assert_array_equal(stacked["gradapprox"][:start], series["gradapprox"][:start])  # layer 1: the stack always
