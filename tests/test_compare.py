"""Comparison and attribution on synthetic disagreements: each planted pattern is named."""

import numpy as np
import pytest

from nnparity.adapters.base import LanguageResult
from nnparity.compare import agree, compare_results
from nnparity.diagnose import Context
from nnparity.tolerances import Tolerance

M = 50
RNG = np.random.default_rng(7)
PARAMS = {"W1": RNG.standard_normal((4, 3)), "b1": RNG.standard_normal((4, 1)),
          "W2": RNG.standard_normal((1, 4)), "b2": RNG.standard_normal((1, 1))}
GRADS = {"d" + k: RNG.standard_normal(v.shape) * 1e-2 for k, v in PARAMS.items()}
CONTEXT = Context(m=M, lambd=0.7, params=PARAMS, layer_dims=(3, 4, 1))


def flat(tensors):
    return np.concatenate([tensors[f"{p}{l}"].ravel(order="F") for l in (1, 2) for p in ("dW", "db")])[:, None]


def record(cost=0.693, grads=None, own_difference=1e-9, grad_vector=None):
    grads = {k: v.copy() for k, v in (grads or GRADS).items()}
    return {"cost": np.array([[cost]]), "grads": grads,
            "gradcheck": {"difference": np.array([[own_difference]]),
                          "grad": flat(grads) if grad_vector is None else grad_vector,
                          "gradapprox": flat(GRADS)}}


def results(**records):
    return {lang: LanguageResult(lang, stages=rec) for lang, rec in records.items()}


def compare(**records):
    return compare_results("synthetic", results(**records), CONTEXT)


def with_grad(name, value):
    grads = dict(GRADS)
    grads[name] = value
    return grads


def test_all_agree_within_tolerance():
    nudged = {k: v * (1 + 1e-12) for k, v in GRADS.items()}
    outcome = compare(python=record(), r=record(grads=nudged), octave=record())
    assert outcome.disagreements() == [] and outcome.blames == {}


def test_missing_one_over_m_in_db_is_named():
    bad = with_grad("db2", GRADS["db2"] * M)
    outcome = compare(python=record(own_difference=0.7, grads=bad), r=record(), octave=record())
    blame = outcome.blames["python"]
    assert blame.stage == "grads" and "grads.db2" in blame.quantities
    assert "missing 1/m" in blame.diagnosis and "m = 50" in blame.diagnosis
    assert "own gradient check fails" in blame.explanation
    assert set(outcome.blames) == {"python"}


@pytest.mark.parametrize("language", ["python", "r", "octave"])
def test_suspect_is_whichever_language_differs(language):
    records = {lang: record() for lang in ("python", "r", "octave")}
    records[language] = record(grads=with_grad("dW1", GRADS["dW1"] * 2))
    outcome = compare(**records)
    assert list(outcome.blames) == [language]
    assert "2 times the consensus" in outcome.blames[language].diagnosis


def test_transposed_gradient():
    outcome = compare(python=record(), r=record(), octave=record(grads=with_grad("dW2", GRADS["dW2"].T)))
    assert "transposed" in outcome.blames["octave"].diagnosis


def test_sign_flip():
    outcome = compare(python=record(), r=record(grads=with_grad("dW1", -GRADS["dW1"])), octave=record())
    assert "sign flipped" in outcome.blames["r"].diagnosis


def test_missing_l2_term_in_gradient():
    bad = with_grad("dW1", GRADS["dW1"] - CONTEXT.lambd / M * PARAMS["W1"])
    outcome = compare(python=record(), r=record(), octave=record(grads=bad))
    assert "missing L2 term" in outcome.blames["octave"].diagnosis


def test_doubled_l2_term_in_gradient():
    bad = with_grad("dW2", GRADS["dW2"] + CONTEXT.lambd / M * PARAMS["W2"])
    outcome = compare(python=record(grads=bad), r=record(), octave=record())
    assert "doubled L2 term" in outcome.blames["python"].diagnosis


