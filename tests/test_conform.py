"""Bring-your-own ports (docs/PORTING.md): `nnparity conform`, stages a port leaves out, and
partial ports declared in nnparity.toml (examples/tinynet_r)."""

import re
import shutil
import tomllib

import pytest

from nnparity import IMPL_DIRS, REPO_ROOT
from nnparity.cli import main
from nnparity.conform import conform
from nnparity.record import CONTRACT_FUNCTIONS
from nnparity.report import closing_line, rows, summary
from nnparity.run import Session
from nnparity.scenario import resolve

from test_internal_api import contract_functions

EXAMPLE = REPO_ROOT / "examples" / "tinynet_r"
PACKAGE = "nnparity_numpy"  # the numpy implementation's package folder inside python_impl/


def test_the_harness_list_of_contract_functions_is_the_documents():
    assert set(CONTRACT_FUNCTIONS) == contract_functions()


@pytest.mark.parametrize("language", ["python", "r", "octave"])
def test_the_reference_implementations_conform(language, capsys):
    assert main(["conform", "--impl", f"{language}={IMPL_DIRS[language]}"]) == 0
    printed = capsys.readouterr().out
    assert "conformant: ready for" in printed
    assert "cost, grads, gradcheck, update, training, predict well-formed" in printed


def python_copy(tmp_path, change: str):
    """A copy of the numpy implementation whose run_scenario is wrapped by `change` (Python code
    that edits `record`)."""
    copy = tmp_path / "python_port"
    shutil.copytree(IMPL_DIRS["python"], copy, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    with open(copy / PACKAGE / "__init__.py", "a") as handle:
        handle.write("\n_reference_run_scenario = run_scenario\n\n\ndef run_scenario(*args):\n"
                     "    record = _reference_run_scenario(*args)\n"
                     + "".join(f"    {line}\n" for line in change.splitlines()) + "    return record\n")
    return copy


def problems(findings):
    return [f"{finding.status} {finding.text}" for finding in findings if finding.status not in ("ok", "note")]


def test_conform_lists_a_stage_the_port_no_longer_returns(tmp_path):
    findings, code = conform("python", python_copy(tmp_path, 'record.pop("update")'))
    assert code == 1
    assert problems(findings) == [f"MISSING {scenario}: stage update: run_scenario returned neither it nor an error for it"
                                  for scenario in ("conform-sigmoid", "conform-softmax")]


def test_conform_lists_a_malformed_record(tmp_path, capsys):
    copy = python_copy(tmp_path, 'record["grads"]["dW1"] = record["grads"]["dW1"].T\n'
                                 'record["training"]["costs"] = record["training"]["costs"][:, :1]')
    assert main(["conform", "--impl", f"python={copy}"]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert "  MALFORMED  conform-sigmoid: grads.dW1 must have shape (4, 2); got (2, 4)" in printed
    assert "  MALFORMED  conform-sigmoid: training.costs must have shape (1, 2); got (1, 1)" in printed
    assert "  MALFORMED  conform-softmax: grads.dW1 must have shape (5, 2); got (2, 5)" in printed
    assert printed[-1] == "not conformant: 4 problems (one per line above)"


def test_conform_lists_every_missing_function_of_a_complete_port(tmp_path):
    copy = python_copy(tmp_path, "")
    with open(copy / PACKAGE / "__init__.py", "a") as handle:
        handle.write("del train_steps, accuracy\n")
    findings, code = conform("python", copy)
    assert code == 1
    assert problems(findings) == ["MISSING function train_steps (docs/CONTRACT.md)",
                                  "MISSING function accuracy (docs/CONTRACT.md)"]


def test_a_port_returning_only_the_cost_fails_naming_the_missing_stages(tmp_path, capsys):
    copy = tmp_path / "r_port"
    shutil.copytree(IMPL_DIRS["r"], copy, ignore=shutil.ignore_patterns("tests", "man"))
    (copy / "R" / "zz_only_cost.R").write_text(
        "reference_run_scenario <- run_scenario\n"
        "run_scenario <- function(...) list(cost = reference_run_scenario(...)$cost, errors = list())\n")
    assert main(["run", "circles-relu-sigmoid-gd", "--impl", f"r={copy}"]) == 1
    printed = capsys.readouterr().out
    assert ("R returned no grads, gradcheck, update, training, predict and no error for them" in printed)
    assert "circles-relu-sigmoid-gd  agrees" in printed and printed.rstrip().endswith("0 passed, 1 failed")


@pytest.fixture(scope="module")
def example_runs():
    """The example partial port run on two scenarios it supports, with all three languages and
    with numpy alone beside it."""
    scenarios = resolve(["circles-relu-sigmoid-gd", "spiral-relu-softmax-gd"])
    with Session(impl_dirs={"r": EXAMPLE}) as session:
        three = session.run(scenarios)
    with Session(["python", "r"], impl_dirs={"r": EXAMPLE}) as session:
        two = session.run(scenarios[:1])
    return three, two


def test_the_example_partial_port_passes_with_the_stages_not_compared_said(example_runs):
    runs, _ = example_runs
    note = ("partial port: stages gradcheck, update, training, predict not compared in R "
            "(its nnparity.toml declares them absent)")
    for run in runs:
        assert run.verdict == "pass" and run.partial == {"r": ("gradcheck", "update", "training", "predict")}
        assert {q.stage for q in run.comparison.quantities if "r" in q.values} == {"cost", "grads"}
        assert all(q.status == "agree" for q in run.comparison.quantities if "r" in q.values)
    lines = summary(runs, ["python", "r", "octave"])
    assert note in lines and any("agrees (partial port)" in line for line in lines)
    assert closing_line(runs) == f"2 passed, 0 failed — {note}"
    table = rows(runs)
    assert table[0]["message"] == note  # the verdict row says it too
    assert sorted(row["stage"] for row in table if row["status"] == "not_compared" and row["scenario"] == runs[0].scenario.id) \
        == ["gradcheck", "predict", "training", "update"]


def test_stages_declared_absent_do_not_make_a_two_language_run_inconclusive(example_runs):
    _, (run,) = example_runs
    assert run.verdict == "pass" and run.inconclusive == [] and run.partial_notes


def test_a_declared_stage_the_port_does_not_return_fails(tmp_path):
    copy = tmp_path / "tinynet"
    shutil.copytree(EXAMPLE, copy)
    shim = (copy / "shim.R").read_text()
    (copy / "shim.R").write_text(shim.replace('stage("grads", ', 'if (FALSE) stage("grads", '))
    findings, code = conform("r", copy)
    assert code == 1 and "MISSING conform-sigmoid: stage grads: run_scenario returned neither it nor an error for it" \
        in problems(findings)
    with Session(impl_dirs={"r": copy}) as session:
        (run,) = session.run(resolve(["circles-relu-sigmoid-gd"]))
    assert run.verdict == "FAIL" and "grads" in run.results["r"].errors
    assert "cost" in run.results["r"].stages  # the stage it does return is still compared


@pytest.mark.parametrize("manifest, says", [
    ('language = "r"\nentry = "shim.R"\nstages = ["cost", "backward"]\n', "'stages' must be a non-empty list"),
    ('language = "python"\nentry = "shim.R"\n', "'language' is 'python' but the folder was given as the R implementation"),
    ('language = "r"\nentry = "missing.R"\n', "'entry' 'missing.R' does not exist"),
    ('language = "r"\nentry = "shim.R"\nstage = ["cost"]\n', "unknown field 'stage'"),
])
def test_a_bad_manifest_is_reported_before_anything_loads(tmp_path, manifest, says):
    copy = tmp_path / "tinynet"
    shutil.copytree(EXAMPLE, copy)
    (copy / "nnparity.toml").write_text(manifest)
    findings, code = conform("r", copy)
    assert code == 1 and len(problems(findings)) == 1 and says in problems(findings)[0]


def test_the_project_tests_run_the_examples_own_test_file():
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "examples" in config["testpaths"]
    assert (EXAMPLE / "test_port.py").is_file()


def test_the_minimal_ports_of_the_porting_guide_conform_and_run(tmp_path, capsys):
    guide = (REPO_ROOT / "docs" / "PORTING.md").read_text()
    files = re.findall(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```", guide, flags=re.S)
    assert {path for path, _ in files} == {"python/nnparity.toml", "python/shim.py", "r/nnparity.toml", "r/load.R",
                                           "octave/nnparity.toml", "octave/run_scenario.m"}
    for path, text in files:
        (tmp_path / path).parent.mkdir(exist_ok=True)
        (tmp_path / path).write_text(text)
    for language in ("python", "r", "octave"):
        findings, code = conform(language, tmp_path / language)
        assert code == 0, problems(findings)
        assert any(f.text.startswith("partial port: stages grads, gradcheck, update, training, predict") for f in findings)
    assert main(["run", "spiral-tanh-softmax-adam-l2-2h", "--impl", f"python={tmp_path / 'python'}"]) == 0
    assert "partial port: stages grads, gradcheck, update, training, predict not compared in Python" in capsys.readouterr().out
