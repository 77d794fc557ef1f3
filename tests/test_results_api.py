"""Issue 11: the library API, the run JSON's header and nulls, merge of shards with headers,
`mutants --json` for pandas, and --junit on run and mutants."""

import json
import math
import subprocess
import sys
import xml.etree.ElementTree as ET

import pandas
import pytest

import nnparity
from nnparity import report

SCENARIO = "circles-relu-sigmoid-gd"


def _nnparity(*arguments) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nnparity", *arguments], capture_output=True, text=True, timeout=900)


def test_import_is_cheap_and_the_api_is_listed():
    done = subprocess.run([sys.executable, "-c", "import sys, nnparity; print(sorted(m for m in ('numpy', 'pandas', "
                           "'rpy2', 'oct2py', 'nnparity.run') if m in sys.modules))"], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
    for name in ("run_scenarios", "Harness", "Results", "load_scenarios", "Scenario", "ScenarioRun"):
        assert name in nnparity.__all__ and getattr(nnparity, name) is not None


def test_run_scenarios_gives_a_result_object():
    results = nnparity.run_scenarios(SCENARIO, languages=["python", "octave"])
    assert results.passed and results.blame == "" and results.exit_code == 0
    frame = results.to_frame()
    assert set(frame.language.dropna()) == {"python", "octave"} and (frame.status == "verdict").sum() == 1
    assert results.header["versions"]["octave"].startswith("GNU Octave") and results.header["versions"]["r"] is None
    assert "1 passed, 0 failed" in results.summary()


def test_json_safe_writes_null_and_keeps_inf_distinguishable(tmp_path):
    path = tmp_path / "rows.json"
    report.write_rows([{"status": "agree", "value": math.nan}, {"status": "agree", "value": math.inf},
                       {"status": "agree", "value": -math.inf, "max_abs_diff": 1.5}], path)
    text = path.read_text()
    assert "NaN" not in text and '"nan"' in text and "Infinity" not in text
    rows = json.loads(text)  # strict JSON
    assert [row["value"] for row in rows] == [None, None, None]
    assert [row["value_text"] for row in rows] == ["nan", "inf", "-inf"] and rows[2]["max_abs_diff"] == 1.5


def _shard(tmp_path, name, header, index, of):
    path = tmp_path / name
    verdict = {"scenario": f"s{index}", "status": "verdict", "index": index, "of": of}
    path.write_text(json.dumps(([report.header_row(header)] if header else []) + [verdict]))
    return path


def test_merge_keeps_the_header_once_and_refuses_shards_with_different_headers(tmp_path):
    header = {"nnparity": "0.1.0", "languages": ["python"], "scenarios": 2, "tolerances": {}, "versions": {"r": "4.2"}}
    merged = report.merge_json([_shard(tmp_path, "b.json", header, 1, 2), _shard(tmp_path, "a.json", header, 0, 2)])
    assert [row["status"] for row in merged] == ["header", "verdict", "verdict"]
    other = dict(header, versions={"r": "4.3"})
    with pytest.raises(ValueError, match="header differs .* in versions"):
        report.merge_json([_shard(tmp_path, "a.json", header, 0, 2), _shard(tmp_path, "c.json", other, 1, 2)])
    with pytest.raises(ValueError, match="header differs"):
        report.merge_json([_shard(tmp_path, "a.json", header, 0, 2), _shard(tmp_path, "d.json", None, 1, 2)])


def _junit_structure(path, suite_name):
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    (suite,) = root
    assert suite.tag == "testsuite" and suite.get("name") == suite_name
    for attribute in ("tests", "failures", "errors", "skipped", "time"):  # required by the JUnit schema
        assert suite.get(attribute) is not None and root.get(attribute) == suite.get(attribute)
        float(suite.get(attribute))
    cases = list(suite)
    assert all(case.tag == "testcase" and case.get("classname") and case.get("name") and case.get("time") for case in cases)
    assert int(suite.get("tests")) == len(cases)
    for kind, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        assert int(suite.get(attribute)) == sum(case.find(kind) is not None for case in cases)
    return cases


def test_run_json_header_and_junit(tmp_path):
    output, junit = tmp_path / "run.json", tmp_path / "run.xml"
    done = _nnparity("run", SCENARIO, "--languages", "python,octave", "--json", str(output), "--junit", str(junit))
    assert done.returncode == 0, done.stdout + done.stderr
    frame = pandas.read_json(output)
    header = frame.iloc[0]
    assert header.status == "header" and header.languages == ["python", "octave"]
    assert header.tolerances["cost"]["rtol"] > 0 and header.versions["numpy"] and header.versions["rpy2"]
    assert header.versions["octave"].startswith("GNU Octave") and header.versions["r"] is None
    verdict = frame[frame.status == "verdict"].iloc[0]
    assert len(verdict.dataset_sha256) == 64
    cases = _junit_structure(junit, "nnparity run")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [(SCENARIO, lang) for lang in ("python", "r", "octave")]
    assert cases[1].find("skipped") is not None and cases[0].find("failure") is None


def test_junit_failure_carries_the_blame_and_errors_mark_engine_failures(tmp_path, monkeypatch):
    import shutil

    buggy = tmp_path / "buggy_r"
    shutil.copytree(nnparity.IMPL_DIRS["r"], buggy)
    backward = buggy / "R" / "backward.R"
    backward.write_text(backward.read_text().replace("db <- (1 / m) * ", "db <- "))
    junit = tmp_path / "run.xml"
    done = _nnparity("run", SCENARIO, "--impl", f"r={buggy}", "--junit", str(junit))
    assert done.returncode == 1, done.stdout + done.stderr
    cases = {c.get("name"): c for c in _junit_structure(junit, "nnparity run")}
    failure = cases["r"].find("failure")
    assert failure is not None and failure.get("message").startswith("suspect R: backward stage")
    assert "grads.db" in failure.text and cases["python"].find("failure") is None
    monkeypatch.setenv("R_HOME", "/tmp/bogus")
    done = _nnparity("run", SCENARIO, "--languages", "python,r", "--junit", str(junit))
    assert done.returncode == 3, done.stdout + done.stderr
    cases = {c.get("name"): c for c in _junit_structure(junit, "nnparity run")}
    assert cases["r"].find("error") is not None and "engine" in cases["r"].find("error").get("message")


def test_mutants_json_loads_with_pandas_and_junit_has_one_case_per_mutant(tmp_path):
    output, junit = tmp_path / "mutants.json", tmp_path / "mutants.xml"
    done = _nnparity("mutants", "r-db-without-1-over-m", "--json", str(output), "--junit", str(junit))
    assert done.returncode == 0, done.stdout + done.stderr
    frame = pandas.read_json(output)
    mutants = frame[frame.row == "mutant"]
    assert list(mutants.mutant) == ["r-db-without-1-over-m"] and mutants.iloc[0].detected
    rates = frame[frame.row == "rates"].set_index("language")
    assert rates.loc["r", "detected"] == 1
    (case,) = _junit_structure(junit, "nnparity mutants")
    assert case.get("classname") == "r-db-without-1-over-m" and case.get("name") == "r" and len(case) == 0