def test_l2_missing_from_cost_is_a_forward_bug():
    term = CONTEXT.lambd / (2 * M) * sum(np.sum(PARAMS[w] ** 2) for w in ("W1", "W2"))
    outcome = compare(python=record(), r=record(cost=0.693 - term, own_difference=0.2), octave=record())
    blame = outcome.blames["r"]
    assert blame.stage == "cost" and "L2 term missing from the cost" in blame.diagnosis
    assert "fails too" in blame.explanation


def test_forward_bug_invisible_to_own_gradient_check():
    outcome = compare(python=record(), r=record(cost=0.7012, own_difference=3e-9), octave=record())
    assert "own gradient check passes" in outcome.blames["r"].explanation


def test_difference_confined_to_one_hidden_unit():
    bad = GRADS["dW1"].copy()
    bad[3, :] += 0.5
    outcome = compare(python=record(), r=record(grads=with_grad("dW1", bad)), octave=record())
    assert "confined to row 3 (unit 4 of layer 1)" in outcome.blames["r"].diagnosis
    worst_index, values = outcome.quantities[[q.quantity for q in outcome.quantities].index("grads.dW1")].worst[0]
    assert worst_index[0] == 3 and set(values) == {"python", "r", "octave"}


def test_difference_confined_to_one_layer():
    bad = dict(GRADS, dW2=GRADS["dW2"] * 1.3, db2=GRADS["db2"] * 0.2)
    outcome = compare(python=record(grads=bad), r=record(), octave=record())
    assert "confined to layer 2" in outcome.blames["python"].diagnosis


def test_row_major_flat_vector():
    row_major = np.concatenate([GRADS["dW1"].ravel(order="C"), GRADS["db1"].ravel(),
                                GRADS["dW2"].ravel(order="C"), GRADS["db2"].ravel()])[:, None]
    outcome = compare(python=record(), r=record(), octave=record(grad_vector=row_major))
    blame = outcome.blames["octave"]
    assert blame.stage == "gradcheck" and "row-major" in blame.diagnosis


def test_three_different_answers_have_no_majority():
    outcome = compare(python=record(cost=0.5), r=record(cost=0.6), octave=record(cost=0.7))
    assert outcome.blames == {}
    assert [q.quantity for q in outcome.no_majority] == ["cost"]


def test_two_languages_cannot_attribute():
    outcome = compare(python=record(), r=record(cost=0.9))
    assert outcome.blames == {} and outcome.no_majority


def test_quantity_left_out_by_one_language_is_blamed():
    partial = record()
    del partial["grads"]["db1"]
    outcome = compare(python=record(), r=partial, octave=record())
    assert "missing from its result" in outcome.blames["r"].diagnosis


def test_nan_and_inf_positions_must_match():
    tolerance = Tolerance("x", atol=1e-9, rtol=1e-9)
    assert agree(np.array([[np.inf, 1.0]]), np.array([[np.inf, 1.0]]), tolerance)
    assert not agree(np.array([[np.inf, 1.0]]), np.array([[-np.inf, 1.0]]), tolerance)
    assert not agree(np.array([[np.nan, 1.0]]), np.array([[0.0, 1.0]]), tolerance)
    assert not agree(np.zeros((2, 1)), np.zeros((1, 2)), tolerance)


def test_band_rule_ignores_rounding_noise_but_not_verdicts():
    band = Tolerance("gradcheck.difference", rule="band")
    assert agree(np.array([[2e-10]]), np.array([[9e-8]]), band) and agree(np.array([[7e-8]]), np.array([[5e-7]]), band)
    assert not agree(np.array([[2e-10]]), np.array([[0.7]]), band)
    assert agree(np.array([[2.4e-6]]), np.array([[1.1e-5]]), band)
    assert not agree(np.array([[2e-6]]), np.array([[9e-4]]), band)


# ---- The rules at their edges: changing any one of them must fail a test here. ----------------

from nnparity.tolerances import BAND_FACTOR, PASSING_EDGE, band, bands_agree, check_passes  # noqa: E402

CLOSE = Tolerance("x", "close", atol=1e-13, rtol=1e-8)
BAND = Tolerance("gradcheck.difference", "band")


