"""Write BENCHMARKS.md from benchmarks/results/*.json (the numbers of one run, side by side).

    .venv/bin/python benchmarks/report.py
"""

from __future__ import annotations

import json
import statistics
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
LABELS = {"python": "Python", "r": "R", "octave": "Octave", "torch": "torch"}


NOTES = """Reading the table:
- *full* gives the plain loop's `gradapprox` to rounding and the same verdict and kinks; the last
  column is within the finite differences' noise floor η (docs/CONTRACT.md). All three languages run
  one algorithm (docs/CONTRACT.md, "Gradient check: one algorithm"): a perturbed component changes
  one row of its layer's Z, pushed on as a rank-one change, and only the examples it moves (a relu
  unit inactive at ±ε, a dropped unit, a zero input keep their unperturbed loss) run through the
  later layers, stacked as column blocks. With a softmax output, a change of the last hidden layer
  or of a logit reaches the logits as a rank-one term, and its loss comes from a series instead
  (`loss_expansion`, `expanded_losses`: one `log1p` per moved column, not n_L `exp`s; exact to
  rounding where |d|·max|w| ≤ 1e-4, the stack elsewhere). What remains is mostly the bookkeeping of
  the moved (version, example) pairs in `stacked_row_change` (profiled in all three languages).
- *fast* compares a few random directions per tensor (drawn by the harness, the same for every
  language); its `difference` is the same formula over those directional pairs.
- Bands: a difference above 1e-5 whose error ‖g − approx‖ is within the noise floor is
  "indeterminate", not a bug."""


