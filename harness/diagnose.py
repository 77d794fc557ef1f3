"""Recognise the usual porting bugs in the difference between a suspect value and the consensus.

Each check returns a sentence or None; `diagnose` returns the first that fits, most specific first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .layout import row_major_order


@dataclass(frozen=True)
class Context:
    """What the patterns need to know about the scenario."""

    m: int  # examples in the (full) batch the stage used
    lambd: float
    params: dict  # the initial parameters all languages received
    layer_dims: tuple


def _close(a, b, rtol=1e-6, atol=1e-300) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def _layer_of(quantity: str) -> int | None:
    found = re.search(r"\b(?:d?[Wb])(\d+)$", quantity)
    return int(found.group(1)) if found else None


def _name_factor(factor: float, m: int, named_only: bool = False) -> str | None:
    if m > 1 and np.isclose(factor, m, rtol=1e-6):
        return f"m = {m} times the consensus: a missing 1/m"
    if m > 1 and np.isclose(factor, 1.0 / m, rtol=1e-6):
        return f"1/m = 1/{m} of the consensus: an extra 1/m"
    for k in (2, 3, 4, 0.5, 0.25, 10):
        if np.isclose(factor, k, rtol=1e-9):
            note = " (e.g. 4/m instead of 1/m)" if k == 4 else ""
            return f"{k:g} times the consensus{note}"
    # Any two numbers have a ratio: for a single element only a recognisable one means something.
    return None if named_only else f"{factor:.6g} times the consensus"


def transpose_pattern(quantity, suspect, consensus, context):
    if suspect.shape != consensus.shape and suspect.shape == consensus.T.shape and _close(suspect, consensus.T):
        return f"transposed: shape {suspect.shape} holds the consensus {consensus.shape} transposed"
    return None


def shape_pattern(quantity, suspect, consensus, context):
    if suspect.shape != consensus.shape:
        return f"wrong shape {suspect.shape}, expected {consensus.shape}"
    return None


def sign_pattern(quantity, suspect, consensus, context):
    if np.any(consensus != 0) and _close(suspect, -consensus):
        return "sign flipped: exactly minus the consensus"
    return None


def scale_pattern(quantity, suspect, consensus, context):
    finite = np.isfinite(suspect) & np.isfinite(consensus)
    big = finite & (np.abs(consensus) > 1e-12 * max(np.abs(consensus[finite]).max(initial=0.0), 1e-300))
    if big.sum() == 0 or not np.all(finite):
        return None
    ratios = suspect[big] / consensus[big]
    factor = float(np.median(ratios))
    if np.isclose(factor, 1.0, rtol=1e-6) or not np.allclose(ratios, factor, rtol=1e-6):
        return None
    if not _close(suspect, consensus * factor, rtol=1e-6, atol=1e-15):
        return None
    named = _name_factor(factor, context.m, named_only=big.sum() < 2)
    return "constant factor: " + named if named else None


def l2_gradient_pattern(quantity, suspect, consensus, context):
    layer = _layer_of(quantity)
    if context.lambd <= 0 or layer is None or not quantity.split(".")[-1].startswith("dW"):
        return None
    weight = context.params.get(f"W{layer}")
    if weight is None or weight.shape != suspect.shape:
        return None
    term = context.lambd / context.m * weight
    difference = suspect - consensus
    if _close(difference, -term, rtol=1e-5):
        return f"missing L2 term: differs by exactly -(lambda/m)·W{layer}"
    if _close(difference, term, rtol=1e-5):
        return f"doubled L2 term: differs by exactly +(lambda/m)·W{layer}"
    return None


def l2_cost_pattern(quantity, suspect, consensus, context):
    if quantity != "cost" or context.lambd <= 0:
        return None
    weights = [w for name, w in context.params.items() if name.startswith("W")]
    term = context.lambd / (2 * context.m) * sum(float(np.sum(w * w)) for w in weights)
    difference = float(suspect.ravel()[0] - consensus.ravel()[0])
    if np.isclose(difference, -term, rtol=1e-6):
        return "L2 term missing from the cost: differs by exactly -(lambda/2m)·Σ‖W‖²"
    if np.isclose(difference, term, rtol=1e-6):
        return "L2 term doubled in the cost: differs by exactly +(lambda/2m)·Σ‖W‖²"
    return None


def order_pattern(quantity, suspect, consensus, context):
    """A flat vector holding the right numbers in another order (e.g. row-major)."""
    if suspect.shape != consensus.shape or suspect.size < 2 or not quantity.endswith(("grad", "gradapprox")):
        return None
    if not _close(np.sort(suspect.ravel()), np.sort(consensus.ravel()), rtol=1e-6, atol=1e-12):
        return None
    order = row_major_order(context.layer_dims)
    if order.size == consensus.size and _close(suspect.ravel(), consensus.ravel()[order], rtol=1e-6, atol=1e-12):
        return "same values in row-major order: the flat vector must stack columns (column-major)"
    return "same values in another order: the flat vector's ordering differs"


def confined_pattern(quantity, suspect, consensus, context):
    if suspect.shape != consensus.shape or suspect.ndim != 2 or suspect.size < 2:
        return None
    off = ~np.isclose(suspect, consensus, rtol=1e-8, atol=1e-14, equal_nan=True)
    rows, cols = np.nonzero(off.any(axis=1))[0], np.nonzero(off.any(axis=0))[0]
    layer = _layer_of(quantity)
    if len(rows) == 1 and suspect.shape[0] > 1:
        unit = f" (unit {rows[0] + 1} of layer {layer})" if layer else ""
        return f"confined to row {rows[0]}{unit}"
    if len(cols) == 1 and suspect.shape[1] > 1:
        return f"confined to column {cols[0]}"
    return None


PATTERNS = (transpose_pattern, shape_pattern, sign_pattern, l2_gradient_pattern, l2_cost_pattern,
            scale_pattern, order_pattern, confined_pattern)


def diagnose(quantity: str, suspect: np.ndarray, consensus: np.ndarray, context: Context) -> str:
    for pattern in PATTERNS:
        found = pattern(quantity, suspect, consensus, context)
        if found:
            return found
    return ""
