"""`nnparity gradcheck`: each language's own gradient check on a scenario, in a chosen mode.

Modes (docs/CONTRACT.md): plain — the reference loop, two full forward passes per component;
full — the same approximate vector from cached forward passes and rank-one updates; fast — a few
random directions per tensor, with the full check only on tensors that fail. Components whose ±ε
perturbation moves a relu / leaky_relu pre-activation across zero (kinks) are set aside and reported.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from . import LANGUAGE_LABELS
from .adapters.base import Adapter
from .record import scalar
from .draws import draw_directions, draw_inputs
from .layout import tensor_of
from .scenario import Scenario, scenario_dataset
from .tolerances import INDETERMINATE, band

MODES = ("plain", "full", "fast")


@dataclass
class GradcheckResult:
    scenario: str
    language: str
    mode: str
    seconds: float = 0.0
    record: dict = field(default_factory=dict)
    error: str = ""

    @property
    def difference(self) -> float:
        return scalar(self.record["difference"])

    @property
    def band(self) -> str:
        record = self.record
        if "noise" in record:
            return band(self.difference, scalar(record["error"]), scalar(record["noise"]))
        return band(self.difference)

    @property
    def passes(self) -> bool:
        return not self.error and self.band in ("correct", "passes", INDETERMINATE)

    @property
    def n_kinks(self) -> int:
        return int(scalar(self.record.get("n_kinks", np.zeros(1))))

    def kink_tensors(self, layer_dims) -> dict:
        """Kinked components per tensor name (0-based flat index -> tensor)."""
        indices = np.ravel(self.record.get("kink_indices", np.zeros((0, 1)))).astype(int)
        counts = {}
        for index in indices:
            tensor = tensor_of(int(index), layer_dims)
            counts[tensor] = counts.get(tensor, 0) + 1
        return counts


def run_gradcheck(scenario: Scenario, adapter: Adapter, mode: str, directions: int = 4,
                  seed: int | None = None) -> GradcheckResult:
    inputs = draw_inputs(scenario, scenario_dataset(scenario))
    options = dict(inputs.options, grad_check_mode=mode, grad_check_directions=directions)
    # Fast mode's directions are inputs like the masks: drawn here, the same for every language.
    rng = np.random.default_rng(scenario.seed if seed is None else seed)
    chosen_directions = draw_directions(scenario.layer_dims, directions, rng)
    result = GradcheckResult(scenario.id, adapter.language, mode)
    start = time.perf_counter()
    try:
        result.record = adapter.call("gradient_check", inputs.X, inputs.Y, inputs.params, options, inputs.check_masks,
                                     chosen_directions)
    except Exception as error:  # noqa: BLE001 - reported, the other languages go on
        result.error = str(error)
    result.seconds = time.perf_counter() - start
    return result


def render(result: GradcheckResult, scenario: Scenario) -> list[str]:
    label = LANGUAGE_LABELS[result.language]
    if result.error:
        return [f"  {label:<7} {result.mode:<5} raised: {result.error}"]
    record = result.record
    line = (f"  {label:<7} {result.mode:<5} difference {result.difference:.3e} ({result.band})  "
            f"{result.seconds:8.3f}s")
    kinks = result.kink_tensors(scenario.layer_dims)
    if result.n_kinks:
        where = ", ".join(f"{count} in {tensor}" for tensor, count in kinks.items())
        line += f"  kinks set aside: {result.n_kinks} ({where})"
        if "difference_all" in record:
            line += f"; with them {scalar(record['difference_all']):.3e}"
    lines = [line]
    tensors = record.get("tensor_differences", {})
    modes = record.get("tensor_modes", {})
    parts = []
    for name, value in tensors.items():
        text = f"{name} {scalar(value):.1e}"
        if isinstance(modes.get(name), str) and modes[name] != "full":
            text += f" [{modes[name]}]"
        parts.append(text)
    if parts:
        lines.append("          per tensor: " + ", ".join(parts))
    return lines
