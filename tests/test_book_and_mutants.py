"""`nnparity book` and `nnparity mutants` on the real three languages."""

import pytest

from nnparity.book import agreeing_digits, load_cases, run_book, significant_digits
from nnparity.mutants import apply_mutant, load_catalog, rates, run_mutants

LANGUAGES = ("python", "r", "octave")


def test_significant_digit_counting():
    assert significant_digits("0.6931455556341791") == 16
    assert significant_digits("-6.19439955e-06") == 9
    assert significant_digits("7.98425950e-06") == 9  # a printed trailing zero counts
    assert significant_digits("-1.16364e-05") == 6
    assert agreeing_digits("-7.641588e-05", -7.641593577e-05) == 6
    assert agreeing_digits("0.6931447", 0.6931447003) == 7
    assert agreeing_digits("-2.331729e-08", -2.972647407e-05) == 0


@pytest.fixture(scope="module")
def book_results():
    cases = {case.id: case for case in load_cases()}
    return {result.case.id: result for result in run_book([cases["python-circles-sigmoid"], cases["r-circles-sigmoid"]])}


def test_python_printout_reproduced_in_all_three_languages(book_results):
    result = book_results["python-circles-sigmoid"]
    for language in LANGUAGES:
        assert result.reproduced(language) == (36, 36), (language, [e.name for e in result.off(language)])
        cost = next(e for e in result.entries if e.name == "cost")
        assert cost.digits[language] >= 15
    gradients = [e for e in result.entries if e.name.startswith(("dW", "db"))]
    assert all(e.digits[l] == 9 for e in gradients for l in LANGUAGES)  # every printed digit


def test_r_printout_flags_the_quirk_and_names_the_mutant(book_results):
    result = book_results["r-circles-sigmoid"]
    quirk_entries = {"dW1[4,0]", "dW1[4,1]", "db1[4,0]", "dW2[0,4]", "db2[0,0]"}
    for language in LANGUAGES:
        off = {e.name for e in result.off(language)}
        assert quirk_entries <= off, language  # hidden unit 5 and db2 cannot match a correct network
        assert "cost" not in off  # the 7 printed digits of the cost do match
    explanation = " ".join(result.explanation)
    assert "with mutant r-book-dropout" in explanation and "R reproduces 23/23 printed entries" in explanation
    assert "the correct Python and Octave disagree with the book's R" in explanation
    db1_unit5 = next(e for e in result.entries if e.name == "db1[4,0]")
    assert db1_unit5.computed["r"] == pytest.approx(-2.97e-05, rel=2e-3)


def test_catalog_is_complete_and_not_stale(tmp_path):
    catalog = load_catalog()
    by_language = {language: [m for m in catalog if m.language == language] for language in LANGUAGES}
    bugs = {m.id.split("-", 1)[1] for m in catalog}
    for language, mutants in by_language.items():
        assert {m.id.split("-", 1)[1] for m in mutants} == bugs - {"book-dropout", "book-r-dropout"} | (
            {"book-dropout"} if language == "r" else {"book-r-dropout"}), language
    for mutant in catalog:
        copy, found = apply_mutant(mutant, tmp_path / mutant.id)
        assert found == len(mutant.edits()), f"{mutant.id} is stale"


def test_every_mutant_is_caught_and_blamed_correctly():
    outcomes = run_mutants(load_catalog())
    failures = [(o.mutant.id, o.status, o.blamed) for o in outcomes if not (o.detected and o.attributed)]
    assert failures == []
    table = rates(outcomes)
    assert table["all"]["detected"] == table["all"]["attributed"] == table["all"]["mutants"] == len(outcomes)


def test_fast_gradient_check_misses_no_mutant_that_full_catches():
    from nnparity.mutants import own_check_outcomes

    outcomes = own_check_outcomes(load_catalog())
    full = {o.mutant.id for o in outcomes if o.caught["full"]}
    fast = {o.mutant.id for o in outcomes if o.caught["fast"]}
    assert full - fast == set()
    # Backward, cost and flattening bugs are visible to a gradient check; update bugs are not.
    assert {f"{language}-db-without-1-over-m" for language in LANGUAGES} <= full
    assert not any(o.caught["full"] for o in outcomes if o.mutant.stage in ("update", "training"))


def test_mutant_run_survives_a_language_that_cannot_start(monkeypatch, tmp_path):
    from nnparity import IMPL_DIRS

    monkeypatch.setitem(IMPL_DIRS, "r", tmp_path / "no_r_here")
    mutant = next(m for m in load_catalog() if m.id == "python-db-without-1-over-m")
    [outcome] = run_mutants([mutant])
    assert outcome.detected  # Python and Octave still ran and disagree; R's failure is reported
    assert outcome.status == "caught"


def test_octave_printouts_reproduce_every_cost_and_gradient_digit():
    cases = {case.id: case for case in load_cases()}
    results = run_book([cases["octave-circles-sigmoid"], cases["octave-spiral-softmax"]], with_mutants=False)
    for result in results:
        assert result.reproduced("octave") == (44, 44), [e.name for e in result.off("octave")]
        for language in ("python", "r"):
            # The printed difference is Octave's own summation noise; everything else reproduces.
            assert [e.name for e in result.off(language)] == ["difference"], language


def test_r_printout_explanation_is_found_by_searching_the_whole_catalog(book_results):
    assert not any(getattr(m, "book_cases", ()) for m in load_catalog())  # no tag points the way
    explanation = book_results["r-circles-sigmoid"].explanation
    assert explanation[0].startswith("searched 18 catalog mutants of R: 1 reproduce every printed entry")
