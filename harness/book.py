"""`nnparity book`: reproduce the book's gradient-check printouts in all three languages.

For each case the language that printed it makes the parameters with its own "book" initialiser;
all three languages then compute cost, gradients and the gradient check on those same parameters.
Printed and computed values are shown entry by entry with the number of agreeing significant
digits. Where a correct implementation cannot match the print, every catalog mutant of the
printing language is tried (a search, not a lookup): each one that makes the print match is
reported as an explanation.
"""

from __future__ import annotations

import math
import tempfile
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np

from . import LANGUAGE_LABELS, LANGUAGES
from .adapters.base import make_adapter
from .data import load_dataset
from .draws import ScenarioInputs
from .layout import unflatten
from .record import scalar
from .resources import BOOK_PRINTS as CASES
from .tolerances import band

TENSORS = ("dW", "db")


@dataclass(frozen=True)
class BookCase:
    id: str
    init_by: str
    dataset: str
    layer_dims: tuple
    hidden_activation: str
    output_activation: str
    epsilon: float
    printed: dict  # entry name -> ndarray of printed strings (or a str for scalars)
    quirk: str = ""


def load_cases(path: Path = CASES) -> list[BookCase]:
    with path.open("rb") as handle:
        raw_cases = tomllib.load(handle)["case"]
    cases = []
    for raw in raw_cases:
        printed = {key: (np.array(value, dtype=object) if isinstance(value, list) else value)
                   for key, value in raw.get("printed", {}).items()}
        cases.append(BookCase(raw["id"], raw["init_by"], raw["dataset"], tuple(raw["layer_dims"]),
                              raw["hidden_activation"], raw["output_activation"], float(raw["epsilon"]),
                              printed, raw.get("quirk", "")))
    return cases


def significant_digits(text: str) -> int:
    digits = Decimal(text.strip()).normalize().as_tuple().digits
    # normalize() drops trailing zeros the book printed; count what was printed instead.
    mantissa = text.strip().lstrip("+-").lower().split("e")[0].replace(".", "").lstrip("0")
    return max(len(mantissa), len(digits))


def agreeing_digits(text: str, value: float) -> int:
    """The largest k (up to the printed digits) with value and print equal when rounded to k digits."""
    printed = float(text)
    if not math.isfinite(value):
        return 0
    best = 0
    for k in range(1, significant_digits(text) + 1):
        if float(f"{value:.{k - 1}e}") == float(f"{printed:.{k - 1}e}"):
            best = k
    return best


@dataclass
class Entry:
    name: str  # e.g. "dW1[0,1]"
    printed: str
    computed: dict  # language -> float
    digits: dict  # language -> agreeing significant digits
    needed: int  # digits an entry must agree to count as reproduced
    noise: float = 0.0  # for finite differences: the rounding noise |J|·eps/ε they carry

    def within_noise(self, language: str) -> bool:
        return language in self.computed and abs(self.computed[language] - float(self.printed)) <= self.noise

    def reproduced(self, language: str) -> bool:
        return language in self.digits and (self.digits[language] >= self.needed or self.within_noise(language))


@dataclass
class CaseResult:
    case: BookCase
    entries: list = field(default_factory=list)
    computed: dict = field(default_factory=dict)  # language -> {"cost", "difference", "dW1", ..., "approx_dW1"}
    errors: dict = field(default_factory=dict)
    explanation: list = field(default_factory=list)  # lines about mutants tried

    def reproduced(self, language: str) -> tuple[int, int]:
        return sum(e.reproduced(language) for e in self.entries), len(self.entries)

    def off(self, language: str) -> list[Entry]:
        return [e for e in self.entries if not e.reproduced(language)]


def case_inputs(case: BookCase, params: dict) -> ScenarioInputs:
    data = load_dataset(case.dataset)
    m = data.X.shape[1]
    options = {"hidden_activation": case.hidden_activation, "output_activation": case.output_activation,
               "grad_check_epsilon": case.epsilon, "grad_check_mode": "plain", "optimizer": "gd",
               "learning_rate": 0.01, "batch_size": m, "num_epochs": 1}
    return ScenarioInputs(X=data.X, Y=data.Y, params=params, options=options, check_masks=[],
                          permutations=np.arange(m)[:, None], train_masks=[])


def computed_values(adapter, inputs: ScenarioInputs, layer_dims) -> dict:
    result = adapter.run(inputs)
    if result.errors:
        raise RuntimeError("; ".join(f"{stage}: {message}" for stage, message in result.errors.items()))
    check = result.stages["gradcheck"]
    values = {"cost": scalar(result.stages["cost"]), "difference": scalar(check["difference"])}
    # One finite difference's rounding noise η, from the language's own noise floor η·√n.
    if "noise" in check:
        compared = max(1, np.ravel(check["grad"]).shape[0] - int(scalar(check["n_kinks"])))
        values["quotient_noise"] = scalar(check["noise"]) / math.sqrt(compared)
    values.update(result.stages["grads"])
    values.update(unflatten(result.stages["gradcheck"]["gradapprox"], layer_dims, prefix="approx_d"))
    return values


