"""The real three-language path: numpy in process, R through rpy2, Octave through oct2py."""

import shutil

import numpy as np
import pandas as pd
import pytest

from nnparity import IMPL_DIRS
from nnparity.cli import main
from nnparity.data import load_dataset
from nnparity.draws import draw_inputs
from nnparity.known import KnownDifference
from nnparity.mutants import load_catalog, run_mutants
from nnparity.run import AdapterPool, run_scenario, run_suite
from nnparity.scenario import load_suite, select

LANGUAGES = ("python", "r", "octave")


def test_default_suite_passes_in_all_three_languages(tmp_path, capsys):
    out = tmp_path / "rows.json"
    assert main(["run", "--quiet", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    suite = load_suite()
    assert f"{len(suite)} passed, 0 failed" in printed
    rows = pd.read_json(out)
    verdicts = rows[rows.status == "verdict"]
    assert list(verdicts.scenario) == [s.id for s in suite] and set(verdicts.verdict) == {"pass"}
    rows = rows[~rows.status.isin(["verdict", "header"])]
    assert set(rows.language) == set(LANGUAGES) and set(rows.scenario) == {s.id for s in suite}
    compared = rows[rows.rule == "close"]
    assert (compared.status == "agree").all()
    # Every stage came back from every language in every scenario.
    assert set(compared.stage) == {"cost", "grads", "gradcheck", "update", "training", "predict"}
    per_language = compared.groupby(["scenario", "language"]).stage.nunique()
    assert (per_language == 6).all()


@pytest.mark.parametrize("language", LANGUAGES)
def test_db_without_one_over_m_is_named(language):
    mutant = next(m for m in load_catalog() if m.id == f"{language}-db-without-1-over-m")
    [outcome] = run_mutants([mutant])
    assert outcome.detected and outcome.attributed, outcome.blamed
    label = {"python": "Python", "r": "R", "octave": "Octave"}[language]
    assert outcome.blamed.startswith(f"{label}: backward stage, grads.db1")
    assert "missing 1/m" in outcome.blamed and "m = 300" in outcome.blamed


def test_one_broken_language_does_not_lose_the_others(tmp_path):
    broken = tmp_path / "octave_impl"
    shutil.copytree(IMPL_DIRS["octave"], broken)
    (broken / "run_scenario.m").write_text("function record = run_scenario (varargin)\n  error ('planted: Octave is broken');\nendfunction\n")
    scenario = select(load_suite(), ["circles-relu-sigmoid-gd"])[0]
    with AdapterPool(LANGUAGES, {"octave": broken, "r": tmp_path / "no_such_dir"}) as pool:
        run = run_scenario(scenario, pool)
    assert not run.passed
    assert "planted: Octave is broken" in run.results["octave"].errors["bridge"]
    assert "no load.R" in run.results["r"].errors["load"]  # the implementation, not the engine, failed
    assert run.results["python"].stages["cost"].shape == (1, 1)  # Python's results survive


def test_bad_input_is_reported_by_each_language_with_its_own_message():
    scenario = select(load_suite(), ["circles-relu-sigmoid-gd"])[0]
    inputs = draw_inputs(scenario, load_dataset("circles"))
    inputs.options["keep_prob"] = 1.5  # past the scenario validation, straight to the languages
    with AdapterPool(LANGUAGES) as pool:
        results = {language: pool.run(language, inputs) for language in LANGUAGES}
    for language, prefix in (("python", "[python]"), ("r", "[R]"), ("octave", "[Octave]")):
        messages = " ".join(results[language].errors.values())
        assert prefix in messages and "'keep_prob'" in messages and "(0, 1]" in messages, (language, messages)


def test_a_known_difference_that_agrees_fails_as_stale():
    scenario = select(load_suite(), ["spiral-relu-softmax-gd"])[0]
    stale = KnownDifference("r", scenario.id, "grads.db*", "pretend R's db differs", "test")
    with AdapterPool(LANGUAGES) as pool:
        run = run_scenario(scenario, pool, [stale])
    assert run.stale == [stale] and not run.passed


def test_a_listed_difference_is_expected_not_failed(tmp_path):
    broken = tmp_path / "octave_impl"
    shutil.copytree(IMPL_DIRS["octave"], broken)
    source = (broken / "private" / "linear_backward_unchecked.m").read_text()
    (broken / "private" / "linear_backward_unchecked.m").write_text(source.replace("db = (1 / m) * sum (dZ, 2);", "db = sum (dZ, 2);"))
    scenario = select(load_suite(), ["spiral-relu-softmax-gd"])[0]
    known = [KnownDifference("octave", scenario.id, "*", "planted for this test", "test")]
    runs = run_suite([scenario], LANGUAGES, known, impl_dirs={"octave": broken})
    assert runs[0].passed and runs[0].expected and not runs[0].stale


def test_gradcheck_command_runs_every_mode_in_every_language(capsys):
    assert main(["gradcheck", "spiral-relu-softmax-gd", "--mode", "plain,full,fast"]) == 0
    printed = capsys.readouterr().out
    for label in ("Python", "R", "Octave"):
        for mode in ("plain", "full", "fast"):
            assert f"  {label:<7} {mode:<5} difference" in printed, (label, mode)
    assert "[directional]" in printed


def test_kinks_are_attributed_to_their_tensors():
    from nnparity.gradcheck import GradcheckResult

    # layer_dims [2, 3, 1]: W1 holds flat 0..5, b1 6..8, W2 9..11, b2 12.
    result = GradcheckResult("s", "python", "full", record={"kink_indices": np.array([[0], [7], [8], [12]]),
                                                            "n_kinks": np.array([[4]])})
    assert result.kink_tensors((2, 3, 1)) == {"W1": 1, "b1": 2, "b2": 1}


def test_gradcheck_seed_makes_fast_mode_repeatable(capsys):
    def differences():
        assert main(["gradcheck", "circles-tanh-sigmoid-momentum-l2", "--mode", "fast", "--seed", "5"]) == 0
        return [line.split("difference")[1].split()[0] for line in capsys.readouterr().out.splitlines() if "difference" in line]

    first = differences()
    assert len(first) == 3 and first == differences()
