"""Render runs for the terminal and as flat rows (one per scenario × language × quantity)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np

from . import LANGUAGE_LABELS
from .record import STAGE_LABELS, missing_stage


def _label(language: str) -> str:
    return LANGUAGE_LABELS.get(language, language)


def _scalar(value):
    """A one-element array as a float (NaN and ±Inf included: `json_safe` writes them), else None."""
    if isinstance(value, np.ndarray) and value.size == 1:
        return float(value.ravel()[0])
    return None


def _text(number: float) -> str:
    return "nan" if math.isnan(number) else "inf" if number > 0 else "-inf"


def json_safe(row: dict) -> dict:
    """A row strict JSON can carry: a non-finite number becomes null, and `<field>_text` says
    which one it was ("nan", "inf", "-inf"): null alone would make +Inf and NaN look the same."""
    safe = {}
    for key, value in row.items():
        if isinstance(value, float) and not math.isfinite(value):
            safe[key], safe[f"{key}_text"] = None, _text(value)
        else:
            safe[key] = value
    return safe


def verdict_row(run, position: int, total: int) -> dict:
    """The scenario's own row: its verdict, where it stands in the run, and whom it blames."""
    blames = run.comparison.blames if run.comparison else {}
    blamed = sorted(blames)
    first = blames[blamed[0]] if blamed else None
    engines = sorted(language for language, result in run.results.items() if "engine" in result.errors)
    return {"scenario": run.scenario.id, "dataset": run.scenario.dataset, "status": "verdict", "verdict": run.verdict,
            "index": position, "of": total, "dataset_sha256": getattr(run, "dataset_sha256", "") or None, "language": ",".join(blamed) or None,
            "stage": first.stage if first else None,
            "quantity": ",".join(first.quantities) if first else None,
            "diagnosis": first.diagnosis if first else "",
            "message": run.error or ("engine failure: " + ", ".join(engines) if engines else "; ".join(run.partial_notes))}


def rows(runs, positions=None) -> list[dict]:
    """Flat rows for --json: loads straight into pandas.DataFrame. Each scenario starts with its
    verdict row (`positions`: (index, total) of each run in the whole run, for merging shards)."""
    table = []
    positions = positions or [(index, len(runs)) for index in range(len(runs))]
    for run, (position, total) in zip(runs, positions):
        base = {"scenario": run.scenario.id, "dataset": run.scenario.dataset}
        table.append(verdict_row(run, position, total))
        if run.error:
            table.append(dict(base, language=None, quantity=None, stage=None, status="error", message=run.error))
            continue
        expected = {id(q): entry for entry, q in run.expected}  # to find each one's reason
        for q in run.comparison.quantities:
            for language in run.results:
                present = language in q.values
                status = q.status
                if q.status == "suspect":
                    status = "suspect" if q.suspect == language else "majority"
                    if q.suspect == language and id(q) in expected:
                        status = "expected"
                table.append(dict(base, language=language, quantity=q.quantity, stage=q.stage,
                                  status=status if present or q.status == "suspect" else "absent",
                                  rule=q.rule, shape=list(q.values[language].shape)
                                  if present and isinstance(q.values[language], np.ndarray) else None,
                                  value=_scalar(q.values.get(language)),
                                  max_abs_diff=q.max_abs.get(language), max_rel_diff=q.max_rel.get(language),
                                  diagnosis=q.diagnosis if q.suspect == language else "", note=q.note,
                                  message=expected[id(q)].reason if id(q) in expected and q.suspect == language else ""))
        for language, errors in run.language_errors.items():
            for stage, message in errors.items():
                table.append(dict(base, language=language, quantity=stage, stage=stage, status="error", message=message))
        for reason in run.inconclusive:
            table.append(dict(base, language=None, quantity=None, stage=None, status="inconclusive", message=reason))
        for language, stages in run.partial.items():  # a partial port's absent stages: stated, not passed
            for stage in stages:
                table.append(dict(base, language=language, quantity=None, stage=stage, status="not_compared",
                                  message=f"partial port: stage {stage} not compared (declared absent in its nnparity.toml)"))
        for entry in run.stale:
            table.append(dict(base, language=entry.language, quantity=entry.quantity, stage=None, status="stale",
                              message=f"known difference now agrees: {entry.reason} ({entry.source})"))
    return table


