"""`nnparity report`: one self-contained HTML page from an artifacts folder (artifacts.py).

Figures are drawn with matplotlib's Agg canvas (no display) and embedded as base64 PNG; the page
is a Jinja2 template (templates/); its only script is a small inline filter. Nothing is fetched
when the page opens, so it can be mailed, attached to CI, or opened from disk.
"""

from __future__ import annotations

import base64
import io
import itertools
import warnings
from pathlib import Path

import numpy as np

from . import LANGUAGE_LABELS, LANGUAGES
from .artifacts import ArtifactsError, load_arrays, load_run
from .compare import quotient_noise, agree
from .layout import tensor_layout
from .record import STAGE_LABELS
from .resources import TEMPLATES
from .tolerances import BAND_EDGES, BAND_NAMES, Tolerance, tolerance_for

# One colour and marker per language, the same in every figure.
LANGUAGE_STYLES = {"python": ("#1f77b4", "o", "-"), "r": ("#d62728", "s", "--"), "octave": ("#2ca02c", "^", ":")}
BAND_COLOURS = {"correct": "#d9f2d9", "passes": "#eef8e0", "suspicious": "#fdebc8", "bug": "#f8d0d0"}
MAX_HEATMAPS = 6  # per scenario: the first blamed tensors tell the story; the rest are in the tables
WORST_ROWS = 5


def _label(language: str) -> str:
    return LANGUAGE_LABELS.get(language, language)


def _style(language: str) -> tuple:
    return LANGUAGE_STYLES.get(language, ("#555555", "x", "-."))


