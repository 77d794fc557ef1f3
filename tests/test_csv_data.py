"""Scenarios on one's own CSV data (issue 11): every kind of bad file is a usage error naming the
file and the line; a good file runs in all three languages, with its checksum in the results."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nnparity import DATA_DIR
from nnparity.scenario import ScenarioError, load_scenario_file

CIRCLES = (DATA_DIR / "circles.csv").read_text()


def _nnparity(*arguments) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nnparity", *arguments], capture_output=True, text=True, timeout=600)


def _setup(tmp_path: Path, csv_text: str, extra: str = "", dims: str = "[2, 4, 1]") -> Path:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "mine.csv").write_text(csv_text)
    scenario = tmp_path / "my.toml"  # the CSV path is relative to this file's folder, not to the cwd
    scenario.write_text(f'[[scenario]]\nid = "mine"\ndataset = "data/mine.csv"\nlayer_dims = {dims}\n'
                        f'num_epochs = 1\nbatch_size = 64\n{extra}')
    return scenario


GOOD_LINES = CIRCLES.splitlines()[:40]


def _with_line(number: int, line: str) -> str:
    lines = list(GOOD_LINES)
    lines[number - 1] = line
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("csv_text, extra, dims, expected", [
    (_with_line(7, "0.5,1.0"), "", "[2, 4, 1]", "line 7: 2 cells, expected 3"),
    (_with_line(5, "0.5,abc,1"), "", "[2, 4, 1]", "line 5: column 2: 'abc' is not a number"),
    (_with_line(9, "nan,0.5,1"), "", "[2, 4, 1]", "line 9: column 1: 'nan' is not a finite number"),
    (_with_line(3, "0.5,-inf,0"), "", "[2, 4, 1]", "line 3: column 2: '-inf' is not a finite number"),
    (_with_line(11, "0.5,0.5,0.5"), "", "[2, 4, 1]", "line 11: label 0.5 (column 3) is not an integer"),
    (_with_line(4, "0.5,0.5,2"), "", "[2, 4, 1]", "line 4: label 2 is not a class of this network (0..1"),
    (_with_line(6, "0.5,0.5,3"), 'output_activation = "softmax"\n', "[2, 4, 3]", "line 6: label 3 is not a class"),
    ("", "", "[2, 4, 1]", "line 1: the file is empty"),
    ("a,b,y\n", 'label_column = "y"\n', "[2, 4, 1]", "line 1: only a header line"),
    ("a,b,y\n" + "\n".join(GOOD_LINES), 'label_column = "label"\n', "[2, 4, 1]", 'line 1: no column named "label"'),
], ids=["ragged", "non-numeric", "nan", "inf", "label-fraction", "label-not-0-1", "label-beyond-softmax",
        "empty", "header-only", "unknown-label-column"])
def test_bad_csv_is_a_usage_error_naming_file_and_line(tmp_path, csv_text, extra, dims, expected):
    scenario = _setup(tmp_path, csv_text, extra, dims)
    done = _nnparity("run", str(scenario))
    assert done.returncode == 2, done.stdout + done.stderr
    assert str(tmp_path / "data" / "mine.csv") in done.stderr and expected in done.stderr, done.stderr
    assert "'mine'" in done.stderr and "Traceback" not in done.stdout + done.stderr


def test_layer_dims_are_checked_against_the_csv(tmp_path):
    with pytest.raises(ScenarioError) as error:
        load_scenario_file(_setup(tmp_path, "\n".join(GOOD_LINES), dims="[3, 4, 1]"))
    assert "starting with the dataset's 2 features" in str(error.value)
    header = "a,y,b\n" + "\n".join(f"{x},{y},{z}" for x, z, y in (line.split(",") for line in GOOD_LINES))
    (scenario,) = load_scenario_file(_setup(tmp_path, header, 'label_column = "y"\n'))  # label in the middle
    assert scenario.dataset == str(tmp_path / "data" / "mine.csv") and scenario.label_column == "y"


def test_a_good_csv_runs_in_all_three_languages_with_its_checksum_recorded(tmp_path):
    text = "x1,x2,label\n" + CIRCLES  # a header line, the label last
    scenario = _setup(tmp_path, text, 'label_column = "label"\n', "[2, 5, 1]")
    output = tmp_path / "run.json"
    done = _nnparity("run", str(scenario), "--json", str(output))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed, 0 failed" in done.stdout
    rows = json.loads(output.read_text())
    (verdict,) = [row for row in rows if row["status"] == "verdict"]
    assert verdict["verdict"] == "pass"
    assert verdict["dataset_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert {row["language"] for row in rows if row["status"] == "agree"} == {"python", "r", "octave"}
