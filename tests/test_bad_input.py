"""Bad input never ends in a traceback or loses other results: each gets a message naming the
field, file or language, and the exit code says what kind of trouble it was (2: usage/input)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nnparity import IMPL_DIRS
from nnparity.adapters import make_adapter
from nnparity.adapters.base import AdapterError

GOOD = "circles-relu-sigmoid-gd"


def _nnparity(*arguments, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nnparity", *arguments], capture_output=True, text=True,
                          timeout=600, cwd=cwd)


def _scenario_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text(body)
    return path


@pytest.mark.parametrize("body, names", [
    ('[[scenario]]\nid = "x"\ndataset = ["circles"]\nlayer_dims = [2, 3, 1]\n', ["'x'", "field 'dataset'", "['circles']"]),
    ("scenario = [1, 2]\n", ["scenario[0] must be a table", "scenario[1] must be a table"]),
    ('[[scenario]]\nid = "x"\ndataset = "circles"\nlayer_dims = "2,3,1"\n', ["field 'layer_dims'"]),
    ('[[scenario]]\nid = "x"\ndataset = "circles"\nlayer_dims = [2, 3, 1]\nnum_epochs = 1.5\n', ["field 'num_epochs'"]),
    ('[[scenario]]\nid = "x"\ndataset = "circles"\nlayer_dims = [2, 3, 1]\nseed = -1\n', ["field 'seed'"]),
    ('[[scenario]\nid = "x"\n', ["cannot read TOML"]),
], ids=["dataset-list", "scenario-ints", "layer-dims-string", "epochs-float", "seed-negative", "broken-toml"])
def test_bad_scenario_files_are_usage_errors_naming_file_and_field(tmp_path, body, names):
    path = _scenario_file(tmp_path, body)
    done = _nnparity("run", str(path))
    assert done.returncode == 2
    assert str(path) in done.stderr and "Traceback" not in done.stderr + done.stdout
    for name in names:
        assert name in done.stderr, done.stderr


def test_a_scenario_over_the_memory_budget_is_refused_and_the_others_still_run(tmp_path):
    path = _scenario_file(tmp_path, '[[scenario]]\nid = "huge"\ndataset = "circles"\nlayer_dims = [2, 10000000000, 1]\n\n'
                                    '[[scenario]]\nid = "small"\ndataset = "circles"\nlayer_dims = [2, 3, 1]\nnum_epochs = 1\n')
    output = tmp_path / "run.json"
    done = _nnparity("run", str(path), "--json", str(output))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "scenario 'huge': its arrays would take about" in done.stdout and "--memory-budget" in done.stdout
    verdicts = {row["scenario"]: row for row in json.loads(output.read_text()) if row["status"] == "verdict"}
    assert verdicts["huge"]["verdict"] == "FAIL" and verdicts["small"]["verdict"] == "pass"
    assert "Traceback" not in done.stdout + done.stderr


def test_the_memory_budget_is_configurable(tmp_path):
    done = _nnparity("run", GOOD, "--memory-budget", "1K")
    assert done.returncode == 2 and "more than the memory budget of 1.0 KB" in done.stdout


@pytest.mark.parametrize("arguments, names", [
    (["--timeout", "0"], "--timeout"), (["--timeout", "-3"], "--timeout"), (["--timeout", "nan"], "--timeout"),
    (["-j", "0"], "expected a whole number >= 1"), (["--shard", "3/2"], "--shard"), (["--shard", "x"], "--shard"),
    (["--memory-budget", "lots"], "--memory-budget"), (["--impl", "fortran=/tmp"], "--impl"),
    (["--languages", "python,julia"], "--languages"), (["--json", "/nonexistent-folder/run.json"], "--json /nonexistent-folder/run.json"),
], ids=["timeout-0", "timeout-negative", "timeout-nan", "jobs-0", "shard-range", "shard-text", "budget-text",
        "impl-language", "languages", "json-unwritable"])
def test_bad_arguments_are_usage_errors_before_anything_runs(arguments, names):
    done = _nnparity("run", GOOD, *arguments)
    assert done.returncode == 2
    assert names in done.stderr and "Traceback" not in done.stderr
    assert "passed" not in done.stdout  # nothing ran


def test_an_octave_folder_with_a_colon_is_refused_not_split(tmp_path):
    copy = tmp_path / "octave:copy"
    shutil.copytree(IMPL_DIRS["octave"], copy)
    with pytest.raises(AdapterError, match=r"\[Octave\] .*contains ':'.*addpath"):
        make_adapter("octave", copy, timeout=60)


def test_m_files_in_the_working_directory_cannot_shadow_the_implementation(tmp_path):
    (tmp_path / "run_scenario.m").write_text("function record = run_scenario (varargin)\n  error ('the wrong folder ran');\nendfunction\n")
    (tmp_path / "compute_cost.m").write_text("function J = compute_cost (varargin)\n  J = 42;\nendfunction\n")
    done = _nnparity("run", GOOD, "--languages", "python,octave", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "wrong folder" not in done.stdout


@pytest.mark.parametrize("language, relative, text", [
    ("octave", "private/unused_helper.m", "function y = unused_helper (x)\n  y = x +* ;\nendfunction\n"),
    ("r", "R/unused.R", "unused <- function(x) { x + * }\n"),
    ("python", "nnparity_numpy/unused.py", "def unused(x):\n    return x +\n"),
], ids=["octave", "r", "python"])
def test_a_syntax_error_in_a_file_no_scenario_calls_is_reported_with_its_name(tmp_path, language, relative, text):
    copy = tmp_path / f"{language}_copy"
    shutil.copytree(IMPL_DIRS[language], copy)
    (copy / relative).write_text(text)
    done = _nnparity("run", GOOD, "--impl", f"{language}={copy}")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "does not parse" in done.stdout and Path(relative).name in done.stdout, done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_an_implementation_that_cannot_load_is_that_language_s_failure_only(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    output = tmp_path / "run.json"
    done = _nnparity("run", GOOD, "--impl", f"r={empty}", "--json", str(output))
    assert done.returncode == 1
    rows = json.loads(output.read_text())
    r_rows = [row for row in rows if row.get("language") == "r" and row["status"] == "error"]
    assert r_rows and r_rows[0]["quantity"] == "load" and "no load.R" in r_rows[0]["message"]
    assert any(row.get("language") == "octave" and row["status"] == "agree" for row in rows)