def _png(figure) -> str:
    """A figure as a data: URI (base64 PNG)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(width: float, height: float):
    # Figure objects straight from matplotlib.figure render on the Agg canvas: no pyplot state, no display.
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _same_shape_arrays(arrays_by_language: dict, quantity: str) -> dict:
    """{language: 2-D array} for the languages whose `quantity` has the most common shape."""
    found = {lang: arrays[quantity] for lang, arrays in arrays_by_language.items()
             if isinstance(arrays.get(quantity), np.ndarray) and arrays[quantity].ndim == 2}
    if not found:
        return {}
    shapes = [value.shape for value in found.values()]
    common = max(set(shapes), key=shapes.count)
    return {lang: value for lang, value in found.items() if value.shape == common}


def consensus(values: dict) -> np.ndarray:
    """The element-wise median of the languages: with three, the middle value, so one language's
    wrong element never moves it (with two it is their mean)."""
    with warnings.catch_warnings():  # an element NaN in every language stays NaN, silently
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmedian(np.stack(list(values.values())), axis=0)


def difference_heatmaps(quantity: str, arrays_by_language: dict) -> str | None:
    """One panel per language: its value minus the consensus, on one colour scale shared by the
    panels (a wrong row or column shows as a stripe in one language only)."""
    from matplotlib.ticker import FixedLocator, MaxNLocator

    values = _same_shape_arrays(arrays_by_language, quantity)
    if len(values) < 2 or next(iter(values.values())).size < 2:
        return None
    middle = consensus(values)
    differences = {lang: value - middle for lang, value in values.items()}
    finite = np.concatenate([np.abs(d[np.isfinite(d)]).ravel() for d in differences.values()])
    limit = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    rows, columns = middle.shape
    figure = _figure(min(3.4 * len(values), 12), min(max(2.6, 0.12 * rows + 1.4), 6))
    axes = figure.subplots(1, len(values), squeeze=False)[0]
    image = None
    for axis, (language, difference) in zip(axes, differences.items()):
        image = axis.imshow(np.ma.masked_invalid(difference), cmap="RdBu_r", vmin=-limit, vmax=limit,
                            aspect="auto", interpolation="nearest")
        largest = np.nanmax(np.abs(difference)) if np.isfinite(difference).any() else float("nan")
        axis.set_title(f"{_label(language)}: max |Δ| {largest:.2g}", fontsize=9)
        axis.set_xlabel("column", fontsize=8)
        axis.set_ylabel("row", fontsize=8)
        # Ticks on element indices only (a column vector would otherwise get fractional ones).
        for count, ticks in ((columns, axis.xaxis), (rows, axis.yaxis)):
            ticks.set_major_locator(FixedLocator(range(count)) if count <= 12 else MaxNLocator(integer=True))
        axis.tick_params(labelsize=7)
    figure.colorbar(image, ax=list(axes), shrink=0.9, label="value − consensus (median of the languages)")
    figure.suptitle(f"{quantity} {rows}×{columns}: difference to the consensus", fontsize=10)
    return _png(figure)


def gradient_scatter(arrays_by_language: dict, layer_dims) -> str | None:
    """Per language, |analytic gradient| against |numerical gradient| per component (log–log),
    coloured by tensor, with the finite differences' noise floor η: a correct gradient lies on
    the diagonal above η; a wrong tensor leaves it."""
    languages = [lang for lang, arrays in arrays_by_language.items()
                 if isinstance(arrays.get("gradcheck.grad"), np.ndarray) and isinstance(arrays.get("gradcheck.gradapprox"), np.ndarray)
                 and arrays["gradcheck.grad"].size == arrays["gradcheck.gradapprox"].size]
    if not languages:
        return None
    figure = _figure(min(3.6 * len(languages), 12), 3.6)
    axes = figure.subplots(1, len(languages), squeeze=False)[0]
    layout = tensor_layout(layer_dims)
    colours = [f"C{i % 10}" for i in range(len(layout))]
    for axis, language in zip(axes, languages):
        arrays = arrays_by_language[language]
        analytic = np.abs(np.ravel(arrays["gradcheck.grad"]))
        numerical = np.abs(np.ravel(arrays["gradcheck.gradapprox"]))
        eta = quotient_noise(arrays, layer_dims)
        shown = np.concatenate([analytic[np.isfinite(analytic) & (analytic > 0)], numerical[np.isfinite(numerical) & (numerical > 0)]])
        # Zeros have no logarithm: they are drawn at the bottom edge.
        bottom = min(shown.min() if shown.size else 1e-12, eta or np.inf) / 10
        top = max(shown.max() if shown.size else 1.0, bottom * 100) * 3
        for tensor, colour in zip(layout, colours):
            part = slice(tensor.start, tensor.end)
            keep = np.isfinite(numerical[part]) & np.isfinite(analytic[part])  # directional tensors have no per-component value
            if keep.any():
                axis.scatter(np.clip(numerical[part][keep], bottom, None), np.clip(analytic[part][keep], bottom, None),
                             s=9, color=colour, alpha=0.75, label=tensor.name, edgecolors="none")
        axis.plot([bottom, top], [bottom, top], color="#444444", linewidth=0.8, label="analytic = numerical")
        if eta:
            axis.axvline(eta, color="#888888", linestyle="--", linewidth=1, label=f"noise floor η {eta:.1e}")
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlim(bottom, top)
        axis.set_ylim(bottom, top)
        axis.set_xlabel("|numerical gradient|", fontsize=8)
        axis.set_ylabel("|analytic gradient|", fontsize=8)
        axis.set_title(_label(language), fontsize=9)
        axis.tick_params(labelsize=7)
    # One legend below the panels: inside, it would hide exactly the points that leave the diagonal.
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 8), fontsize=7, markerscale=1.5)
    figure.suptitle("gradient check: analytic vs numerical, per component", fontsize=10)
    return _png(figure)


def first_diverging_epoch(costs: dict, tolerance: Tolerance) -> int | None:
    """The first epoch (1-based) whose cost some two languages do not agree on, under the
    training costs' own tolerance rule."""
    epochs = min(value.shape[1] for value in costs.values())
    for epoch in range(epochs):
        for a, b in itertools.combinations(costs.values(), 2):
            if not agree(a[:, [epoch]], b[:, [epoch]], tolerance):
                return epoch + 1
    return None