@pytest.mark.parametrize("x, y, expected", [
    (PASSING_EDGE, PASSING_EDGE, True),            # both exactly at the passing edge
    (PASSING_EDGE, PASSING_EDGE * 1.0001, True),   # straddled edge, ratio 1.0001
    (PASSING_EDGE, 1e-9, True),                     # both passing (inclusive edge), 1e4 apart
    (2e-5, 2e-5 * 9.99, True),                      # just inside the factor
    (2e-5, 2e-5 * 10.01, False),                    # just outside the factor
    (2e-5, 2e-5 * 50, False),                       # inside 100 (a widened factor would pass it)
    (1e-9, 3e-4, False),                            # one passes, one suspicious: 3e4 apart
])
def test_band_rule_edges(x, y, expected):
    assert bands_agree(x, y) is expected
    assert bands_agree(y, x) is expected


def test_band_factor_is_ten():
    assert BAND_FACTOR == 10.0


@pytest.mark.parametrize("x, y", [(float("nan"), float("nan")), (float("inf"), float("inf"))])
def test_band_non_finite_never_compares_as_finite(x, y):
    assert bands_agree(x, y)  # the same non-finite value: not a disagreement...
    assert not bands_agree(x, 1e-9) and not bands_agree(1e-9, x)  # ...but never equal to a number


def test_band_noise_rule_is_the_triangle_inequality():
    # Differences 0.067 and 0.256 (factor 3.8 apart, both far above the edge): they agree exactly
    # when their errors differ by no more than the two noise floors together.
    assert bands_agree(0.067, 0.9, (1.0e-9, 0.5e-9), (2.0e-9, 0.5e-9))      # |1-2| = 1 <= 1
    assert not bands_agree(0.067, 0.9, (1.0e-9, 0.5e-9), (2.01e-9, 0.5e-9))  # 1.01 > 1
    assert not bands_agree(0.067, 0.9)  # without noise figures the factor rule alone decides


@pytest.mark.parametrize("difference, error, noise, expected", [
    (1e-7, None, None, "correct"), (1.01e-7, None, None, "passes"), (1e-5, None, None, "passes"),
    (1.01e-5, None, None, "suspicious"), (1e-3, None, None, "suspicious"), (1.01e-3, None, None, "bug"),
    (1e-8, 1e-12, 1e-9, "correct"),       # within the noise, but passing anyway: not "indeterminate"
    (0.3, 1e-9, 1e-9, "indeterminate"),   # error exactly at the noise floor
    (0.3, 1.01e-9, 1e-9, "bug"),          # just above it
    (float("nan"), 0.0, 1.0, "bug"),      # NaN is never within the noise
    (float("nan"), float("nan"), 1.0, "bug"),
])
def test_gradient_check_bands(difference, error, noise, expected):
    assert band(difference, error, noise) == expected
    assert check_passes(difference, error, noise) is (expected in ("correct", "passes", "indeterminate"))


def test_close_rule_is_inclusive_at_its_limit():
    a = np.array([[1.0]])
    limit = 1e-13 + 1e-8 * 1.0
    assert agree(a, a + limit * 0.999, CLOSE)
    assert not agree(a, a + limit * 1.001, CLOSE)
    b = np.array([[2.0]])
    edge = (1e-13 + 1e-8 * 2.0)  # exactly representable gap check: |a-b| <= limit must hold at equality
    assert agree(np.array([[0.0]]), np.array([[edge]]), Tolerance("x", "close", atol=edge, rtol=0.0))
    assert not agree(np.array([[0.0]]), np.array([[np.nextafter(edge, 1)]]), Tolerance("x", "close", atol=edge, rtol=0.0))
    assert b.shape == (1, 1)


def test_close_rule_nan_and_inf_positions():
    a = np.array([[1.0, np.nan, np.inf]])
    assert agree(a, a.copy(), CLOSE)
    assert not agree(a, np.array([[1.0, 1.0, np.inf]]), CLOSE)          # NaN against a number
    assert not agree(a, np.array([[1.0, np.nan, -np.inf]]), CLOSE)      # Inf of the other sign
    assert not agree(a, np.array([[np.nan, np.nan, np.inf]]), CLOSE)    # NaN elsewhere