def gradcheck_section(data) -> list[str]:
    rows = data["rows"]
    lines = ["## Gradient checking", "",
             "Each language's own `gradient_check` run inside the language (one bridge call), medians; plain = the",
             "reference loop (two full forward passes per component). *speed-up* is against the plain loop in the",
             "same language. `torch.autograd.gradcheck` (float64, CPU, eps 1e-6, atol 1e-5, rtol 1e-3) checks the",
             "same cost as a function of the flat parameter vector.", "",
             "| case | P | language | plain | full | fast | full speed-up | fast speed-up | verdict plain / full / fast | kinks | max \\|full − plain\\| gradapprox |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    cases = list(dict.fromkeys(r["case"] for r in rows))
    for case in cases:
        for language in ("python", "r", "octave"):
            mine = {r["mode"]: r for r in rows if r["case"] == case and r["language"] == language}
            if set(mine) != {"plain", "full", "fast"}:
                continue
            plain, full, fast = mine["plain"], mine["full"], mine["fast"]
            lines.append(
                f"| {case} | {plain['parameters']} | {LABELS[language]} | {plain['seconds']:.3f} s ({plain['repeats']}×) "
                f"| {full['seconds']:.4f} s | {fast['seconds']:.4f} s | {plain['seconds'] / full['seconds']:.0f}× "
                f"| {plain['seconds'] / fast['seconds']:.0f}× | {plain['band']} / {full['band']} / {fast['band']} "
                f"| {plain['n_kinks']} / {full['n_kinks']} / {fast['n_kinks']} | {full.get('max_gap_to_plain', float('nan')):.1e} |")
        torch = {r["mode"]: r for r in rows if r["case"] == case and r["language"] == "torch"}
        if torch:
            lines.append(f"| {case} | {rows[[r['case'] for r in rows].index(case)]['parameters']} | torch | "
                         f"exact {torch['torch exact']['seconds']:.3f} s | | fast {torch['torch fast']['seconds']:.4f} s | | | "
                         f"exact: {torch['torch exact']['verdict']}; fast: {torch['torch fast']['verdict']} | | |")
    largest = max(cases, key=lambda c: next(r["parameters"] for r in rows if r["case"] == c))
    lines += ["", f"**Against the targets on the largest case ({largest}):** full ≥ 50× and fast ≥ 500× the plain loop."]
    for language in ("python", "r", "octave"):
        mine = {r["mode"]: r for r in rows if r["case"] == largest and r["language"] == language}
        if set(mine) != {"plain", "full", "fast"}:
            continue
        full_ratio = mine["plain"]["seconds"] / mine["full"]["seconds"]
        fast_ratio = mine["plain"]["seconds"] / mine["fast"]["seconds"]
        lines.append(f"- {LABELS[language]}: full {full_ratio:.0f}× ({'met' if full_ratio >= 50 else 'NOT met'}), "
                     f"fast {fast_ratio:.0f}× ({'met' if fast_ratio >= 500 else 'NOT met'}); pass/fail verdict "
                     f"{'unchanged' if all((m['difference'] <= 1e-5) == (mine['plain']['difference'] <= 1e-5) for m in mine.values()) else 'CHANGED'}.")
    lines += ["", NOTES]
    bridge = {r["language"]: r["bridge_seconds"] for r in rows if "bridge_seconds" in r and r["case"] == cases[-1]}
    lines += ["", "Times are measured from Python and include one bridge crossing; the crossing alone for the "
              "largest case's parameters: " + ", ".join(f"{LABELS[l]} {s * 1000:.1f} ms" for l, s in bridge.items()) + "."]
    return lines


def training_section(data) -> list[str]:
    epochs = data["rows"][0]["epochs"] if data["rows"] else "?"
    lines = ["## Training", "", f"digits, {data['layer_dims']}, relu/softmax, mini-batch 64 (29 steps per epoch), "
             f"the whole loop inside the language, {epochs} epochs per call; epochs per second, medians, including "
             "the call's one bridge crossing. The languages' calls are interleaved (each repeat runs every optimiser "
             "in every language in turn, after one untimed call each), so the ratios are of the same stretch of the "
             "machine. R's engine starts R with a 256 MB vector heap (harness/adapters/r_adapter.py; a user's own "
             "R_VSIZE wins): at R's default 64 MB its garbage collector took ~10% of a training run.", "",
             "| optimiser | " + " | ".join(LABELS[l] for l in ("python", "r", "octave")) + " |", "|---|---|---|---|"]
    for optimizer in ("gd", "momentum", "rmsprop", "adam"):
        cells = [next((f"{r['epochs_per_second']:.1f}" for r in data["rows"] if r["language"] == l and r["optimizer"] == optimizer), "-")
                 for l in ("python", "r", "octave")]
        lines.append(f"| {optimizer} | " + " | ".join(cells) + " |")
    speed = {l: [r["epochs_per_second"] for r in data["rows"] if r["language"] == l] for l in ("python", "r", "octave")}
    if all(speed.values()):
        mean = {l: sum(v) / len(v) for l, v in speed.items()}
        lines += ["", "**Against the targets** (mean over the four optimisers, same run): "
                  + "; ".join(f"{LABELS[l]} {mean[l] / mean['python']:.2f}× numpy (target ≥ {target}×, "
                              f"{'met' if mean[l] / mean['python'] >= target else 'NOT met'})"
                              for l, target in (("r", 0.5), ("octave", 0.25))) + "."]
    crossing = {l: [r["crossing_seconds"] for r in data["rows"] if r["language"] == l and "crossing_seconds" in r]
                for l in ("python", "r", "octave")}
    if all(crossing.values()):
        lines += ["", "The crossing alone (inputs in, results out, to a function that does nothing), once per call: "
                  + ", ".join(f"{LABELS[l]} {statistics.median(v) * 1000:.1f} ms" for l, v in crossing.items())
                  + f"; it does not grow with the epochs, so {epochs} epochs per call keep it a small share."]
    return lines


def suite_section(data) -> list[str]:
    lines = ["## The default parity suite", "",
             f"{data['scenarios']} scenarios × 3 languages, median of {data['repeats']} runs, wall time including "
             f"starting R and Octave: **{data['wall_median']:.1f} s**.", "",
             "| language | time in run_scenario | of which crossing the bridge | share | bridge calls per scenario |",
             "|---|---|---|---|---|"]
    for language, row in data["languages"].items():
        share = row["median_crossing_seconds"] / row["median_seconds"] if row["median_seconds"] else 0
        lines.append(f"| {LABELS[language]} | {row['median_seconds']:.2f} s | {row['median_crossing_seconds']:.2f} s | "
                     f"{share:.0%} | {row['bridge_calls_per_scenario']:.0f} |")
    lines += ["", "Crossing = the same payload (inputs, then results) sent to a function that does nothing: rpy2's "
              "conversion for R, oct2py's .mat files for Octave, timed inside each language's engine process; numpy needs "
              "no bridge inside its engine. Every language runs in an engine process of its own (harness/engine.py): "
              "the pipe to it adds pickling, not counted here."]
    return lines


def parallel_section(data) -> list[str]:
    lines = ["## Parallel runs", "",
             f"The default suite ({data['scenarios']} scenarios × 3 languages) on {data['cores']} cores, from starting the "
             f"engines to the last comparison, median of {data['repeats']} interleaved runs of each variant in one "
             "benchmark run (benchmarks/bench_parallel.py). *sequential* runs each scenario's languages one after "
             "another, as the harness did before its engines ran concurrently.", "",
             "| variant | wall time | × sequential |", "|---|---|---|"]
    for row in data["rows"]:
        lines.append(f"| {row['variant']} | {row['median_seconds']:.2f} s | {row['ratio_to_sequential']:.2f}× |")
    best = min(row["ratio_to_sequential"] for row in data["rows"] if row["variant"] != "sequential")
    lines += ["", f"**Against the target** (≤ 0.6× the sequential run on 2 cores): best {best:.2f}×, "
              f"{'met' if best <= 0.6 else 'NOT met'}. Dask's overhead per scenario against `-j 2` "
              f"(LocalCluster of 2 processes, its start not counted): {data['dask_overhead_per_scenario'] * 1000:.0f} ms."]
    return lines


def main():
    parts = {name: json.loads((RESULTS / f"{name}.json").read_text()) for name in ("gradcheck", "training", "suite", "parallel")
             if (RESULTS / f"{name}.json").is_file()}
    machine = next(iter(parts.values()))["machine"] if parts else "?"
    lines = ["# Benchmarks", "", f"Measured {date.today().isoformat()} on {machine}. Re-run:", "", "```bash",
             ".venv/bin/python benchmarks/bench_gradcheck.py   # ~25 min: the plain loops are the slow part",
             ".venv/bin/python benchmarks/bench_training.py",
             ".venv/bin/python benchmarks/bench_suite.py",
             ".venv/bin/python benchmarks/bench_parallel.py",
             ".venv/bin/python benchmarks/report.py            # writes this file from benchmarks/results/",
             "```", "", "torch for the outside reference: `.venv/bin/pip install torch==2.13.0` (not a dependency).", ""]
    if "gradcheck" in parts:
        lines += gradcheck_section(parts["gradcheck"]) + [""]
    if "training" in parts:
        lines += training_section(parts["training"]) + [""]
    if "suite" in parts:
        lines += suite_section(parts["suite"]) + [""]
    if "parallel" in parts:
        lines += parallel_section(parts["parallel"]) + [""]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines))
    print(f"wrote {ROOT / 'BENCHMARKS.md'}")


if __name__ == "__main__":
    main()