def _entries(case: BookCase, computed: dict) -> list[Entry]:
    entries = []
    for key, printed in case.printed.items():
        if isinstance(printed, str):
            names, texts, picks = [key], [printed], [lambda v: v]
        else:
            names = [f"{key}[{i},{j}]" for j in range(printed.shape[1]) for i in range(printed.shape[0])]
            texts = [printed[i, j] for j in range(printed.shape[1]) for i in range(printed.shape[0])]
            picks = [(lambda v, i=i, j=j: float(v[i, j])) for j in range(printed.shape[1]) for i in range(printed.shape[0])]
        for name, text, pick in zip(names, texts, picks):
            values = {lang: pick(vals[key]) for lang, vals in computed.items() if key in vals}
            if key == "difference":
                # A difference is rounding noise: it matches in band and order of magnitude, not digits.
                digits = {lang: (1 if band(v) == band(float(text)) and abs(math.log10(v / float(text))) < 1 else 0)
                          for lang, v in values.items() if v > 0}
                entries.append(Entry(name, text, values, digits, 1))
            else:
                digits = {lang: agreeing_digits(text, v) for lang, v in values.items()}
                # The last printed digit may differ by rounding in an independent implementation;
                # a finite difference carries rounding noise besides: ours (the language's noise
                # floor η) and the book's own, taken as large: within 2η they match.
                noise = 0.0
                if key.startswith("approx_"):
                    floors = [vals["quotient_noise"] for vals in computed.values() if "quotient_noise" in vals]
                    noise = 2 * max(floors) if floors else 0.0
                entries.append(Entry(name, text, values, digits, max(1, significant_digits(text) - 1), noise))
    return entries


def run_case(case: BookCase, adapters: dict, mutants=()) -> CaseResult:
    outcome = CaseResult(case)
    if case.init_by not in adapters:
        outcome.errors[case.init_by] = f"this case needs {LANGUAGE_LABELS[case.init_by]} for its parameters"
        return outcome
    try:
        params = adapters[case.init_by].call("initialize_parameters", tuple(float(d) for d in case.layer_dims), "book", 0.0)
    except Exception as error:  # noqa: BLE001 - the other cases still run
        outcome.errors[case.init_by] = f"initialize_parameters: {error}"
        return outcome
    params = {name: np.asarray(value, dtype=np.float64).reshape(
        (case.layer_dims[int(name[1:])], case.layer_dims[int(name[1:]) - 1] if name[0] == "W" else 1))
        for name, value in params.items()}
    inputs = case_inputs(case, params)
    for language, adapter in adapters.items():
        try:
            outcome.computed[language] = computed_values(adapter, inputs, case.layer_dims)
        except Exception as error:  # noqa: BLE001
            outcome.errors[language] = str(error)
    outcome.entries = _entries(case, outcome.computed)
    off = outcome.off(case.init_by)
    if case.printed and (off or case.init_by in outcome.errors):
        candidates = [m for m in mutants if m.language == case.init_by]
        for mutant in candidates:
            outcome.explanation += explain_with_mutant(case, mutant, inputs, outcome)
        explained = sum(line.startswith("so the print carries") for line in outcome.explanation)
        outcome.explanation.insert(0, f"searched {len(candidates)} catalog mutants of {LANGUAGE_LABELS[case.init_by]}: "
                                      f"{explained} reproduce every printed entry")
    return outcome


def explain_with_mutant(case: BookCase, mutant, inputs: ScenarioInputs, outcome: CaseResult) -> list[str]:
    """What the print looks like with one catalog bug planted in the printing language: lines
    only when the bug makes printed entries match that a correct implementation cannot."""
    from .mutants import apply_mutant

    label = LANGUAGE_LABELS[mutant.language]
    with tempfile.TemporaryDirectory(prefix=f"nnparity-book-{mutant.id}-") as workdir:
        copy, found = apply_mutant(mutant, Path(workdir))
        if found < len(mutant.edits()):
            return [f"mutant {mutant.id} is stale (its original text is gone from {mutant.file})"]
        with make_adapter(mutant.language, copy) as adapter:
            try:
                values = computed_values(adapter, inputs, case.layer_dims)
            except Exception:  # noqa: BLE001 - a bug that cannot run this case explains nothing
                return []
    mutated = _entries(case, {mutant.language: values})
    matched = sum(e.reproduced(mutant.language) for e in mutated)
    names_off = {entry.name for entry in outcome.off(case.init_by)}
    fixed = [entry.name for entry in mutated if entry.name in names_off and entry.reproduced(mutant.language)]
    if not fixed:
        return []
    lines = [f"with mutant {mutant.id} ({mutant.bug}) {label} reproduces {matched}/{len(mutated)} printed entries, "
             f"including {len(fixed)} of the {len(names_off)} a correct implementation cannot: {', '.join(fixed)}"]
    if matched == len(mutated):
        others = [LANGUAGE_LABELS[l] for l in outcome.computed if l != mutant.language]
        lines.append(f"so the print carries that bug: the correct {' and '.join(others)} disagree with the book's {label} "
                     f"on exactly those entries")
    return lines


