"""`nnparity calibrate`: measure how far apart correct implementations are, per tolerance rule.

For every "close" rule it reports, over all scenarios and language pairs, the largest absolute gap
and the relative tolerance that gap would need at the rule's atol; the tolerances in
tolerances.toml should sit well above these (headroom), and far below any real bug.
"""

from __future__ import annotations

import itertools
import platform
from datetime import date

import numpy as np

from .compare import flatten
from .tolerances import load_tolerances, tolerance_for


def measure(runs) -> dict:
    """rule glob -> {max_abs, needed_rtol, worst (scenario, quantity, pair), count}."""
    tolerances = load_tolerances()
    table = {t.quantity: {"tolerance": t, "max_abs": 0.0, "needed_rtol": 0.0, "worst": "", "compared": 0}
             for t in tolerances if t.rule == "close"}
    for run in runs:
        flats = {lang: flatten(res.stages) for lang, res in run.results.items()}
        names = set().union(*flats.values()) if flats else set()
        for name in names:
            tolerance = tolerance_for(name, tolerances)
            if tolerance.rule != "close":
                continue
            entry = table[tolerance.quantity]
            for a, b in itertools.combinations(sorted(flats), 2):
                x, y = flats[a].get(name), flats[b].get(name)
                if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray)) or x.shape != y.shape:
                    continue
                finite = np.isfinite(x) & np.isfinite(y)
                if not finite.any():
                    continue
                gap = np.abs(x[finite] - y[finite])
                scale = np.maximum(np.abs(x[finite]), np.abs(y[finite]))
                over = np.maximum(gap - tolerance.atol, 0.0)
                needed = float(np.max(np.divide(over, scale, out=np.zeros_like(over), where=scale > 0)))
                entry["compared"] += 1
                if gap.max() > entry["max_abs"]:
                    entry["max_abs"] = float(gap.max())
                    entry["worst"] = f"{run.scenario.id} {name} ({a} vs {b})"
                entry["needed_rtol"] = max(entry["needed_rtol"], needed)
    return table


def render(table: dict, runs, versions: dict) -> str:
    lines = [
        "# Tolerances and the measured spread",
        "",
        f"Measured by `nnparity calibrate` on {date.today().isoformat()} over the default suite "
        f"({len(runs)} scenarios, every pair of languages), {platform.machine()}, "
        + "; ".join(f"{k}: {v}" for k, v in versions.items()) + ".",
        "",
        "Two values agree element-wise when `|a - b| <= atol + rtol * max(|a|, |b|)` and their NaN/Inf",
        "positions match. *max gap* is the largest absolute difference seen between two languages;",
        "*rtol needed* is the smallest rtol that, with the rule's atol, would still accept every value seen.",
        "",
        "| quantity | atol | rtol | max gap seen | rtol needed | comparisons | worst case |",
        "|---|---|---|---|---|---|---|",
    ]
    for glob, entry in table.items():
        t = entry["tolerance"]
        lines.append(f"| `{glob}` | {t.atol:g} | {t.rtol:g} | {entry['max_abs']:.3g} | {entry['needed_rtol']:.3g} "
                     f"| {entry['compared']} | {entry['worst']} |")
    lines += [
        "",
        "Gradient-check differences (`gradcheck.difference`, `gradcheck.tensor_differences.*`) use the",
        "`band` rule: two values agree when both are ≤ 1e-5 (a passing check, where the digits are the",
        "rounding noise of the finite differences and depend on each language's summation order) or when",
        "they are within a factor of 10. Kink reports, modes and verdict strings are informational.",
    ]
    return "\n".join(lines) + "\n"
