"""-j N, --shard K/N + merge and --dask give the JSON a sequential run gives, byte for byte."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nnparity.scenario import resolve

# Four quick scenarios with every dataset and both output kinds; enough to interleave shards and jobs.
SCENARIOS = ["circles-relu-sigmoid-gd", "blobs-tanh-sigmoid-gd-4h", "spiral-relu-softmax-gd",
             "circles-leaky-sigmoid-adam-dropout", "digits-tanh-softmax-momentum-2h"]
ORDER = [scenario.id for scenario in resolve(SCENARIOS)]  # a run keeps the suite's order


def _nnparity(*arguments) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nnparity", *arguments], capture_output=True, text=True, timeout=900)


def _run(tmp_path: Path, name: str, *arguments) -> bytes:
    output = tmp_path / f"{name}.json"
    done = _nnparity("run", *SCENARIOS, "--quiet", "--json", str(output), *arguments)
    assert done.returncode == 0, done.stdout + done.stderr
    return output.read_bytes()


@pytest.fixture(scope="module")
def sequential(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("sequential"), "sequential")


def test_sequential_json_has_one_verdict_row_per_scenario_in_order(sequential):
    verdicts = [row for row in json.loads(sequential) if row["status"] == "verdict"]
    assert [row["scenario"] for row in verdicts] == ORDER
    assert [row["index"] for row in verdicts] == list(range(len(ORDER)))
    assert {row["verdict"] for row in verdicts} == {"pass"}


def test_two_jobs_give_the_same_json(tmp_path, sequential):
    assert _run(tmp_path, "jobs", "-j", "2") == sequential


def test_shards_merged_give_the_same_json(tmp_path, sequential):
    first = tmp_path / "shard1.json"
    first.write_bytes(_run(tmp_path, "one", "--shard", "1/2"))
    second = tmp_path / "shard2.json"
    second.write_bytes(_run(tmp_path, "two", "--shard", "2/2"))
    assert [row["scenario"] for row in json.loads(first.read_bytes()) if row["status"] == "verdict"] == ORDER[0::2]
    merged = tmp_path / "merged.json"
    done = _nnparity("merge", str(second), str(first), "-o", str(merged))  # any order
    assert done.returncode == 0, done.stderr
    assert merged.read_bytes() == sequential


def test_merge_refuses_an_incomplete_set_of_shards(tmp_path):
    first = tmp_path / "shard1.json"
    first.write_bytes(_run(tmp_path, "one", "--shard", "1/3"))
    done = _nnparity("merge", str(first), "-o", str(tmp_path / "merged.json"))
    assert done.returncode == 2
    assert "in none of the shards given" in done.stderr and "Traceback" not in done.stderr


def test_dask_local_cluster_gives_the_same_json(tmp_path, sequential):
    import distributed  # a test dependency (pyproject [test]): its absence fails, never skips
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        assert _run(tmp_path, "dask", "--dask", cluster.scheduler_address) == sequential
