"""The default suite's wall time: sequential as before, languages concurrent, -j N, and Dask.

    .venv/bin/python benchmarks/bench_parallel.py [--repeats 3] [--jobs 1 2 4]

All in one benchmark run, each timing from the start of the engines to the last comparison:
- sequential: one engine per language, started one after another, and each scenario's languages
  one after another (the harness before its engines ran concurrently: the baseline of the target);
- concurrent -j N: the languages of a scenario at once, scenarios on N engine sets (nnparity run -j N);
- dask: a LocalCluster of 2 worker processes (1 thread each), run after the others (an idle cluster
  slows them); its overhead per scenario is its median wall time minus -j 2's, over the number of
  scenarios. Starting the cluster is not counted; its workers keep their engines between runs.
Every variant must give the same verdicts; the JSON identity itself is tested (tests/test_parallel.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import machine  # noqa: E402

from nnparity import LANGUAGES, blas  # noqa: E402
from nnparity.run import AdapterPool, Session, run_scenario  # noqa: E402
from nnparity.scenario import load_suite  # noqa: E402


def sequential(suite) -> list:
    """The harness as it was: engines started one after another, each scenario's languages too."""
    with Session(LANGUAGES) as session, AdapterPool([]) as pool:
        for language in LANGUAGES:
            pool.languages.append(language)
            pool._start(language)  # waits for this engine before the next starts
        runs = []
        for scenario in suite:
            inputs = session.inputs(scenario)
            results = {language: pool.run(language, inputs) for language in LANGUAGES}  # one after another
            runs.append(run_scenario(scenario, pool, (), session.tolerances, inputs, results))
        return runs


def concurrent(suite, jobs: int) -> list:
    with Session(LANGUAGES, jobs=jobs) as session:
        return session.run(suite)


def on_dask(suite, address: str) -> list:
    from nnparity.distributed import run_on_dask

    return run_on_dask(address, suite, LANGUAGES, {}, 900.0)


def timed(work) -> tuple[float, list]:
    start = time.perf_counter()
    runs = work()
    return time.perf_counter() - start, runs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--no-dask", action="store_true", help="leave out the Dask variant")
    parser.add_argument("--json", default="benchmarks/results/parallel.json")
    args = parser.parse_args()
    blas.configure_threads()
    print(machine(), f"cores: {os.cpu_count()}", flush=True)
    suite = load_suite()
    variants = {"sequential": lambda: sequential(suite)}
    for jobs in args.jobs:
        variants[f"-j {jobs}"] = lambda jobs=jobs: concurrent(suite, jobs)
    seconds = {name: [] for name in variants}
    verdicts = {}
    for repeat in range(args.repeats):
        for name, work in variants.items():  # interleaved: a drift in the machine's load hits every variant
            wall, runs = timed(work)
            seconds[name].append(wall)
            verdicts[name] = [run.verdict for run in runs]
            print(f"run {repeat + 1}: {name:<18} {wall:6.2f}s", flush=True)
    if not args.no_dask:
        # Apart and after: an idle cluster (its scheduler, its workers' engines) would burden the others.
        from distributed import LocalCluster

        name = "dask (2 workers)"
        seconds[name] = []
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            for repeat in range(args.repeats):  # the first run starts the workers' engines, the later reuse them
                wall, runs = timed(lambda: on_dask(suite, cluster.scheduler_address))
                seconds[name].append(wall)
                verdicts[name] = [run.verdict for run in runs]
                print(f"run {repeat + 1}: {name:<18} {wall:6.2f}s", flush=True)
    assert all(v == verdicts["sequential"] for v in verdicts.values()), verdicts
    base = statistics.median(seconds["sequential"])
    rows = [{"variant": name, "median_seconds": statistics.median(values), "seconds": values,
             "ratio_to_sequential": statistics.median(values) / base} for name, values in seconds.items()]
    two = statistics.median(seconds.get("-j 2", seconds["sequential"]))
    dask = seconds.get("dask (2 workers)")
    dask_overhead = (statistics.median(dask) - two) / len(suite) if dask else None
    for row in rows:
        print(f"{row['variant']:<18} {row['median_seconds']:6.2f}s  {row['ratio_to_sequential']:.2f}× sequential")
    if dask:
        print(f"dask overhead per scenario against -j 2: {dask_overhead * 1000:.0f} ms")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps({"machine": machine(), "cores": os.cpu_count(), "scenarios": len(suite),
                                           "repeats": args.repeats, "rows": rows,
                                           "dask_overhead_per_scenario": dask_overhead}, indent=1))


if __name__ == "__main__":
    main()
