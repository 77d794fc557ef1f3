"""The pytest plugin as a user meets it: a test file in a repository of one's own, run by pytest
(pytester, in a subprocess) with nnparity installed and nothing else configured."""

import shutil
from pathlib import Path

import pytest

from nnparity import IMPL_DIRS

SCENARIO = "circles-relu-sigmoid-gd"


def _port(root: Path, name: str, bug: bool = False) -> Path:
    """A copy of the R implementation in the user's repository; `bug`: db without its 1/m."""
    port = root / "ports" / name
    shutil.copytree(IMPL_DIRS["r"], port)
    if bug:
        backward = port / "R" / "backward.R"
        text = backward.read_text()
        assert "db <- (1 / m) * " in text
        backward.write_text(text.replace("db <- (1 / m) * ", "db <- "))
    return port


def test_a_port_that_agrees_passes_and_a_planted_bug_fails_with_the_blame(pytester):
    _port(pytester.path, "my_r")
    _port(pytester.path, "buggy_r", bug=True)
    pytester.makepyfile(test_my_port=f'''
        def test_my_port(parity):
            results = parity.run("{SCENARIO}", impl={{"r": "ports/my_r"}})
            results.assert_agree()
            assert results.passed and len(results.to_frame()) > 100

        def test_buggy_port(parity):
            parity.run("{SCENARIO}", impl={{"r": "ports/buggy_r"}}).assert_agree()
    ''')
    # Under xdist: each worker process holds its own engines (the fixture is session-scoped).
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*test_buggy_port*", "*suspect R: backward stage*db*"])


def test_scenario_files_are_collected_one_item_per_language_and_k_selects(pytester):
    scenarios = pytester.path / "scenarios"
    scenarios.mkdir()
    (scenarios / "my.toml").write_text(f'[[scenario]]\nid = "mine-circles"\ndataset = "../data/two.csv"\n'
                                       'layer_dims = [2, 3, 1]\nnum_epochs = 1\nbatch_size = 50\n')
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "two.csv").write_text("\n".join(
        (IMPL_DIRS["r"].parent / "data" / "circles.csv").read_text().splitlines()[:100]) + "\n")
    (pytester.path / "parity_auto.toml").write_text(f'[[scenario]]\nid = "auto-one"\ndataset = "circles"\n'
                                                    'layer_dims = [2, 3, 1]\nnum_epochs = 1\n')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--collect-only", "-q",
                                           "--parity-scenarios", "scenarios/my.toml")
    result.stdout.fnmatch_lines(["parity_auto.toml::auto-one?octave?", "scenarios/my.toml::mine-circles?python?",
                                 "scenarios/my.toml::mine-circles?r?", "scenarios/my.toml::mine-circles?octave?",
                                 "6 tests collected*"])
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-v", "--parity-scenarios", "scenarios/my.toml",
                                           "-k", "mine and not python", "--parity-impl", f"r={_port(pytester.path, 'my_r')}")
    result.assert_outcomes(passed=2, deselected=4)
    result.stdout.fnmatch_lines(["*mine-circles?r? PASSED*", "*mine-circles?octave? PASSED*"])


def test_an_item_of_a_planted_bug_fails_with_the_blame_in_its_language_only(pytester):
    (pytester.path / "parity_one.toml").write_text(f'[[scenario]]\nid = "one"\ndataset = "circles"\n'
                                                   'layer_dims = [2, 3, 1]\nnum_epochs = 1\n')
    buggy = _port(pytester.path, "buggy_r", bug=True)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--parity-impl", f"r={buggy}")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*suspect R: backward stage*missing 1/m*", "FAILED parity_one.toml::one?r?*"])


def test_an_absent_engine_fails_with_a_clear_message_or_skips_when_asked(pytester, monkeypatch):
    monkeypatch.setenv("R_HOME", "/tmp/bogus")  # R cannot start: as on a machine without R
    pytester.makepyfile(test_needs_r='''
        def test_port(parity):
            parity.run("circles-relu-sigmoid-gd").assert_agree()
    ''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--parity-languages", "python,r")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*nnparity: the R engine could not start*", "*--parity-skip-missing*"])
    assert "Traceback" not in result.stdout.str()
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--parity-languages", "python,r",
                                           "--parity-skip-missing", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*SKIPPED*the R engine could not start*"])
