"""Training speed: epochs per second per language and optimiser on digits, mini-batch 64.

    .venv/bin/python benchmarks/bench_training.py [--epochs 20] [--repeats 7]

One bridge call per run: the whole training loop runs inside the language. The timing includes
that call's one crossing (inputs in, results out), which does not grow with the epochs: 20 epochs
per call (580 updates) keep it a small share of the run, and the crossing alone (the same payload
sent to a function that does nothing) is recorded beside each row.

The languages' runs are interleaved (every engine started first; each repeat runs every optimiser
in every language in turn), so that a slower or faster stretch of the machine falls on all of them
alike and the ratios between languages hold; one untimed call per language and optimiser first.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from common import label, machine, timed  # noqa: E402

from nnparity.adapters import make_adapter  # noqa: E402
from nnparity.data import load_dataset  # noqa: E402
from nnparity.draws import draw_parameters, draw_permutations  # noqa: E402

LAYER_DIMS = (64, 32, 10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--languages", nargs="*", default=["python", "r", "octave"])
    parser.add_argument("--json", default="benchmarks/results/training.json")
    args = parser.parse_args()
    print(machine(), flush=True)
    data = load_dataset("digits")
    m = data.X.shape[1]
    rng = np.random.default_rng(0)
    params = draw_parameters(LAYER_DIMS, "he", rng)
    permutations = draw_permutations(m, args.epochs, 64, rng)
    optimizers = ("gd", "momentum", "rmsprop", "adam")

    def options(optimizer):
        return {"hidden_activation": "relu", "output_activation": "softmax", "optimizer": optimizer,
                "learning_rate": 0.01, "batch_size": 64, "num_epochs": args.epochs}

    adapters = {language: make_adapter(language) for language in args.languages}
    try:
        times = {(language, optimizer): [] for language in args.languages for optimizer in optimizers}
        results = {}
        for repeat in range(args.repeats + 1):  # repeat 0: the untimed warm-up call
            for optimizer in optimizers:
                for language, adapter in adapters.items():
                    start = time.perf_counter()
                    results[language, optimizer] = adapter.call("train", data.X, data.Y, params, options(optimizer),
                                                                 permutations, [], nout=2)
                    if repeat:
                        times[language, optimizer].append(time.perf_counter() - start)
        rows = []
        for language, adapter in adapters.items():
            for optimizer in optimizers:
                seconds = statistics.median(times[language, optimizer])
                result = results[language, optimizer]
                crossing, _ = timed(lambda: adapter.crossing_seconds(data.X, data.Y, params, options(optimizer),
                                                                     permutations, [])
                                    + adapter.crossing_seconds(*result), args.repeats)
                rows.append({"language": language, "optimizer": optimizer, "epochs": args.epochs,
                             "seconds": seconds, "epochs_per_second": args.epochs / seconds,
                             "crossing_seconds": crossing})
                print(f"{label(language):<7} {optimizer:<9} {args.epochs / seconds:8.1f} epochs/s "
                      f"({seconds:.3f}s for {args.epochs} epochs of {m} examples, {int(np.ceil(m / 64))} steps each; "
                      f"crossing alone {crossing * 1000:.1f} ms)", flush=True)
    finally:
        for adapter in adapters.values():
            adapter.close()
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps({"machine": machine(), "layer_dims": LAYER_DIMS, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
