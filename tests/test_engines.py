"""Engines that hang, crash or vanish, with the real R and Octave: each run ends within --timeout
and a few seconds, reports that language's scenario as an engine failure (exit 3), keeps every
other result, and the next scenario in that language runs normally."""

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from nnparity import IMPL_DIRS, LANGUAGES
from nnparity.adapters import make_adapter
from nnparity.data import load_dataset
from nnparity.draws import draw_inputs
from nnparity.engine import EngineError, descendants
from nnparity.scenario import load_suite

SCENARIOS = ["circles-relu-sigmoid-gd", "circles-tanh-sigmoid-momentum-l2"]
TIMEOUT = 8
SLACK = 20  # starting the engines again, R's and Octave's start-up, the comparison (on a busy machine)


def _copy_with_first_call(language: str, tmp_path: Path, statement: str) -> Path:
    """A copy of one implementation whose run_scenario does `statement` on its first call only
    (a flag file remembers), so the scenario after it shows the restarted engine at work."""
    copy = tmp_path / f"{language}_copy"
    shutil.copytree(IMPL_DIRS[language], copy)
    flag = tmp_path / "first_call_done"
    if language == "r":
        path = copy / "R" / "run_scenario.R"
        text = path.read_text()
        head = "run_scenario <- function(X, Y, params, options, check_masks, permutations, train_masks, check_directions = NULL) {\n"
        assert head in text
        path.write_text(text.replace(head, head + f'  if (!file.exists("{flag}")) {{ file.create("{flag}"); {statement} }}\n'))
    else:
        path = copy / "run_scenario.m"
        text = path.read_text()
        head = "function record = run_scenario (X, Y, params, options, check_masks, permutations, train_masks, check_directions)\n"
        assert head in text
        path.write_text(text.replace(head, head + f'  if (! exist ("{flag}", "file"))\n    fclose (fopen ("{flag}", "w"));\n'
                                                  f"    {statement}\n  endif\n"))
    return copy


def _run_cli(tmp_path: Path, *arguments, env=None) -> tuple[int, list[dict], str, float]:
    output = tmp_path / "run.json"
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "nnparity", "run", *SCENARIOS, "--json", str(output), *arguments],
                          capture_output=True, text=True, env=env, timeout=600)
    seconds = time.monotonic() - start
    rows = json.loads(output.read_text()) if output.is_file() else []
    return done.returncode, rows, done.stdout + done.stderr, seconds


def _verdicts(rows):
    return {row["scenario"]: row for row in rows if row["status"] == "verdict"}


def _language_rows(rows, scenario, language):
    return [row for row in rows if row["scenario"] == scenario and row.get("language") == language
            and row["status"] != "verdict"]


@pytest.mark.parametrize("language, statement, expected", [
    ("r", "Sys.sleep(1000)", f"timed out after {TIMEOUT} s"),
    ("r", 'quit(save = "no", status = 7)', "exited (status 7)"),
    ("octave", "pause (1000);", f"timed out after {TIMEOUT} s"),
    ("octave", "kill (getpid (), 9);", "died"),
], ids=["r-sleeps", "r-quits", "octave-sleeps", "octave-kills-itself"])
def test_a_hanging_or_dying_engine_fails_only_its_scenario(tmp_path, language, statement, expected):
    copy = _copy_with_first_call(language, tmp_path, statement)
    code, rows, printed, seconds = _run_cli(tmp_path, "--impl", f"{language}={copy}", "--timeout", str(TIMEOUT))
    assert code == 3, printed
    assert seconds < len(SCENARIOS) * 3 + TIMEOUT + SLACK, f"the run took {seconds:.0f} s"
    verdicts = _verdicts(rows)
    assert list(verdicts) == SCENARIOS  # every scenario reported, in order
    first, second = SCENARIOS
    assert verdicts[first]["verdict"] == "FAIL" and "engine failure" in verdicts[first]["message"]
    engine_rows = [row for row in _language_rows(rows, first, language) if row["status"] == "error"]
    assert engine_rows and engine_rows[0]["quantity"] == "engine" and expected in engine_rows[0]["message"]
    for other in LANGUAGES:  # the other languages' results of the failed scenario are kept
        if other != language:
            kept = _language_rows(rows, first, other)
            assert kept and all(row["status"] != "error" for row in kept)
    assert verdicts[second]["verdict"] == "pass", printed  # the next scenario runs normally
    assert "Traceback" not in printed


