"""The whole default parity suite: wall time, time per language, and the share spent crossing.

    .venv/bin/python benchmarks/bench_suite.py [--repeats 3]

"Crossing" is what the bridge alone costs for each scenario's payload: the same inputs sent to a
function that does nothing (rpy2 conversion; oct2py's .mat files), plus the results sent the same
way. It is measured per scenario and language, next to the language's whole run_scenario call.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import label, machine  # noqa: E402

from nnparity import LANGUAGES  # noqa: E402
from nnparity.data import load_dataset  # noqa: E402
from nnparity.draws import draw_inputs  # noqa: E402
from nnparity.run import AdapterPool, run_scenario  # noqa: E402
from nnparity.scenario import load_suite  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", default="benchmarks/results/suite.json")
    args = parser.parse_args()
    print(machine(), flush=True)
    suite = load_suite()
    walls, per_language, crossing, calls = [], {l: [] for l in LANGUAGES}, {l: [] for l in LANGUAGES}, {}
    for repeat in range(args.repeats):
        start = time.perf_counter()
        with AdapterPool(LANGUAGES) as pool:  # starting R and Octave is part of the wall time
            totals = {l: 0.0 for l in LANGUAGES}
            crossed = {l: 0.0 for l in LANGUAGES}
            for scenario in suite:
                run = run_scenario(scenario, pool)
                assert run.passed, scenario.id
                inputs = draw_inputs(scenario, load_dataset(scenario.dataset))
                payload = (inputs.X, inputs.Y, inputs.params, inputs.options, inputs.check_masks,
                           inputs.permutations.astype(float), inputs.train_masks)
                for language, result in run.results.items():
                    totals[language] += result.seconds
                    calls[language] = calls.get(language, 0) + result.bridge_calls
                    adapter = pool.adapters[language]
                    crossed[language] += adapter.crossing_seconds(*payload) + adapter.crossing_seconds(result.stages)
        walls.append(time.perf_counter() - start)
        for language in LANGUAGES:
            per_language[language].append(totals[language])
            crossing[language].append(crossed[language])
        print(f"run {repeat + 1}: wall {walls[-1]:.2f}s; " + ", ".join(
            f"{label(l)} {totals[l]:.2f}s (crossing {crossed[l]:.2f}s)" for l in LANGUAGES), flush=True)
    summary = {
        "machine": machine(), "scenarios": len(suite), "repeats": args.repeats,
        "wall_median": statistics.median(walls),
        "languages": {l: {"median_seconds": statistics.median(per_language[l]),
                          "median_crossing_seconds": statistics.median(crossing[l]),
                          "bridge_calls_per_scenario": calls[l] / (len(suite) * args.repeats)} for l in LANGUAGES},
    }
    for language, row in summary["languages"].items():
        share = row["median_crossing_seconds"] / row["median_seconds"] if row["median_seconds"] else 0.0
        print(f"{label(language):<7} {row['median_seconds']:7.2f}s in run_scenario, of which crossing "
              f"{row['median_crossing_seconds']:.2f}s ({share:.0%}); {row['bridge_calls_per_scenario']:.0f} bridge call(s) per scenario")
    print(f"wall time, median of {args.repeats}: {summary['wall_median']:.2f}s for {len(suite)} scenarios × 3 languages")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