def training_costs(arrays_by_language: dict, tolerances) -> tuple[str | None, int | None]:
    """The languages' per-epoch costs overlaid, the first diverging epoch marked."""
    from matplotlib.ticker import MaxNLocator

    costs = _same_shape_arrays(arrays_by_language, "training.costs")
    if not costs:
        return None, None
    first = first_diverging_epoch(costs, tolerance_for("training.costs", tolerances)) if len(costs) > 1 else None
    figure = _figure(5.2, 3.0)
    axis = figure.subplots()
    for language, value in costs.items():
        colour, marker, line = _style(language)
        epochs = np.arange(1, value.shape[1] + 1)
        axis.plot(epochs, value.ravel(), color=colour, marker=marker, linestyle=line, markersize=5,
                  markerfacecolor="none", label=_label(language))
    if first is not None:
        axis.axvline(first, color="#b00020", linewidth=1.2, label=f"first diverging epoch: {first}")
    everything = np.concatenate([value.ravel() for value in costs.values()])
    if np.all(np.isfinite(everything)) and np.all(everything > 0) and everything.max() > 10 * everything.min():
        axis.set_yscale("log")  # only when the costs span decades; otherwise a linear axis reads better
    axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    axis.set_xlabel("epoch", fontsize=8)
    axis.set_ylabel("cost", fontsize=8)
    axis.tick_params(labelsize=7)
    axis.legend(fontsize=7)
    axis.set_title("training cost per epoch" + ("" if first else ": every epoch agrees"), fontsize=9)
    return _png(figure), first


def _gradcheck_tensors(arrays: dict) -> list[str]:
    prefix = "gradcheck.tensor_differences."
    return [name[len(prefix):] for name in arrays if name.startswith(prefix)]


def band_chart(arrays_by_language: dict, layer_dims) -> str | None:
    """Each language's gradient-check difference per tensor on the verdict bands' scale."""
    order = ["d" + t.name for t in tensor_layout(layer_dims)]
    tensors = [t for t in order if any(t in _gradcheck_tensors(a) for a in arrays_by_language.values())]
    if not tensors:
        return None
    columns = ["all"] + tensors
    figure = _figure(max(4.0, 0.55 * len(columns) + 2.2), 3.0)
    axis = figure.subplots()
    found = []
    for offset, (language, arrays) in zip(np.linspace(-0.2, 0.2, len(arrays_by_language)), arrays_by_language.items()):
        values = [arrays.get("gradcheck.difference")] + [arrays.get(f"gradcheck.tensor_differences.{t}") for t in tensors]
        points = [(i + offset, float(np.ravel(v)[0])) for i, v in enumerate(values) if isinstance(v, np.ndarray)]
        colour, marker, _ = _style(language)
        xs = [x for x, _ in points]
        ys = [max(y, 1e-17) if np.isfinite(y) else 1e3 for _, y in points]  # 0 has no logarithm; NaN is a bug
        found += ys
        axis.scatter(xs, ys, color=colour, marker=marker, s=28, label=_label(language), zorder=3)
    low = min(min(found) / 3, BAND_EDGES[0] / 10)
    high = max(max(found) * 3, BAND_EDGES[-1] * 10)
    edges = [low, *BAND_EDGES, high]
    for name, bottom, top in zip(BAND_NAMES, edges[:-1], edges[1:]):
        axis.axhspan(bottom, top, color=BAND_COLOURS.get(name, "#eeeeee"), zorder=0)
        axis.text(len(columns) - 0.45, np.sqrt(bottom * top), name, fontsize=7, va="center", ha="right", color="#555555")
    axis.set_yscale("log")
    axis.set_ylim(low, high)
    axis.set_xticks(range(len(columns)), columns, fontsize=8)
    axis.set_xlim(-0.6, len(columns) - 0.4)
    axis.set_ylabel("‖g − approx‖ / (‖g‖ + ‖approx‖)", fontsize=8)
    axis.tick_params(axis="y", labelsize=7)
    axis.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # outside: no point hidden
    axis.set_title("gradient check per tensor, on the verdict bands", fontsize=9)
    return _png(figure)