def test_an_octave_killed_from_outside_mid_run_is_reported_at_once(tmp_path):
    copy = _copy_with_first_call("octave", tmp_path, "pause (1000);")
    scenario = load_suite()[0]
    inputs = draw_inputs(scenario, load_dataset(scenario.dataset))
    with make_adapter("octave", copy, timeout=120) as adapter:
        octave = [pid for pid in adapter.children if "octave" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")]
        assert octave, "the engine should report its Octave process"
        threading.Timer(2.0, os.kill, (octave[0], 9)).start()
        start = time.monotonic()
        result = adapter.run(inputs)
        assert time.monotonic() - start < 30  # well before the 120 s timeout
        assert "engine" in result.errors and "died" in result.errors["engine"]
        assert not Path(f"/proc/{octave[0]}").exists() or b"zombie" in Path(f"/proc/{octave[0]}/status").read_bytes().lower()
        again = adapter.run(inputs)  # restarted with the implementation's folder on the path again
        assert not again.errors and set(again.stages) == {"cost", "grads", "gradcheck", "update", "training", "predict"}


@pytest.mark.parametrize("language, variable, value", [
    ("r", "R_HOME", "/tmp/nnparity-no-such-R"),
    ("octave", "OCTAVE_EXECUTABLE", "/tmp/nnparity-no-such-octave"),
], ids=["r-absent", "octave-absent"])
def test_an_engine_that_cannot_start_is_exit_3_and_the_others_still_run(tmp_path, language, variable, value):
    env = dict(os.environ, **{variable: value})
    code, rows, printed, seconds = _run_cli(tmp_path, "--timeout", str(TIMEOUT), env=env)
    assert code == 3, printed
    verdicts = _verdicts(rows)
    assert list(verdicts) == SCENARIOS
    for scenario in SCENARIOS:
        errors = [row for row in _language_rows(rows, scenario, language) if row["status"] == "error"]
        assert errors and errors[0]["quantity"] == "engine", errors
        for other in LANGUAGES:
            if other != language:
                assert _language_rows(rows, scenario, other)
    assert "Traceback" not in printed


def test_doctor_starts_each_engine_and_names_the_one_that_fails(tmp_path):
    env = dict(os.environ, R_HOME="/tmp/nnparity-no-such-R")
    done = subprocess.run([sys.executable, "-m", "nnparity", "doctor"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 3
    lines = done.stdout.splitlines()
    assert any(line.split()[:3] == ["FAILED", "R", "engine"] and "/tmp/nnparity-no-such-R" in line for line in lines), done.stdout
    assert any(line.split()[:3] == ["ok", "Octave", "engine"] and "tiny scenario ran" in line for line in lines), done.stdout
    assert "everything is in place" not in done.stdout


def test_a_worker_that_vanishes_leaves_nothing_behind(tmp_path):
    copy = _copy_with_first_call("octave", tmp_path, "pause (1000);")
    scenario = load_suite()[0]
    inputs = draw_inputs(scenario, load_dataset(scenario.dataset))
    adapter = make_adapter("octave", copy, timeout=3)
    workspace, worker = Path(adapter.workspace), adapter.process.pid
    below = descendants(worker)
    result = adapter.run(inputs)
    assert "timed out after 3 s" in result.errors["engine"]
    assert not workspace.exists()  # oct2py's .mat files and any octave-workspace went with it
    for pid in [worker] + below:
        assert not Path(f"/proc/{pid}").exists() or b"Z (zombie)" in Path(f"/proc/{pid}/status").read_bytes()
    adapter.close()


def test_a_call_on_a_broken_engine_raises_an_engine_error_then_recovers(tmp_path):
    copy = _copy_with_first_call("r", tmp_path, 'quit(save = "no", status = 3)')
    scenario = load_suite()[0]
    inputs = draw_inputs(scenario, load_dataset(scenario.dataset))
    with make_adapter("r", copy, timeout=60) as adapter:
        with pytest.raises(EngineError, match=r"\[R\] engine exited \(status 3\)"):
            adapter.call("run_scenario", inputs.X, inputs.Y, inputs.params, inputs.options, inputs.check_masks,
                         inputs.permutations.astype(float), inputs.train_masks, inputs.check_directions)
        assert adapter.call("accuracy", inputs.Y, inputs.Y).item() == 1.0
        assert adapter.restarts == 1


def test_a_deleted_oct2py_folder_breaks_only_one_call(tmp_path):
    scenario = load_suite()[0]
    inputs = draw_inputs(scenario, load_dataset(scenario.dataset))
    with make_adapter("octave", timeout=60) as adapter:
        shutil.rmtree(Path(adapter.workspace) / "oct2py")  # what a tmp cleaner may do to a long run
        first = adapter.run(inputs)
        assert "engine" in first.errors, first.errors
        again = adapter.run(inputs)
        assert not again.errors and adapter.restarts == 1


@pytest.mark.parametrize("how", ["interrupt", "kill"])
def test_an_interrupted_run_leaves_valid_json_of_what_finished(tmp_path, how):
    import signal

    output = tmp_path / "run.json"
    process = subprocess.Popen([sys.executable, "-m", "nnparity", "run", "--json", str(output), "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:  # until two scenarios have finished
        if output.is_file():
            try:
                if sum(row["status"] == "verdict" for row in json.loads(output.read_text())) >= 2:
                    break
            except json.JSONDecodeError:
                pytest.fail("the JSON was seen half-written")
        time.sleep(0.2)
    process.send_signal(signal.SIGINT if how == "interrupt" else signal.SIGKILL)
    out, err = process.communicate(timeout=120)
    rows = json.loads(output.read_text())
    verdicts = [row for row in rows if row["status"] == "verdict"]
    assert 2 <= len(verdicts) < len(load_suite())
    assert [row["index"] for row in verdicts] == list(range(len(verdicts)))
    if how == "interrupt":
        assert process.returncode == 130 and "interrupted after" in err and "Traceback" not in err
