"""Tolerances as data (tolerances.toml), looked up per quantity."""

from __future__ import annotations

import fnmatch
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .resources import TOLERANCE_FILE

# Gradient-check verdict bands (SPEC.md): correct, passes, suspicious, bug. Every rule about
# them lives here; the languages report the numbers (difference, error, noise) the rules need.
BAND_EDGES = (1e-7, 1e-5, 1e-3)
BAND_NAMES = ("correct", "passes", "suspicious", "bug")
PASSING_EDGE = BAND_EDGES[1]  # at or below: the check passes
# Two differences above the passing edge agree when within this factor of each other: rounding
# moves a difference by a few tens of percent (seen: 2.4e-6 vs 1.1e-5); a bug, by orders.
BAND_FACTOR = 10.0
INDETERMINATE = "indeterminate"  # above the passing edge, but the error is within the noise floor


def band(difference: float, error: float | None = None, noise: float | None = None) -> str:
    """SPEC band of a difference; `indeterminate` when it fails the passing edge only by an error
    ‖g − approx‖ within the finite differences' noise floor. NaN is a bug (it passes no edge)."""
    if difference > PASSING_EDGE and within_noise(error, noise):
        return INDETERMINATE
    for edge, name in zip(BAND_EDGES, BAND_NAMES):
        if difference <= edge:
            return name
    return BAND_NAMES[-1]


def within_noise(error: float | None, noise: float | None) -> bool:
    return error is not None and noise is not None and bool(error <= noise)  # NaN: False


def check_passes(difference: float, error: float | None = None, noise: float | None = None) -> bool:
    """A gradient check that does not call the gradient wrong: passing, or indeterminate."""
    return band(difference, error, noise) in ("correct", "passes", INDETERMINATE)


def bands_agree(x: float, y: float, noise_x: tuple | None = None, noise_y: tuple | None = None) -> bool:
    """Do two languages' gradient-check differences tell the same story?

    Both passing; or within BAND_FACTOR of each other; or their errors ‖g − approx‖ differ by no
    more than the two noise floors together (each approximation is within its floor of the exact
    quotient, so by the triangle inequality two correct ones are within the sum). `noise_*` is
    (error, noise) or None. Non-finite values agree only with the same non-finite value, and are
    then not comparable (compare.py), never agreement.
    """
    if not (math.isfinite(x) and math.isfinite(y)):
        return (math.isnan(x) and math.isnan(y)) or x == y
    if x <= PASSING_EDGE and y <= PASSING_EDGE:
        return True
    if abs(math.log10(max(x, 1e-300) / max(y, 1e-300))) <= math.log10(BAND_FACTOR):
        return True
    if noise_x is None or noise_y is None:
        return False
    (error_x, floor_x), (error_y, floor_y) = noise_x, noise_y
    return bool(abs(error_x - error_y) <= floor_x + floor_y)


@dataclass(frozen=True)
class Tolerance:
    quantity: str
    rule: str = "close"  # close | band | info
    atol: float = 0.0
    rtol: float = 0.0


def load_tolerances(path: Path = TOLERANCE_FILE) -> list[Tolerance]:
    with path.open("rb") as handle:
        entries = tomllib.load(handle)["tolerance"]
    return [Tolerance(quantity=e["quantity"], rule=e.get("rule", "close"),
                      atol=float(e.get("atol", 0.0)), rtol=float(e.get("rtol", 0.0))) for e in entries]


def tolerance_for(quantity: str, tolerances: list[Tolerance]) -> Tolerance:
    for tolerance in tolerances:
        if fnmatch.fnmatchcase(quantity, tolerance.quantity):
            return tolerance
    raise KeyError(f"no tolerance rule matches quantity '{quantity}' in {TOLERANCE_FILE}")