def worst_elements(quantity: str, arrays_by_language: dict, count: int = WORST_ROWS) -> list[dict]:
    """The elements farthest from the consensus, with every language's value."""
    values = _same_shape_arrays(arrays_by_language, quantity)
    if len(values) < 2:
        return []
    middle = consensus(values)
    with np.errstate(invalid="ignore"):
        gaps = np.stack([np.abs(np.nan_to_num(v - middle, nan=np.inf)) for v in values.values()])
    largest = gaps.max(axis=0)
    rows = []
    for flat in np.argsort(largest.ravel(order="F"))[::-1][:count]:
        index = np.unravel_index(flat, largest.shape, order="F")
        if largest[index] == 0:
            break
        odd = list(values)[int(np.argmax(gaps[(slice(None),) + index]))]
        rows.append({"quantity": quantity, "index": list(int(i) for i in index), "odd": odd,
                     "values": {lang: f"{float(v[index]):.10g}" for lang, v in values.items()},
                     "gap": f"{float(largest[index]):.3g}"})
    return rows


def _verdict_class(verdict: str) -> str:
    return {"FAIL": "fail", "INCONCLUSIVE": "inconclusive"}.get(verdict, "pass")


def _cell_class(text: str) -> str:
    if text.startswith(("SUSPECT", "error")):
        return "fail"
    if text.startswith("not comparable"):
        return "inconclusive"
    if text.startswith("expected"):
        return "expected"
    return "pass" if text == "agrees" else "none"


def _quantities_of_interest(scenario: dict) -> list[str]:
    """The blamed quantities (not those a known-differences entry expects) and the unexpected
    no-majority ones, in stage order."""
    chosen = []
    for blame in scenario["blames"].values():
        if not blame["expected"]:
            chosen += [q for q in blame["quantities"] if q not in chosen]
    chosen += [q["quantity"] for q in scenario["quantities"]
               if q["status"] == "no_majority" and not q["expected"] and q["quantity"] not in chosen]
    return chosen


def scenario_view(directory: Path, scenario: dict, languages: list[str], tolerances, detailed: bool,
                  anchor: str | None = None) -> dict:
    """What the template (scenario.html.j2) shows for one scenario; `detailed` draws every figure
    (failing ones); `anchor` is its element's id (default scenario-<id>)."""
    key = scenario.get("arrays_key", scenario["id"])
    arrays = {lang: load_arrays(directory, key, lang) for lang in languages if lang in scenario["languages"]}
    arrays = {lang: found for lang, found in arrays.items() if found}
    layer_dims = scenario["settings"]["layer_dims"]
    view = {"id": scenario["id"], "anchor": anchor or f"scenario-{scenario['id']}",
            "description": scenario["description"], "verdict": scenario["verdict"],
            "verdict_class": _verdict_class(scenario["verdict"]), "error": scenario["error"],
            "details": scenario["details"], "inconclusive": scenario["inconclusive"],
            "settings": scenario["settings"], "detailed": detailed,
            "blames": [dict(b, label=_label(lang)) for lang, b in scenario["blames"].items() if not b["expected"]],
            "cells": [{"language": lang, "text": scenario["languages"].get(lang, {}).get("cell", "-"),
                       "class": _cell_class(scenario["languages"].get(lang, {}).get("cell", "-"))} for lang in languages],
            "heatmaps": [], "worst": []}
    costs_png, first_epoch = training_costs(arrays, tolerances)
    view.update(costs=costs_png, first_epoch=first_epoch, bands=band_chart(arrays, layer_dims))
    if detailed:
        for quantity in _quantities_of_interest(scenario):
            view["worst"] += worst_elements(quantity, arrays)
            if len(view["heatmaps"]) < MAX_HEATMAPS and (png := difference_heatmaps(quantity, arrays)):
                view["heatmaps"].append({"quantity": quantity, "png": png})
        view["scatter"] = gradient_scatter(arrays, layer_dims)
    return view


