"""Write BENCHMARKS.md from benchmarks/results/*.json (the numbers of one run, side by side).

    .venv/bin/python benchmarks/report.py
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
LABELS = {"python": "Python", "r": "R", "octave": "Octave", "torch": "torch"}


NOTES = """Reading the table:
- *full* gives the plain loop's `gradapprox` to rounding and the same verdict and kinks in every case.
  The last column is a few units of eps·|J|/2ε (≈ 2.5e-9 on digits), the finite differences' own
  rounding, except for Octave's relu path on digits (5.6e-8), explained next.
- Octave's full mode first reached only 14× on digits (5.0 s). Profiled (`profile on`), 1.4 s of that
  was `exp` and 0.9 s elementwise division: the softmax over 10 classes × 1,797 examples for each of the
  22,520 perturbed passes. For a relu layer it now goes unit by unit and evaluates the later layers and
  the cost only on the examples the unit reaches (about half; the others keep their unperturbed cost
  terms), `gradient_check_relu_rows.m`. Its finite differences then carry less rounding noise than
  Octave's plain loop (a sequential sum over all 1,797 examples), which is what the last column shows
  for Octave on digits.
- *fast* compares a few random directions per tensor; its `difference` is the same formula over those
  directional pairs, whose rounding noise averages out, so its band can be better than the plain
  loop's (digits in Octave: "passes" → "correct"). On the largest case the pass/fail verdict is
  unchanged in every language; on the small-weights case below it is not.
- The small-weights case is the one where `torch.autograd.gradcheck`'s exact mode fails a correct
  network: the spiral's first point is (0, 0), so with zero biases every first-layer relu sits on its
  kink there. All three languages set the 150 kinked components aside and report them. What remains
  is rounding noise on tiny gradients (~1e-5..1e-4 against eps·|J|/ε ≈ 2e-9): plain and full say
  "suspicious" (2e-5 to 1e-4), while fast says "passes" in numpy and R and "suspicious" in Octave.
  So on this correct network fast mode raises fewer alarms than the plain loop. No mode says "bug"
  (> 1e-3), and `nnparity mutants --own-check` shows fast missing none of the mutants full catches."""


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
    lines += ["", f"**Against the targets on the largest case ({largest}):** full ≥ 20× and fast ≥ 500× the plain loop."]
    for language in ("python", "r", "octave"):
        mine = {r["mode"]: r for r in rows if r["case"] == largest and r["language"] == language}
        if set(mine) != {"plain", "full", "fast"}:
            continue
        full_ratio = mine["plain"]["seconds"] / mine["full"]["seconds"]
        fast_ratio = mine["plain"]["seconds"] / mine["fast"]["seconds"]
        lines.append(f"- {LABELS[language]}: full {full_ratio:.0f}× ({'met' if full_ratio >= 20 else 'NOT met'}), "
                     f"fast {fast_ratio:.0f}× ({'met' if fast_ratio >= 500 else 'NOT met'}); pass/fail verdict "
                     f"{'unchanged' if all((m['difference'] <= 1e-5) == (mine['plain']['difference'] <= 1e-5) for m in mine.values()) else 'CHANGED'}.")
    lines += ["", NOTES]
    bridge = {r["language"]: r["bridge_seconds"] for r in rows if "bridge_seconds" in r and r["case"] == cases[-1]}
    lines += ["", "Times are measured from Python and include one bridge crossing; the crossing alone for the "
              "largest case's parameters: " + ", ".join(f"{LABELS[l]} {s * 1000:.1f} ms" for l, s in bridge.items()) + "."]
    return lines


def training_section(data) -> list[str]:
    lines = ["## Training", "", f"digits, {data['layer_dims']}, relu/softmax, mini-batch 64 (29 steps per epoch), "
             "the whole loop inside the language; epochs per second, medians.", "",
             "| optimiser | " + " | ".join(LABELS[l] for l in ("python", "r", "octave")) + " |", "|---|---|---|---|"]
    for optimizer in ("gd", "momentum", "rmsprop", "adam"):
        cells = [next((f"{r['epochs_per_second']:.1f}" for r in data["rows"] if r["language"] == l and r["optimizer"] == optimizer), "-")
                 for l in ("python", "r", "octave")]
        lines.append(f"| {optimizer} | " + " | ".join(cells) + " |")
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
              "conversion for R, oct2py's .mat files for Octave. Python runs in process."]
    return lines


def main():
    parts = {name: json.loads((RESULTS / f"{name}.json").read_text()) for name in ("gradcheck", "training", "suite")
             if (RESULTS / f"{name}.json").is_file()}
    machine = next(iter(parts.values()))["machine"] if parts else "?"
    lines = ["# Benchmarks", "", f"Measured {date.today().isoformat()} on {machine}. Re-run:", "", "```bash",
             ".venv/bin/python benchmarks/bench_gradcheck.py   # ~25 min: the plain loops are the slow part",
             ".venv/bin/python benchmarks/bench_training.py",
             ".venv/bin/python benchmarks/bench_suite.py",
             ".venv/bin/python benchmarks/report.py            # writes this file from benchmarks/results/",
             "```", "", "torch for the outside reference: `.venv/bin/pip install torch==2.13.0` (not a dependency).", ""]
    if "gradcheck" in parts:
        lines += gradcheck_section(parts["gradcheck"]) + [""]
    if "training" in parts:
        lines += training_section(parts["training"]) + [""]
    if "suite" in parts:
        lines += suite_section(parts["suite"]) + [""]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines))
    print(f"wrote {ROOT / 'BENCHMARKS.md'}")


if __name__ == "__main__":
    main()