def run_book(cases=None, languages=LANGUAGES, with_mutants: bool = True) -> list[CaseResult]:
    from .mutants import load_catalog

    cases = load_cases() if cases is None else cases
    catalog = load_catalog() if with_mutants else []
    from .run import Session

    with Session(languages) as session:
        pool = session.pool()
        for language, (_, message) in pool.failures.items():
            raise RuntimeError(f"{LANGUAGE_LABELS[language]} is not running: {message}")
        return [run_case(case, pool.adapters, catalog) for case in cases]


def render(results: list[CaseResult]) -> list[str]:
    lines = []
    for result in results:
        case = result.case
        languages = list(result.computed)
        lines.append(f"== {case.id}: {case.dataset} {list(case.layer_dims)}, {case.hidden_activation}/"
                     f"{case.output_activation}, parameters from {LANGUAGE_LABELS[case.init_by]}'s book initialiser ==")
        for language, message in result.errors.items():
            lines.append(f"  {LANGUAGE_LABELS[language]} failed: {message}")
        if not result.entries:
            for language in languages:
                v = result.computed[language]
                lines.append(f"  {LANGUAGE_LABELS[language]:<7} cost {v['cost']:.10f}  difference {v['difference']:.3e}  "
                             + "  ".join(f"{k} {np.array2string(v[k].ravel(order='F'), precision=6, max_line_width=200)}"
                                         for k in v if k.startswith(("dW", "db"))))
            agree_text = _cross_language(result)
            lines.append(f"  (no printed values available for this case) {agree_text}")
            lines.append("")
            continue
        header = f"  {'entry':<14} {'printed':>22} " + " ".join(f"{LANGUAGE_LABELS[l]:>24}" for l in languages)
        lines.append(header)
        for entry in result.entries:
            cells = " ".join(f"{entry.computed[l]:>20.10g} ({entry.digits.get(l, 0):>2}{'~' if entry.within_noise(l) and entry.digits.get(l, 0) < entry.needed else ' '})"
                             for l in languages)
            flag = "" if all(entry.reproduced(l) for l in languages) else "  <- differs"
            lines.append(f"  {entry.name:<14} {entry.printed:>22} {cells}{flag}")
        lines.append("  (n) = agreeing significant digits; an entry is reproduced at all printed digits but the last; "
                     "~ = within the finite differences' rounding noise 4·eps·|J|/ε "
                     f"({4 * np.finfo(float).eps / case.epsilon:.1e}·|J|); differences: same band and order of magnitude")
        for language in languages:
            good, total = result.reproduced(language)
            off = [e.name for e in result.off(language)]
            lines.append(f"  {LANGUAGE_LABELS[language]}: {good}/{total} printed entries reproduced"
                         + (f"; not reproduced: {', '.join(off)}" if off else ""))
        noise_only = [l for l in languages if [e.name for e in result.off(l)] == ["difference"]]
        if noise_only and case.init_by in languages and not result.off(case.init_by):
            lines.append(f"  why: a gradient-check difference is the rounding noise of the finite differences, which "
                         f"each language's summation sets: {LANGUAGE_LABELS[case.init_by]}, which printed it, reproduces "
                         f"it; {', '.join(LANGUAGE_LABELS[l] for l in noise_only)} round less (every finite difference "
                         "still matches within the noise floor)")
        if case.quirk and result.off(case.init_by):
            lines.append(f"  why: {case.quirk}")
        lines += [f"  {line}" for line in result.explanation]
        lines.append("")
    return lines


def _cross_language(result: CaseResult) -> str:
    values = result.computed
    if len(values) < 2:
        return ""
    first, *rest = values.values()
    worst = 0.0
    for other in rest:
        for key in ("cost",) + tuple(k for k in first if k.startswith(("dW", "db"))):
            worst = max(worst, float(np.max(np.abs(np.asarray(first[key]) - np.asarray(other[key])))))
    return f"the {len(values)} languages agree to {worst:.1e} on cost and gradients"