def run_context(directory: Path, document: dict) -> dict:
    tolerances = [Tolerance(**t) for t in document["tolerances"]]
    languages = document["languages"]
    scenarios = [scenario_view(directory, s, languages, tolerances, detailed=s["verdict"] != "pass")
                 for s in document["scenarios"]]
    timings = [{"id": s["id"], "total": s["seconds"],
                "languages": {lang: s["languages"].get(lang, {}).get("seconds") for lang in languages},
                "stages": {lang: s["languages"].get(lang, {}).get("stage_seconds") or {} for lang in languages}}
               for s in document["scenarios"]]
    totals = {lang: sum(t["languages"][lang] or 0.0 for t in timings) for lang in languages}
    counts = {kind: sum(s["verdict_class"] == kind for s in scenarios) for kind in ("pass", "fail", "inconclusive")}
    return {"scenarios": scenarios, "languages": languages, "timings": timings, "timing_totals": totals, "counts": counts,
            "stage_labels": STAGE_LABELS, "baseline": document.get("baseline")}


def mutants_context(directory: Path, document: dict) -> dict:
    """The catalog as a bug × language matrix (the same bug is catalogued once per language, its
    id prefixed with the language) and as the full list; per mutant, its scenarios as a run's
    report shows them (figures for the failing ones)."""
    tolerances = [Tolerance(**t) for t in document["tolerances"]]
    compared = document.get("languages", list(LANGUAGES))
    views = {row["mutant"]: [scenario_view(directory, s, compared, tolerances, detailed=s["verdict"] != "pass",
                                           anchor=f"mutant-{row['mutant']}-{s['id']}")
                             for s in row.get("runs", [])]
             for row in document["mutants"]}
    matrix, languages = {}, []
    for row in document["mutants"]:
        language = row["language"]
        bug = row["mutant"][len(language) + 1:] if row["mutant"].startswith(language + "-") else row["mutant"]
        matrix.setdefault(bug, {"bug": bug, "description": row["bug"], "cells": {}})["cells"][language] = row
        if language not in languages:
            languages.append(language)
    languages.sort(key=lambda lang: LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES))
    return {"matrix": list(matrix.values()), "mutant_languages": languages, "mutants": document["mutants"],
            "rates": document["rates"], "languages": compared, "views": views}


def render(directory, output) -> Path:
    """Write the report of the artifacts folder `directory` to `output` (one HTML file)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    directory, output = Path(directory), Path(output)
    document = load_run(directory)
    pages = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    pages.filters["label"] = _label
    context = {"document": document, "environment": document["environment"], "labels": LANGUAGE_LABELS,
               "band_edges": document["band_edges"], "band_names": document["band_names"],
               "tolerances": document["tolerances"], "source": str(directory.resolve())}
    if document["kind"] == "mutants":
        page = pages.get_template("mutants.html.j2").render(**context, **mutants_context(directory, document))
    else:
        page = pages.get_template("run.html.j2").render(**context, **run_context(directory, document))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    return output


def command_report(args) -> int:
    """`nnparity report RESULTS_DIR -o FILE`."""
    import sys

    output = Path(args.output) if args.output else Path(args.results) / "report.html"
    try:
        written = render(args.results, output)
    except ArtifactsError as error:
        print(f"nnparity: {error}", file=sys.stderr)
        return 2
    print(f"report: {written} ({written.stat().st_size // 1024} KiB)")
    return 0