def test_allowance_widens_only_by_what_was_measured():
    a, b = np.array([[1.0, 1.0]]), np.array([[1.5, 1.0]])
    assert not agree(a, b, CLOSE)
    assert agree(a, b, CLOSE, allowance=np.array([[0.5, 0.0]]))
    assert not agree(a, b, CLOSE, allowance=np.array([[0.49, 0.0]]))
    assert not agree(a, b, CLOSE, allowance=np.array([[0.0, 0.5]]))  # allowed at the wrong element


def test_nan_everywhere_is_not_comparable_and_blames_nobody():
    nan = record(cost=float("nan"))
    comparison = compare(python=nan, r=record(cost=float("nan")), octave=record(cost=float("nan")))
    cost = next(q for q in comparison.quantities if q.quantity == "cost")
    assert cost.status == "not_comparable" and cost.suspect is None
    assert any("cost is not comparable" in reason for reason in comparison.not_compared())
    assert not comparison.blames


def test_nan_in_the_majority_is_not_a_consensus():
    comparison = compare(python=record(cost=float("nan")), r=record(cost=float("nan")), octave=record(cost=0.693))
    cost = next(q for q in comparison.quantities if q.quantity == "cost")
    assert cost.status == "not_comparable" and cost.suspect is None


def test_one_language_alone_compares_nothing():
    comparison = compare(python=record())
    assert all(q.status in ("single", "info") for q in comparison.quantities)
    assert comparison.not_compared() == ["only Python ran: nothing was compared"]


def test_a_stage_nobody_returned_is_not_compared():
    comparison = compare(python=record(), r=record(), octave=record())
    reasons = comparison.not_compared()
    assert "stage 'update' was not compared in two languages" in reasons
    assert not any("backward" in reason for reason in reasons)


def test_fast_mode_directional_tensors_are_left_out_of_gradapprox():
    def fast(modes):
        rec = record()
        approx = flat(GRADS).copy()
        rec["gradcheck"]["tensor_modes"] = modes
        # directional tensors are NaN in gradapprox by design
        starts = {"dW1": (0, 12), "db1": (12, 16), "dW2": (16, 20), "db2": (20, 21)}
        for name, mode in modes.items():
            if mode == "directional":
                approx[starts[name][0]:starts[name][1]] = np.nan
        rec["gradcheck"]["gradapprox"] = approx
        return rec

    all_full = {"dW1": "full", "db1": "full", "dW2": "full", "db2": "full"}
    mixed = dict(all_full, db1="directional")
    comparison = compare(python=fast(all_full), r=fast(mixed), octave=fast(all_full))
    gradapprox = next(q for q in comparison.quantities if q.quantity == "gradcheck.gradapprox")
    assert gradapprox.status == "agree" and gradapprox.values["r"].shape == (17, 1)
    # A language whose per-component value is NaN where it claims "full" is still caught.
    broken = fast(all_full)
    broken["gradcheck"]["gradapprox"][0] = np.nan
    comparison = compare(python=fast(all_full), r=broken, octave=fast(all_full))
    gradapprox = next(q for q in comparison.quantities if q.quantity == "gradcheck.gradapprox")
    assert gradapprox.suspect == "r"


def test_finite_differences_compare_within_their_noise_floors():
    eta = 1e-5  # per quotient; each tensor reports eta * sqrt(its components)
    sizes = {"dW1": 12, "db1": 4, "dW2": 4, "db2": 1}

    def check(shift):
        rec = record()
        rec["gradcheck"]["tensor_noise"] = {k: np.array([[eta * np.sqrt(n)]]) for k, n in sizes.items()}
        rec["gradcheck"]["tensor_modes"] = {k: "full" for k in sizes}
        rec["gradcheck"]["gradapprox"] = flat(GRADS) + shift
        return rec

    inside = compare(python=check(0.0), r=check(0.0), octave=check(1.9 * eta))
    outside = compare(python=check(0.0), r=check(0.0), octave=check(2.01 * eta))
    approx = lambda c: next(q for q in c.quantities if q.quantity == "gradcheck.gradapprox")  # noqa: E731
    assert approx(inside).status == "agree"
    assert approx(outside).suspect == "octave"
