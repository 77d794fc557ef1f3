"""The tinynet port's own test, as its author would keep it next to the port: it must conform, and
its two stages must agree with the reference numpy and Octave on the scenarios tinynet supports.
The `parity` fixture comes from nnparity's pytest plugin (installed with the package).

Run it with `pytest examples/tinynet_r/test_port.py` (the project's test suite runs it too).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

PORT = Path(__file__).resolve().parent
# The default-suite scenarios within tinynet's reach: no dropout, no leaky_relu.
SCENARIOS = ["circles-relu-sigmoid-gd", "circles-tanh-sigmoid-momentum-l2", "spiral-relu-softmax-gd"]


def nnparity(*args):
    """The command line, as a user types it (the harness is installed in this Python)."""
    env = dict(os.environ, OCTAVE_EXECUTABLE=os.environ.get("OCTAVE_EXECUTABLE", "octave-cli --no-history"))
    return subprocess.run([sys.executable, "-m", "nnparity", *args], capture_output=True, text=True, env=env, timeout=600)


def test_the_port_conforms():
    done = nnparity("conform", "--impl", f"r={PORT}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "conform-sigmoid (2-4-1, sigmoid): cost, grads well-formed" in done.stdout
    assert "conform-softmax (2-5-3, softmax): cost, grads well-formed" in done.stdout


def test_cost_and_gradients_agree_and_the_rest_is_said_to_be_not_compared(tmp_path):
    results = tmp_path / "run.json"
    done = nnparity("run", *SCENARIOS, "--impl", f"r={PORT}", "--json", str(results))
    assert done.returncode == 0, done.stdout + done.stderr
    note = "partial port: stages gradcheck, update, training, predict not compared in R"
    assert note in done.stdout
    assert done.stdout.strip().splitlines()[-1].startswith(f"{len(SCENARIOS)} passed, 0 failed — {note}")
    rows = json.load(open(results))
    # R's rows of the quantities it returned ("absent": the references' quantities it has not).
    mine = [row for row in rows if row.get("language") == "r" and row["status"] not in ("absent", "not_compared")]
    # Every quantity R returned is a cost or a gradient, and every one of them agrees.
    assert mine and {row["stage"] for row in mine} == {"cost", "grads"}
    assert {row["status"] for row in mine} == {"agree"}
    absent = {(row["scenario"], row["stage"]) for row in rows if row.get("status") == "not_compared"}
    assert absent == {(s, stage) for s in SCENARIOS for stage in ("gradcheck", "update", "training", "predict")}


def test_with_the_parity_fixture(parity):
    # What a user writes in their own repository: one line per check.
    parity.run(*SCENARIOS, impl={"r": PORT}).assert_agree()
