"""Regression against a baseline: one change made in all three implementations at once passes the
parity comparison (they still agree) and must be caught by comparing each language with itself."""

import json
import shutil

import pytest

from nnparity import IMPL_DIRS
from nnparity.cli import main

SCENARIO = "circles-tanh-sigmoid-momentum-l2"  # lambd 0.7: the L2 term's gradient matters
# The same wrong L2 factor (2·λ/m instead of λ/m in dW), planted by text in each language.
L2_GRADIENT = {"python": ("nnparity_numpy/backward.py", "(lambd / m) * W", "(2 * lambd / m) * W"),
               "r": ("R/backward.R", "(lambd / m) * W", "(2 * lambd / m) * W"),
               "octave": ("private/linear_backward_unchecked.m", "(lambd / m) * W", "(2 * lambd / m) * W")}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    directory = tmp_path_factory.mktemp("baseline") / "base"
    assert main(["run", SCENARIO, "--quiet", "--save-baseline", str(directory)]) == 0
    return directory


@pytest.fixture(scope="module")
def same_bug_everywhere(tmp_path_factory):
    """--impl options for copies of all three implementations with the same wrong L2 factor."""
    workdir = tmp_path_factory.mktemp("l2")
    options = []
    for language, (file, original, replacement) in L2_GRADIENT.items():
        copy = workdir / IMPL_DIRS[language].name
        shutil.copytree(IMPL_DIRS[language], copy, ignore=shutil.ignore_patterns("__pycache__", "tests"))
        text = (copy / file).read_text()
        assert text.count(original) == 1, (language, file)
        (copy / file).write_text(text.replace(original, replacement))
        options += ["--impl", f"{language}={copy}"]
    return options


def test_baseline_holds_fingerprint_and_arrays(baseline):
    record = json.loads((baseline / "baseline.json").read_text())
    assert list(record["scenarios"]) == [SCENARIO] and record["languages"] == ["python", "r", "octave"]
    assert record["datasets"]["circles"] and record["versions"]["GNU Octave"] and record["versions"]["numpy"]
    assert sorted(p.name for p in (baseline / "arrays" / SCENARIO).iterdir()) == ["octave.npz", "python.npz", "r.npz"]


def test_unchanged_implementations_do_not_drift(baseline, capsys):
    assert main(["run", SCENARIO, "--quiet", "--baseline", str(baseline)]) == 0
    printed = capsys.readouterr().out
    assert f"baseline {baseline}:" in printed and "no drift" in printed


def test_the_same_change_in_all_three_passes_parity_but_drifts_from_the_baseline(baseline, same_bug_everywhere, capsys):
    assert main(["run", SCENARIO, "--quiet"] + same_bug_everywhere) == 0  # parity alone: they all agree
    assert "1 passed, 0 failed" in capsys.readouterr().out
    assert main(["run", SCENARIO, "--quiet", "--baseline", str(baseline)] + same_bug_everywhere) == 1
    printed = capsys.readouterr().out
    assert "drifted (in Octave, Python, R)" in printed
    for label in ("Python", "R", "Octave"):
        drifts = [line for line in printed.splitlines() if line.startswith(f"  drift {SCENARIO} {label} ")]
        assert any(" grads.dW1: max |now − baseline|" in line for line in drifts), (label, drifts)
        assert f"  {SCENARIO} {label}: " in printed and "drifted, first in the backward stage" in printed
        assert not any(" grads.db" in line for line in drifts), label  # the biases have no L2 term
    assert "1 passed, 0 failed" in printed  # the parity verdict is unchanged; the exit code carries the drift


def test_a_mismatched_baseline_is_refused_unless_forced(baseline, tmp_path, capsys):
    assert main(["run", "circles-relu-sigmoid-gd", "--quiet", "--baseline", str(baseline)]) == 2
    error = capsys.readouterr().err
    assert "does not match this run" in error and "--force" in error
    assert f"scenarios in the baseline but not in this run: {SCENARIO}" in error
    # Another numpy than the baseline's: refused too, naming it.
    edited = tmp_path / "edited"
    shutil.copytree(baseline, edited)
    record = json.loads((edited / "baseline.json").read_text())
    record["versions"]["numpy"] = "0.0"
    record["datasets"]["circles"] = "0" * 64
    (edited / "baseline.json").write_text(json.dumps(record))
    assert main(["run", SCENARIO, "--quiet", "--baseline", str(edited)]) == 2
    error = capsys.readouterr().err
    assert "numpy was '0.0'" in error and "dataset 'circles' has checksum" in error
    assert main(["run", SCENARIO, "--quiet", "--baseline", str(edited), "--force"]) == 0
    printed = capsys.readouterr().out
    assert "forced past: numpy was '0.0'" in printed and "no drift" in printed


def test_not_a_baseline_is_refused(tmp_path, capsys):
    assert main(["run", SCENARIO, "--quiet", "--baseline", str(tmp_path)]) == 2
    assert "not a baseline" in capsys.readouterr().err