def header_row(header: dict) -> dict:
    """The run's first row: what it was run with (docs/API.md). Nested objects keep
    `pandas.read_json` loading the file; nothing in it varies between -j, shards and Dask."""
    return dict({"scenario": None, "status": "header"}, **header)


def write_rows(table: list[dict], path) -> None:
    """Replace `path` at once (written aside, then renamed): a reader never sees half a file."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    with open(partial, "w") as handle:
        # allow_nan=False: the file is strict JSON (json_safe has turned NaN and Inf into null).
        json.dump([json_safe(row) for row in table], handle, indent=1, default=str, allow_nan=False)
    os.replace(partial, target)


def write_json(runs, path, positions=None, header: dict | None = None) -> None:
    write_rows(([header_row(header)] if header is not None else []) + rows(runs, positions), path)


def merge_json(paths) -> list[dict]:
    """The rows of one run from the --json files of its shards (--shard K/N), in the run's order.
    The header row comes once, first; shards run with other tolerances or versions are refused."""
    groups, total = {}, None
    first_path, header = None, None
    for path in paths:
        with open(path) as handle:
            table = json.load(handle)
        if not isinstance(table, list):
            raise ValueError(f"{path}: not the JSON of `nnparity run` (expected a list of rows)")
        own = table[0] if table and isinstance(table[0], dict) and table[0].get("status") == "header" else None
        table = table[1:] if own is not None else table
        if first_path is None:
            first_path, header = path, own
        elif own != header:  # a file without a header (an older run's) only joins others without one
            differing = sorted(k for k in set(header or {"header": 1}) | set(own or {"header": 1})
                               if (header or {}).get(k) != (own or {}).get(k))
            raise ValueError(f"{path}: its header differs from {first_path}'s in {', '.join(differing)}: "
                             "the shards of one run have the same tolerances, versions and languages")
        current = None
        for row in table:
            if row.get("status") == "verdict":
                if total is not None and row["of"] != total:
                    raise ValueError(f"{path}: a shard of a run of {row['of']} scenarios, the others have {total}")
                total, current = row["of"], row["index"]
                if current in groups:
                    raise ValueError(f"{path}: scenario {row['scenario']} (position {current}) is in two shards")
                groups[current] = []
            if current is None:
                raise ValueError(f"{path}: rows before the first verdict row")
            groups[current].append(row)
    missing = sorted(set(range(total or 0)) - set(groups))
    if missing:
        raise ValueError(f"positions {', '.join(map(str, missing[:10]))} of {total} are in none of the shards given")
    return ([header] if header is not None else []) + [row for position in sorted(groups) for row in groups[position]]


def progress_line(index: int, total: int, run) -> str:
    timing = " · ".join(f"{_label(lang)} {res.seconds:.2f}s" for lang, res in run.results.items())
    verdict = run.verdict.upper()
    return f"[{index + 1}/{total}] {run.scenario.id:<40} {timing:<44} {verdict}"


def _cell(run, language) -> str:
    result = run.results.get(language)
    if result is None:
        return "-"
    if result.errors:
        return "error: " + ", ".join(sorted(result.errors))
    if run.comparison and any(q.status == "not_comparable" and language in q.majority for q in run.comparison.quantities):
        return "not comparable: " + ", ".join(sorted({STAGE_LABELS[q.stage] for q in run.comparison.quantities
                                                      if q.status == "not_comparable"}))
    blame = run.comparison.blames.get(language) if run.comparison else None
    if blame:
        expected = all(run.is_expected(q) for q in run.comparison.quantities if q.suspect == language)
        return ("expected: " if expected else "SUSPECT: ") + STAGE_LABELS[blame.stage]
    if result.not_provided:
        return "agrees (partial port)"
    return "agrees"


def _spread_elements(values: dict, count: int = 3) -> list:
    """The elements of an array quantity on which the languages are farthest apart (largest
    max − min), with every language's value; [] for scalars or differing shapes."""
    arrays = {lang: v for lang, v in values.items() if isinstance(v, np.ndarray)}
    shapes = {v.shape for v in arrays.values()}
    if len(arrays) < 2 or len(shapes) != 1 or next(iter(arrays.values())).size < 2:
        return []
    stacked = np.stack(list(arrays.values()))
    with np.errstate(invalid="ignore"):  # NaN or Inf anywhere in an element ranks it first
        spread = np.nan_to_num(stacked.max(axis=0) - stacked.min(axis=0), nan=np.inf)
    worst = []
    for flat in np.argsort(spread.ravel(order="F"))[::-1][:count]:
        index = np.unravel_index(flat, spread.shape, order="F")
        if spread[index] == 0:
            break
        worst.append((tuple(int(i) for i in index), {lang: float(v[index]) for lang, v in arrays.items()}))
    return worst


