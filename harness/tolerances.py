"""Tolerances as data (tolerances.toml), looked up per quantity."""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass
from pathlib import Path

TOLERANCE_FILE = Path(__file__).with_name("tolerances.toml")

# Gradient-check verdict bands (SPEC.md): correct, passes, suspicious, bug.
BAND_EDGES = (1e-7, 1e-5, 1e-3)
BAND_NAMES = ("correct", "passes", "suspicious", "bug")


def band(difference: float) -> str:
    for edge, name in zip(BAND_EDGES, BAND_NAMES):
        if difference <= edge:
            return name
    return BAND_NAMES[-1]


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
