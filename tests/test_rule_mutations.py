"""Each comparison rule of the harness is pinned by tests/test_compare.py: changing any one of
them (a band factor, an inclusive edge, a NaN rule) must make that file fail."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nnparity import REPO_ROOT

RULES = [  # (file, rule as written, the rule changed); the first is the control: nothing changed
    ("harness/tolerances.py", "BAND_FACTOR = 10.0", "BAND_FACTOR = 10.0"),
    ("harness/tolerances.py", "BAND_FACTOR = 10.0", "BAND_FACTOR = 100.0"),
    ("harness/tolerances.py", "if x <= PASSING_EDGE and y <= PASSING_EDGE:", "if x < PASSING_EDGE and y < PASSING_EDGE:"),
    ("harness/tolerances.py", "return bool(abs(error_x - error_y) <= floor_x + floor_y)",
     "return bool(abs(error_x - error_y) < floor_x + floor_y)"),
    ("harness/tolerances.py", "return bool(abs(error_x - error_y) <= floor_x + floor_y)",
     "return bool(abs(error_x - error_y) <= 2 * (floor_x + floor_y))"),
    ("harness/tolerances.py", "error <= noise)", "error < noise)"),
    ("harness/tolerances.py", "if difference > PASSING_EDGE and within_noise(error, noise):", "if within_noise(error, noise):"),
    ("harness/tolerances.py", "<= math.log10(BAND_FACTOR)", "< math.log10(BAND_FACTOR) + 0.5"),
    ("harness/tolerances.py", "return (math.isnan(x) and math.isnan(y)) or x == y", "return True"),
    ("harness/compare.py", "return bool(np.all(gap <= limit))", "return bool(np.all(gap < limit))"),
    ("harness/compare.py", "    if np.any(a_nan != b_nan):\n        return False\n", ""),
    ("harness/compare.py", "    if np.any(a_inf != b_inf) or np.any(a[a_inf] != b[b_inf]):\n        return False\n", ""),
    ("harness/compare.py", "if result.majority and any(non_finite(values[lang]) for lang in result.majority):", "if False:"),
    ("harness/compare.py", "limit = limit + np.broadcast_to(allowance, a.shape)[finite]", "limit = limit + np.max(allowance)"),
    ("harness/compare.py", "np.array(2 * max(floors))", "np.array(3 * max(floors))"),
]


@pytest.mark.parametrize("file, rule, changed", RULES, ids=[f"{f.split('/')[-1]}:{i}" for i, (f, _, _) in enumerate(RULES)])
def test_changing_a_rule_fails_test_compare(file, rule, changed, tmp_path):
    copy = tmp_path / "repo"
    copy.mkdir()
    shutil.copytree(REPO_ROOT / "harness", copy / "nnparity", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO_ROOT / "tests", copy / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "nnparity" / Path(file).name
    text = target.read_text()
    assert text.count(rule) == 1, f"the rule moved: update this list ({rule!r})"
    target.write_text(text.replace(rule, changed))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:xdist",
                           "--rootdir", str(copy), str(copy / "tests" / "test_compare.py")],
                          cwd=copy, capture_output=True, text=True, env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"})
    if changed == rule:  # the control: the copy itself passes, so a failure below is the change's
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        return
    assert done.returncode == 1, f"test_compare.py still passes with {changed!r}:\n{done.stdout[-500:]}"