def details(run) -> list[str]:
    """What went wrong in one scenario, with the three languages' values side by side."""
    lines = []
    if run.error:
        return [f"  {run.error}"]
    for language, errors in run.language_errors.items():
        missing = [stage for stage, message in errors.items() if message == missing_stage(stage, _label(language))]
        if missing:  # one line for the stages a port left out without a word
            lines.append(f"  {_label(language)} returned no {', '.join(missing)} and no error for "
                         f"{'it' if len(missing) == 1 else 'them'} (a port declares the stages it lacks in its nnparity.toml)")
        for stage, message in errors.items():
            if stage in missing:
                continue
            if stage == "engine":
                lines.append(f"  {_label(language)} engine failure: {message}")
            elif stage == "load":
                lines.append(f"  {_label(language)} implementation did not load: {message}")
            else:
                lines.append(f"  {_label(language)} raised in stage '{stage}': {message}")
    for language, blame in run.comparison.blames.items():
        if all(run.is_expected(q) for q in run.comparison.quantities if q.suspect == language):
            continue
        lines.append("  suspect " + blame.describe())
        for q in run.comparison.quantities:
            if q.suspect != language or q.stage != blame.stage:
                continue
            for index, values in q.worst[:3]:
                side = "  ".join(f"{_label(lang)}={value:.10g}" for lang, value in values.items())
                lines.append(f"      {q.quantity}{list(index)}: {side}")
    for q in run.comparison.no_majority:
        if run.is_expected(q):
            continue
        shown = "; ".join(f"{_label(l)} {_scalar(v) if _scalar(v) is not None else 'shape ' + str(v.shape)}"
                          for l, v in q.values.items() if isinstance(v, np.ndarray))
        lines.append(f"  no majority on {q.quantity}: the languages disagree pairwise ({shown})")
        for index, values in _spread_elements(q.values):  # issue 12: the values behind the shapes
            side = "  ".join(f"{_label(lang)}={value:.10g}" for lang, value in values.items())
            lines.append(f"      {q.quantity}{list(index)}: {side}")
    for reason in run.inconclusive:
        lines.append(f"  inconclusive: {reason}")
    for entry in run.stale:
        lines.append(f"  stale known difference ({entry.source}): {entry.language} {entry.quantity} agrees now — "
                     f"remove the entry ({entry.reason})")
    return lines


def summary(runs, languages) -> list[str]:
    width = max([len(r.scenario.id) for r in runs] + [8])
    header = f"{'scenario':<{width}}  " + "  ".join(f"{_label(l):<26}" for l in languages) + "  verdict"
    lines = [header, "-" * len(header)]
    for run in runs:
        cells = "  ".join(f"{_cell(run, l):<26}" for l in languages)
        lines.append(f"{run.scenario.id:<{width}}  {cells}  {run.verdict}")
    failing = [r for r in runs if not r.passed]
    if failing:
        lines.append("")
        for run in failing:
            lines.append(f"{run.scenario.id}:")
            lines += details(run)
    partial = dict.fromkeys(note for run in runs for note in run.partial_notes)
    if partial:  # the same for every scenario of a port: said once
        lines.append("")
        lines += list(partial)
    expected = [(r, e) for r in runs for e, _ in r.expected]
    if expected:
        lines.append("")
        lines.append("Known differences seen (expected):")
        for scenario_id, entry in dict.fromkeys((run.scenario.id, entry) for run, entry in expected):
            lines.append(f"  {scenario_id} {_label(entry.language)} {entry.quantity}: {entry.reason}")
    return lines


def closing_line(runs) -> str:
    """`N passed, N failed`: an inconclusive run (nothing compared somewhere) is not a pass."""
    passed = sum(run.passed for run in runs)
    inconclusive = sum(run.verdict == "INCONCLUSIVE" for run in runs)
    line = f"{passed} passed, {len(runs) - passed} failed"
    line += f" ({inconclusive} of them inconclusive: not compared in two languages)" if inconclusive else ""
    partial = dict.fromkeys(note for run in runs for note in run.partial_notes)
    return line + (f" — {'; '.join(partial)}" if partial else "")
