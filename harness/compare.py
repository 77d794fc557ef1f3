"""Compare one scenario's results across languages: majority vote per quantity, then blame.

No language is the reference. A quantity on which one language disagrees with two that agree
names that language as the suspect; three mutually disagreeing answers are "no majority".
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from . import LANGUAGE_LABELS
from .adapters.base import LanguageResult
from .record import STAGE_LABELS, STAGES, scalar
from .diagnose import Context, diagnose
from .layout import tensor_layout
from .tolerances import Tolerance, bands_agree, check_passes, load_tolerances, tolerance_for

# Statuses of one compared quantity. "not_comparable": the languages that agree hold non-finite
# values there (NaN = NaN is not agreement); "single": fewer than two languages have it.
COMPARED = ("agree", "suspect", "no_majority")
# Quantities the harness adds only for the languages it could ask (the training replay, for a
# port without train_steps): leaving them out is not a disagreement.
OPTIONAL_PREFIXES = ("training.steps.",)


def flatten(record: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in record.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flat.update(flatten(value, name))
        else:
            flat[name] = value
    return flat


def agree(a, b, tolerance: Tolerance, noise_a=None, noise_b=None, allowance=None) -> bool:
    """One pair of languages' values under the quantity's rule.

    band: `bands_agree` (noise_*: that language's (error, noise) for this difference).
    close: same shape, NaN and Inf at the same places, and elsewhere
    |a − b| <= atol + rtol·max(|a|, |b|) + allowance (a measured sensitivity, or 0).
    """
    if isinstance(a, (str, list)) or isinstance(b, (str, list)):
        return a == b
    if tolerance.rule == "band":
        return bands_agree(scalar(a), scalar(b), noise_a, noise_b)
    if a.shape != b.shape:
        return False
    a_nan, b_nan = np.isnan(a), np.isnan(b)
    if np.any(a_nan != b_nan):
        return False
    a_inf, b_inf = np.isinf(a), np.isinf(b)
    if np.any(a_inf != b_inf) or np.any(a[a_inf] != b[b_inf]):
        return False
    finite = np.isfinite(a)
    gap = np.abs(a[finite] - b[finite])
    limit = tolerance.atol + tolerance.rtol * np.maximum(np.abs(a[finite]), np.abs(b[finite]))
    if allowance is not None:
        limit = limit + np.broadcast_to(allowance, a.shape)[finite]
    return bool(np.all(gap <= limit))


def non_finite(value) -> bool:
    return isinstance(value, np.ndarray) and value.dtype.kind == "f" and not np.all(np.isfinite(value))


def spread(value: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    """Largest absolute and relative gap over the finite elements (0 when there are none)."""
    finite = np.isfinite(value) & np.isfinite(reference)
    if not finite.any():
        return 0.0, 0.0
    gap = np.abs(value[finite] - reference[finite])
    scale = np.maximum(np.abs(value[finite]), np.abs(reference[finite]))
    relative = np.divide(gap, scale, out=np.zeros_like(gap), where=scale > 0)
    return float(gap.max()), float(relative.max())


@dataclass
class QuantityResult:
    quantity: str
    stage: str
    rule: str
    status: str  # agree | suspect | no_majority | not_comparable | single | info
    values: dict  # language -> value
    suspect: str | None = None
    majority: tuple = ()
    max_abs: dict = field(default_factory=dict)  # language -> max |value - consensus|
    max_rel: dict = field(default_factory=dict)
    diagnosis: str = ""
    worst: list = field(default_factory=list)  # [(index, {language: value})]
    note: str = ""  # why it is not comparable, or what widened its comparison

    def consensus(self):
        members = [self.values[lang] for lang in self.majority]
        return np.mean(members, axis=0) if members else None


def worst_indices(value: np.ndarray, reference: np.ndarray, count: int = 3) -> list[tuple]:
    """The indices of the largest |value - reference| elements, largest first, zeros left out
    (NaN gaps first: Inf - Inf is NaN here, ranked like any NaN)."""
    with np.errstate(invalid="ignore"):
        gap = np.abs(np.nan_to_num(value - reference, nan=np.inf))
    order = np.argsort(gap.ravel(order="F"))[::-1][:count]
    indices = [np.unravel_index(flat, value.shape, order="F") for flat in order]
    return [tuple(int(i) for i in index) for index in indices if gap[index] != 0]


def _worst_elements(values: dict, suspect: str, consensus: np.ndarray, count: int = 3) -> list:
    value = values[suspect]
    if value.shape != consensus.shape:
        return []
    return [(index, {lang: float(v[index]) for lang, v in values.items()
                     if isinstance(v, np.ndarray) and v.shape == value.shape})
            for index in worst_indices(value, consensus, count)]


def compare_quantity(quantity: str, values: dict, tolerance: Tolerance, context: Context,
                     noise: dict | None = None, allowance=None) -> QuantityResult:
    """Majority vote on one quantity. `noise`: language -> (error, noise) for band quantities;
    `allowance`: an extra element-wise gap measured for this quantity (sensitivity.py)."""
    stage = quantity.split(".")[0]
    result = QuantityResult(quantity, stage, tolerance.rule, "agree", values)
    if tolerance.rule == "info":
        result.status = "info"
        return result
    languages = list(values)
    if len(languages) < 2:
        result.status = "single"
        result.note = "only one language has it: nothing to compare"
        return result
    noise = noise or {}
    agrees = {frozenset(pair): agree(values[pair[0]], values[pair[1]], tolerance,
                                     noise.get(pair[0]), noise.get(pair[1]), allowance)
              for pair in itertools.combinations(languages, 2)}
    if all(agrees.values()):
        result.majority = tuple(languages)
    else:
        # A strict majority of languages that all agree with one another.
        cliques = [group for size in range(len(languages) - 1, 1, -1)
                   for group in itertools.combinations(languages, size)
                   if size > len(languages) / 2 and all(agrees[frozenset(p)] for p in itertools.combinations(group, 2))]
        if len(cliques) == 1 and len(languages) - len(cliques[0]) == 1:
            result.majority = cliques[0]
            result.suspect = next(lang for lang in languages if lang not in cliques[0])
            result.status = "suspect"
        else:
            result.status = "no_majority"
    if result.majority and any(non_finite(values[lang]) for lang in result.majority):
        # The languages "agree" on NaN or Inf: that compares nothing (and blames nobody).
        result.status, result.suspect = "not_comparable", None
        result.note = "non-finite in " + ", ".join(LANGUAGE_LABELS.get(l, l) for l in result.majority)
        return result
    if tolerance.rule == "close" and all(isinstance(v, np.ndarray) for v in values.values()):
        shapes = {value.shape for value in values.values()}
        reference = (result.consensus() if result.majority
                     else np.mean(list(values.values()), axis=0) if len(shapes) == 1 else None)
        for lang, value in values.items():
            if reference is not None and value.shape == reference.shape:
                result.max_abs[lang], result.max_rel[lang] = spread(value, reference)
        if result.suspect:
            result.diagnosis = diagnose(quantity, values[result.suspect], reference, context)
            result.worst = _worst_elements(values, result.suspect, reference)
    return result


@dataclass
class Blame:
    """Why one language is the odd one out in a scenario."""

    language: str
    stage: str  # a key of STAGES
    quantities: list[str]  # the disagreeing quantities of that stage
    diagnosis: str
    own_check: float | None  # the language's own gradient-check difference
    explanation: str

    @property
    def tensor(self) -> str:
        return self.quantities[0].split(".")[-1] if self.quantities else ""

    def describe(self) -> str:
        label = LANGUAGE_LABELS.get(self.language, self.language)
        text = f"{label}: {STAGE_LABELS[self.stage]} stage, {', '.join(self.quantities[:6])}"
        if len(self.quantities) > 6:
            text += f" (+{len(self.quantities) - 6} more)"
        if self.diagnosis:
            text += f" — {self.diagnosis}"
        return text + f". {self.explanation}"


def _own_check(result: LanguageResult | None) -> float | None:
    try:
        return scalar(result.stages["gradcheck"]["difference"])
    except (AttributeError, KeyError, TypeError, IndexError):
        return None


def _own_check_passes(result: LanguageResult | None) -> bool:
    return own_check_passes((result.stages.get("gradcheck") or {}) if result is not None else {})


def own_check_passes(record: dict) -> bool:
    """A gradient-check record does not call its gradient wrong (passing, or within its noise)."""
    try:
        noise = (scalar(record["error"]), scalar(record["noise"])) if "noise" in record else (None, None)
        return check_passes(scalar(record["difference"]), *noise)
    except (KeyError, TypeError, IndexError):
        return False


def blame(language: str, quantities: list[QuantityResult], result: LanguageResult | None) -> Blame | None:
    """The earliest stage at which `language` is the suspect, explained by its own gradient check."""
    mine = [q for q in quantities if q.suspect == language]
    raised = [stage for stage in STAGES if result is not None and stage in result.errors]
    if raised and (not mine or STAGES.index(raised[0]) <= min(STAGES.index(q.stage) for q in mine)):
        message = result.errors[raised[0]]
        return Blame(language, raised[0], [raised[0]], f"raised: {message}", _own_check(result),
                     f"It raised in the {STAGE_LABELS[raised[0]]} stage while the other languages did not.")
    if not mine:
        return None
    stage = min((q.stage for q in mine), key=STAGES.index)
    in_stage = [q for q in mine if q.stage == stage]
    diagnoses = [q.diagnosis for q in in_stage if q.diagnosis]
    diagnosis = diagnoses[0] if diagnoses else ""
    if len(set(diagnoses)) > 1:
        diagnosis = "; ".join(f"{q.quantity.split('.')[-1]}: {q.diagnosis}" for q in in_stage if q.diagnosis)
    layers = {q.quantity.split(".")[-1].lstrip("dWb") for q in in_stage if stage in ("grads", "update")}
    if len(layers) == 1 and len(in_stage) < sum(1 for q in quantities if q.stage == stage and q.rule == "close"):
        diagnosis = (diagnosis + "; " if diagnosis else "") + f"confined to layer {layers.pop()}"
    own = _own_check(result)
    passes = _own_check_passes(result)
    verdict = "unknown" if own is None else f"{own:.2e}"
    if stage == "cost":
        explanation = (f"Its own gradient check passes ({verdict}): the forward pass is self-consistent but "
                       "computes something else (e.g. a dropout or data bug, invisible to gradient checking)."
                       if passes else
                       f"Its own gradient check fails too ({verdict}): cost and gradient disagree in this language.")
    elif stage == "grads":
        explanation = (f"Its own gradient check fails ({verdict}): a backward-pass bug." if not passes else
                       f"Its own gradient check passes ({verdict}) although its gradient disagrees.")
    elif stage == "gradcheck":
        explanation = "Cost and gradients agree: the gradient-check code itself differs."
    elif stage == "update":
        explanation = "Gradients agree but the updated parameters or optimiser state do not: an update bug."
    elif stage == "training":
        explanation = "One update agrees but the training run does not: batching, schedule or step counting."
    else:
        explanation = "Trained parameters agree but the predicted labels do not."
    return Blame(language, stage, [q.quantity for q in in_stage], diagnosis, own, explanation)


@dataclass
class ScenarioComparison:
    scenario_id: str
    languages: list[str]
    quantities: list[QuantityResult]
    errors: dict  # language -> {stage: message}
    blames: dict  # language -> Blame
    no_majority: list[QuantityResult]

    def disagreements(self) -> list[QuantityResult]:
        return [q for q in self.quantities if q.status in ("suspect", "no_majority")]

    def not_compared(self, declared_absent=()) -> list[str]:
        """Why this comparison proves nothing somewhere: each stage that no two languages
        compared, and each quantity that is not comparable (non-finite wherever it agrees).
        `declared_absent`: stages a partial port declares it lacks, reported as such instead."""
        reasons = []
        if len(self.languages) < 2:
            return [f"only {', '.join(LANGUAGE_LABELS.get(l, l) for l in self.languages)} ran: nothing was compared"]
        for stage in STAGES:
            if stage in declared_absent:
                continue
            mine = [q for q in self.quantities if q.stage == stage]
            if not any(q.status in COMPARED for q in mine):
                reasons.append(f"stage '{STAGE_LABELS[stage]}' was not compared in two languages")
        reasons += [f"{q.quantity} is not comparable ({q.note})" for q in self.quantities if q.status == "not_comparable"]
        return reasons


def noise_of(quantity: str, flat: dict):
    """(error, noise) that a language reported for a gradient-check difference, or None."""
    if quantity.startswith("gradcheck.tensor_differences."):
        tensor = quantity.rsplit(".", 1)[1]
        keys = (f"gradcheck.tensor_errors.{tensor}", f"gradcheck.tensor_noise.{tensor}")
    elif quantity in ("gradcheck.difference", "gradcheck.difference_all"):
        keys = ("gradcheck.error", "gradcheck.noise")
    else:
        return None
    try:
        return scalar(flat[keys[0]]), scalar(flat[keys[1]])
    except (KeyError, TypeError, IndexError, ValueError):
        return None


def _per_component(flats: dict, layer_dims) -> np.ndarray | None:
    """The flat-vector positions every language checked per component (fast mode leaves the
    directionally checked tensors NaN by design: those are compared through their differences)."""
    keep = None
    for flat in flats.values():
        modes = {k.rsplit(".", 1)[1]: v for k, v in flat.items() if k.startswith("gradcheck.tensor_modes.")}
        if not modes or layer_dims is None:
            continue
        mine = np.ones(sum(t.end - t.start for t in tensor_layout(layer_dims)), dtype=bool)
        for tensor in tensor_layout(layer_dims):
            if modes.get("d" + tensor.name, "full") != "full":
                mine[tensor.start:tensor.end] = False
        keep = mine if keep is None else keep & mine
    return keep


def quotient_noise(flat: dict, layer_dims) -> float | None:
    """η, one finite difference's noise floor, from a language's per-tensor floors η·√n (n its
    kept components): the same η for every tensor of a language."""
    if layer_dims is None:
        return None
    kinks = np.ravel(flat.get("gradcheck.kink_indices", np.zeros(0))).astype(int)
    for tensor in tensor_layout(layer_dims):
        name = "d" + tensor.name
        noise, mode = flat.get(f"gradcheck.tensor_noise.{name}"), flat.get(f"gradcheck.tensor_modes.{name}", "full")
        kept = (tensor.end - tensor.start) - int(np.sum((kinks >= tensor.start) & (kinks < tensor.end)))
        if noise is not None and mode == "full" and kept > 0:
            return scalar(noise) / np.sqrt(kept)
    return None


def compare_results(scenario_id: str, results: dict[str, LanguageResult], context: Context,
                    tolerances: list[Tolerance] | None = None, allowances: dict | None = None,
                    demoted: dict | None = None) -> ScenarioComparison:
    """Compare every quantity any language returned. `allowances`: quantity -> extra element-wise
    gap (a measured sensitivity of that quantity to rounding, see sensitivity.py). `demoted`:
    quantity prefix -> why it is shown but not judged (e.g. a chaotic trajectory, stepwise.py)."""
    tolerances = load_tolerances() if tolerances is None else tolerances
    allowances = dict(allowances or {})
    flats = {lang: flatten(res.stages) for lang, res in results.items()}
    floors = [eta for flat in flats.values() if (eta := quotient_noise(flat, context.layer_dims)) is not None]
    if floors and "gradcheck.gradapprox" not in allowances:
        # Two correct finite differences are within their two noise floors of each other.
        allowances["gradcheck.gradapprox"] = np.array(2 * max(floors))
    checked = _per_component(flats, context.layer_dims)
    if checked is not None and not checked.all():
        for flat in flats.values():
            if isinstance(flat.get("gradcheck.gradapprox"), np.ndarray) and flat["gradcheck.gradapprox"].shape[0] == checked.shape[0]:
                flat["gradcheck.gradapprox"] = flat["gradcheck.gradapprox"][checked]
    names = sorted({name for flat in flats.values() for name in flat},
                   key=lambda n: (STAGES.index(n.split(".")[0]) if n.split(".")[0] in STAGES else 99, n))
    quantities = []
    for name in names:
        values = {lang: flat[name] for lang, flat in flats.items() if name in flat}
        tolerance = tolerance_for(name, tolerances)
        noise = {lang: found for lang, flat in flats.items() if (found := noise_of(name, flat)) is not None}
        result = compare_quantity(name, values, tolerance, context, noise, allowances.get(name))
        if name == "gradcheck.gradapprox" and name in allowances:
            result.note = "compared within the finite differences' noise floors"
        elif name in allowances:
            result.note = "compared with its measured sensitivity to rounding added to the tolerance"
        if (name == "gradcheck.gradapprox" and result.status == "not_comparable" and all(
                isinstance(v, np.ndarray) and v.size == 0 for v in values.values())):
            result.status, result.note = "info", "no tensor was checked per component in every language"
        # A language that ran the stage but left this quantity out is wrong about it too.
        stage = name.split(".")[0]
        absent = [lang for lang, res in results.items() if name not in flats[lang] and stage in res.stages
                  and not name.startswith(OPTIONAL_PREFIXES)]
        if tolerance.rule != "info" and len(absent) == 1 and result.status == "agree" and len(values) >= 2:
            result.status, result.suspect, result.majority = "suspect", absent[0], tuple(values)
            result.diagnosis = "missing from its result"
        for prefix, why in (demoted or {}).items():
            if name.startswith(prefix):
                result.status, result.suspect, result.note = "info", None, why
        quantities.append(result)
    if any(q.quantity.startswith("training.params.") and q.status == "not_comparable" for q in quantities):
        # Labels predicted from NaN parameters are whatever each language's argmax does with NaN.
        for q in quantities:
            if q.stage == "predict" and q.status in COMPARED:
                q.status, q.suspect, q.note = "not_comparable", None, "predicted from non-finite trained parameters"
    return ScenarioComparison(
        scenario_id=scenario_id, languages=list(results), quantities=quantities,
        errors={lang: dict(res.errors) for lang, res in results.items() if res.errors},
        blames=blames_for(results, quantities), no_majority=[q for q in quantities if q.status == "no_majority"])


def blames_for(results: dict[str, LanguageResult], quantities: list[QuantityResult]) -> dict:
    """Each language's blame (the earliest stage at which it is the odd one out)."""
    blames = {}
    everyone_raised = {stage for stage in STAGES if all(stage in res.errors for res in results.values())}
    for lang in results:
        if len(results) > 1 and everyone_raised and not any(q.suspect == lang for q in quantities):
            continue  # a stage every language rejects (bad input) singles nobody out
        found = blame(lang, quantities, results[lang])
        if found:
            blames[lang] = found
    return blames
