"""Gradient check per language and mode against the plain loop, and torch.autograd.gradcheck.

    .venv/bin/python benchmarks/bench_gradcheck.py [--repeats 5] [--plain-repeats 1] [--cases ...]

Each language runs its own `gradient_check` inside the language (one bridge call); times are
medians of repeated runs, measured from Python (the bridge's per-call cost is measured separately
and reported). The verdict of every mode must equal the plain loop's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from common import GRADCHECK_CASES, case_inputs, label, machine, parameter_count, timed  # noqa: E402

from nnparity.adapters import make_adapter  # noqa: E402
from nnparity.tolerances import band  # noqa: E402


def check(adapter, inputs, mode):
    options = dict(inputs.options, grad_check_mode=mode, grad_check_directions=4)
    return adapter.call("gradient_check", inputs.X, inputs.Y, inputs.params, options, inputs.check_masks)


def torch_gradcheck(inputs, fast: bool):
    """torch.autograd.gradcheck on J(theta), float64, CPU: the outside reference."""
    import torch

    X = torch.tensor(inputs.X)
    labels = torch.tensor(inputs.Y.ravel().astype(np.int64))
    names = list(inputs.params)
    shapes = [inputs.params[name].shape for name in names]
    theta = torch.tensor(np.concatenate([inputs.params[n].ravel(order="F") for n in names]), requires_grad=True)

    def cost(flat):
        tensors, start = [], 0
        for shape in shapes:
            size = shape[0] * shape[1]
            tensors.append(flat[start:start + size].reshape(shape[1], shape[0]).T)  # column-major
            start += size
        A = X
        n_layers = len(tensors) // 2
        for layer in range(n_layers):
            Z = tensors[2 * layer] @ A + tensors[2 * layer + 1]
            A = torch.relu(Z) if layer < n_layers - 1 else torch.log_softmax(Z, dim=0)
        return -A[labels, torch.arange(A.shape[1])].mean()

    try:
        passed = torch.autograd.gradcheck(cost, (theta,), eps=1e-6, atol=1e-5, rtol=1e-3, fast_mode=fast,
                                          raise_exception=True)
        return "pass" if passed else "fail"
    except RuntimeError as error:
        return "FAIL: " + str(error).splitlines()[0][:60]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", nargs="*", default=list(GRADCHECK_CASES))
    parser.add_argument("--languages", nargs="*", default=["python", "r", "octave"])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--plain-repeats", type=int, default=3, help="plain loops taking >= 20 s run once")
    parser.add_argument("--json", default="benchmarks/results/gradcheck.json")
    args = parser.parse_args()
    print(machine(), flush=True)
    rows = []
    for language in args.languages:
        with make_adapter(language) as adapter:
            for case in args.cases:
                inputs = case_inputs(case)
                P = parameter_count(GRADCHECK_CASES[case][1])
                # The bridge's own cost for this data: a call that does nothing with it.
                bridge, _ = timed(lambda: adapter.call("parameters_to_vector", inputs.params), args.repeats)
                timings = {}
                for mode in ("plain", "full", "fast"):
                    repeats = args.repeats
                    if mode == "plain":  # slow: repeat only when a run is short
                        first, record = timed(lambda: check(adapter, inputs, mode), 1)
                        repeats = args.plain_repeats if first < 20 else 1
                        seconds = first
                        if repeats > 1:
                            seconds, record = timed(lambda: check(adapter, inputs, mode), repeats)
                    else:
                        seconds, record = timed(lambda: check(adapter, inputs, mode), repeats)
                    timings[mode] = (seconds, record)
                    difference = float(np.ravel(record["difference"])[0])
                    rows.append({"case": case, "parameters": P, "language": language, "mode": mode,
                                 "seconds": seconds, "repeats": repeats, "difference": difference,
                                 "band": band(difference), "n_kinks": int(np.ravel(record.get("n_kinks", [0]))[0]),
                                 "bridge_seconds": bridge})
                    print(f"{label(language):<7} {case:<22} P={P:<6} {mode:<5} {seconds:9.4f}s "
                          f"difference {difference:.2e} ({band(difference)}) kinks {rows[-1]['n_kinks']}", flush=True)
                plain_approx = np.ravel(timings["plain"][1]["gradapprox"])
                full_approx = np.ravel(timings["full"][1]["gradapprox"])
                gap = float(np.max(np.abs(plain_approx - full_approx)))
                rows[-2]["max_gap_to_plain"] = gap
                print(f"        full vs plain: max |gradapprox gap| {gap:.1e}", flush=True)
    try:
        import torch  # noqa: F401

        for case in args.cases:
            inputs = case_inputs(case)
            for fast in (False, True):
                repeats = 1 if not fast else args.repeats  # exact mode is the slow plain loop
                seconds, verdict = timed(lambda: torch_gradcheck(inputs, fast), repeats)
                mode = "torch fast" if fast else "torch exact"
                rows.append({"case": case, "parameters": parameter_count(GRADCHECK_CASES[case][1]), "language": "torch",
                             "mode": mode, "seconds": seconds, "repeats": repeats, "verdict": verdict})
                print(f"torch   {case:<22} {mode:<11} {seconds:9.4f}s {verdict}", flush=True)
    except ImportError:
        print("torch not installed: no outside reference (pip install torch==2.13.0)")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps({"machine": machine(), "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
