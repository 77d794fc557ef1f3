"""The `nnparity` command."""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

from . import LANGUAGE_LABELS, LANGUAGES


def _languages(text: str) -> list[str]:
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [lang for lang in chosen if lang not in LANGUAGES]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"--languages takes a comma list of {', '.join(LANGUAGES)}; got {text!r}")
    return chosen


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1; got {text!r}")
    return value


def _modes(text: str) -> list[str]:
    from .gradcheck import MODES

    chosen = [mode.strip() for mode in text.split(",") if mode.strip()]
    if not chosen or any(mode not in MODES for mode in chosen):
        raise argparse.ArgumentTypeError(f"--mode takes a comma list of {', '.join(MODES)}; got {text!r}")
    return chosen


def _impl(text: str) -> tuple[str, Path]:
    language, _, directory = text.partition("=")
    if language.lower() not in LANGUAGES or not directory or not Path(directory).is_dir():
        raise argparse.ArgumentTypeError(f"--impl takes LANG=DIR with LANG one of {', '.join(LANGUAGES)} "
                                         f"and DIR an existing folder; got {text!r}")
    return language.lower(), Path(directory)


def _resolve_or_report(selectors):
    """The scenarios the command-line selectors name, or None after printing every problem."""
    from .scenario import ScenarioError, resolve

    try:
        return resolve(selectors)
    except ScenarioError as error:
        print(f"nnparity: {error}", file=sys.stderr)
        return None


def _shard(text: str) -> tuple[int, int]:
    k, _, n = text.partition("/")
    try:
        k, n = int(k), int(n)
    except ValueError:
        k = n = 0
    if not (n >= 1 and 1 <= k <= n):
        raise argparse.ArgumentTypeError(f"--shard takes K/N with 1 <= K <= N (the K-th of N slices); got {text!r}")
    return k, n


def _bytes(text: str) -> int:
    units = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4}
    number, unit = text.strip().upper().rstrip("B"), ""
    if number and number[-1] in units:
        number, unit = number[:-1], number[-1]
    try:
        value = float(number) * units[unit]
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"--memory-budget takes a size such as 2G, 500M or 1000000 (bytes); got {text!r}")
    return int(value)


def _writable(path: str | None, option: str) -> bool:
    """Whether `path` can be written, checked before anything runs (a run must not be lost at the end)."""
    if not path:
        return True
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    problem = ("is a folder" if target.is_dir() else "its folder does not exist" if not folder.is_dir()
               else "no permission to write there" if not os.access(folder, os.W_OK)
               or (target.exists() and not os.access(target, os.W_OK)) else "")
    if problem:
        print(f"nnparity: {option} {path}: cannot write there ({problem})", file=sys.stderr)
        return False
    return True


def command_run(args) -> int:
    from . import report
    from .known import load_known
    from .run import Session, exit_code, run_header
    from .run_outputs import RunOutputs, RunProgress

    scenarios = _resolve_or_report(args.scenarios)
    if scenarios is None or not _writable(args.json, "--json") or not _writable(args.junit, "--junit"):
        return 2
    positions = list(range(len(scenarios)))
    total = len(scenarios)
    if args.shard:
        k, n = args.shard
        positions = positions[k - 1::n]  # deterministic slices: merge them with `nnparity merge`
        scenarios = [scenarios[i] for i in positions]
    known = [] if args.no_known else load_known(args.languages)
    outputs = RunOutputs(args, scenarios)  # issue 12: artifacts, HTML, baseline
    refused = outputs.prepare()
    if refused is not None:
        return refused
    names = ", ".join(LANGUAGE_LABELS[l] for l in args.languages)
    where = f" on Dask at {args.dask}" if args.dask else f" on {args.jobs} workers" if args.jobs > 1 else ""
    shard = f" (shard {args.shard[0]}/{args.shard[1]} of {total})" if args.shard else ""
    print(f"nnparity run: {len(scenarios)} scenarios{shard} × {names}{where}", flush=True)
    runs = []
    if args.json:
        report.write_json([], args.json)  # valid from the start: an interrupted run leaves what finished
    header = {}  # issue 11: the JSON's header row, filled once the engines have said their versions

    def set_versions(versions):
        header.update(run_header(args.languages, versions, total))

    show = RunProgress(len(scenarios), quiet=args.quiet)  # a bar on a terminal, the plain lines otherwise

    def progress(index, count, run):
        runs.append(run)
        show(index, count, run)
        if args.json:  # written as results arrive: an interrupted run leaves valid JSON of what finished
            report.write_json(runs, args.json, [(positions[i], total) for i in range(len(runs))], header or None)

    try:
        if args.dask:
            from .distributed import run_on_dask

            run_on_dask(args.dask, scenarios, args.languages, dict(args.impl), args.timeout, known,
                        args.memory_budget, progress, on_versions=set_versions if (args.json or args.junit) else None)
        else:
            with Session(args.languages, dict(args.impl), args.timeout, known, args.jobs, args.memory_budget) as session:
                if args.json or args.junit:
                    set_versions(session.versions())
                session.run(scenarios, progress)
    except KeyboardInterrupt:
        show.close()
        print(f"\nnnparity: interrupted after {len(runs)} of {len(scenarios)} scenarios"
              + (f"; {args.json} holds their results" if args.json else ""), file=sys.stderr)
        return 130
    finally:
        show.close()
    print()
    print("\n".join(report.summary(runs, args.languages)))
    if args.json:
        print(f"\nfull results: {args.json} ({len(report.rows(runs))} rows)")
    if args.junit:
        from .junit import write_runs

        write_runs(runs, args.junit)
        print(f"JUnit XML: {args.junit}")
    drifted = outputs.finish(runs)  # issue 12
    print(f"\n{report.closing_line(runs)}")
    code = exit_code(runs)
    return 1 if code == 0 and drifted else code  # drift from the baseline is a disagreement


def command_merge(args) -> int:
    from . import report

    try:
        merged = report.merge_json([Path(p) for p in args.shards])
    except (OSError, ValueError) as error:
        print(f"nnparity merge: {error}", file=sys.stderr)
        return 2
    if not _writable(args.output, "-o"):
        return 2
    report.write_rows(merged, args.output)
    print(f"nnparity merge: {len(args.shards)} shards -> {args.output} ({len(merged)} rows)")
    return 0


def command_conform(args) -> int:
    from .conform import conform, render

    if len(args.impl) != 1:
        print("nnparity conform: give the port to check as one --impl LANG=DIR", file=sys.stderr)
        return 2
    scenarios = _resolve_or_report(args.scenarios) if args.scenarios else None
    if args.scenarios and scenarios is None:
        return 2
    (language, directory), = args.impl
    findings, code = conform(language, directory, scenarios, args.timeout)
    print("\n".join(render(language, directory, findings, code)))
    return code


def command_doctor(args) -> int:
    from .doctor import doctor

    return doctor(args.languages, dict(args.impl))


def command_calibrate(args) -> int:
    from . import REPO_ROOT
    from .adapters import make_adapter
    from .calibrate import measure, render
    from .run import run_suite
    from .scenario import load_suite

    scenarios = load_suite()
    print(f"nnparity calibrate: {len(scenarios)} scenarios × {', '.join(LANGUAGE_LABELS[l] for l in LANGUAGES)}", flush=True)
    runs = run_suite(scenarios, LANGUAGES)
    versions = {}
    for language in LANGUAGES:
        try:
            with make_adapter(language) as adapter:
                versions[LANGUAGE_LABELS[language]] = adapter.version()
        except Exception as error:  # noqa: BLE001 - the table is still worth writing
            versions[LANGUAGE_LABELS[language]] = f"unavailable ({error})"
    text = render(measure(runs), runs, versions)
    print(text)
    if args.write:
        if REPO_ROOT is None:  # an installed package has no docs/ to update
            print("nnparity calibrate: --write updates docs/TOLERANCES.md of a checkout; this nnparity is installed",
                  file=sys.stderr)
            return 2
        target = REPO_ROOT / "docs" / "TOLERANCES.md"
        target.write_text(text)
        print(f"written to {target}")
    return 0


def command_book(args) -> int:
    from .book import render, run_book

    results = run_book(languages=args.languages)
    print("\n".join(render(results)))
    failures = sum(bool(r.errors) for r in results)
    return 1 if failures else 0


def _own_check_report(mutants) -> int:
    """Each mutated language's own gradient check in full and fast mode: fast must not miss more."""
    from .mutants import own_check_outcomes

    def show(value):
        return value if isinstance(value, str) else f"{value:.1e}"

    def progress(index, total, outcome):
        verdicts = "  ".join(f"{mode} {'caught' if caught else 'passes'} "
                             f"({', '.join(show(d) for d in outcome.differences[mode])}; {outcome.seconds[mode]:.2f}s)"
                             for mode, caught in outcome.caught.items())
        print(f"[{index + 1}/{total}] {outcome.mutant.id:<44} {verdicts}", flush=True)

    outcomes = own_check_outcomes(mutants, progress=progress)
    full = {o.mutant.id for o in outcomes if o.caught["full"]}
    fast = {o.mutant.id for o in outcomes if o.caught["fast"]}
    missed = sorted(full - fast)
    print(f"\nown gradient check catches: full {len(full)}/{len(outcomes)}, fast {len(fast)}/{len(outcomes)}; "
          f"caught by full but missed by fast: {', '.join(missed) or 'none'}")
    print(f"\n{len(full) - len(missed)} passed, {len(missed)} failed")
    return 1 if missed else 0


def command_mutants(args) -> int:
    import json

    from .mutants import load_catalog, rates, run_mutants
    from .run_outputs import finish_mutants  # issue 12
    from .scenario import id_matches

    chosen = [m for m in load_catalog() if m.language in args.languages
              and (not args.ids or any(id_matches(m.id, i) for i in args.ids))]
    if not chosen:
        print(f"nnparity: no mutant matches {' '.join(args.ids) or 'the chosen languages'}", file=sys.stderr)
        return 2
    if args.junit and (args.own_check or args.fuzz):
        print("nnparity: --junit covers the catalog run, not --own-check or --fuzz", file=sys.stderr)
        return 2
    if not _writable(args.json, "--json") or not _writable(args.junit, "--junit"):
        return 2
    print(f"nnparity mutants: {len(chosen)} mutants", flush=True)
    if args.own_check:
        return _own_check_report(chosen)
    if args.fuzz:
        return _fuzz_mutants_report(chosen, args)

    def progress(index, total, outcome):
        mark = {"caught": "caught" if outcome.attributed else "caught, MISATTRIBUTED"}.get(outcome.status, outcome.status.upper())
        print(f"[{index + 1}/{total}] {outcome.mutant.id:<48} {mark:<22} {outcome.seconds:5.1f}s", flush=True)
        if not args.quiet or not (outcome.detected and outcome.attributed):
            print(f"      {outcome.blamed or outcome.message}", flush=True)

    outcomes = run_mutants(chosen, progress=progress)
    table = rates(outcomes)
    print()
    print(f"{'language':<10} {'mutants':>8} {'detected':>9} {'attributed':>11} {'stale':>6}")
    for language, row in table.items():
        label = LANGUAGE_LABELS.get(language, language)
        print(f"{label:<10} {row['mutants']:>8} {row['detected']:>4} ({row['detected'] / row['mutants']:>4.0%}) "
              f"{row['attributed']:>4} ({row['attributed'] / row['mutants']:>4.0%}) {row['stale']:>6}")
    finish_mutants(args, outcomes, table)  # issue 12: --artifacts, --html
    if args.json:
        rows = [{"mutant": o.mutant.id, "language": o.mutant.language, "bug": o.mutant.bug, "status": o.status,
                 "detected": o.detected, "attributed": o.attributed, "expected_stage": o.mutant.stage,
                 "blamed": o.blamed, "message": o.message, "seconds": round(o.seconds, 3),
                 "scenarios": [{"scenario": s, "detected": d, "blame": b} for s, d, b in o.per_scenario]}
                for o in outcomes]
        # One list of rows, so pandas.read_json loads it: the mutants ("row": "mutant"), then each
        # language's rates ("row": "rates"); filter on "row" to get either table (docs/API.md).
        rates_rows = [dict({"row": "rates", "language": language}, **row) for language, row in table.items()]
        with open(args.json, "w") as handle:
            json.dump([dict({"row": "mutant"}, **row) for row in rows] + rates_rows, handle, indent=1)
    if args.junit:
        from .junit import write_mutants

        write_mutants(outcomes, args.junit)
    good = sum(o.detected and o.attributed for o in outcomes if not o.mutant.equivalent)
    counted = sum(1 for o in outcomes if not o.mutant.equivalent)
    print(f"\n{good} passed, {counted - good} failed")
    return 0 if good == counted else 1


def command_fuzz(args) -> int:
    import json

    from . import report
    from .fuzz import run_fuzz

    if not _writable(args.json, "--json") or not _writable(args.junit, "--junit"):
        return 2
    names = ", ".join(LANGUAGE_LABELS[l] for l in args.languages)
    print(f"nnparity fuzz: {args.count} random valid scenarios (seed {args.seed}) × {names}", flush=True)

    def progress(index, total, outcome):
        if args.quiet and outcome.run.passed:
            return
        print(report.progress_line(index, total, outcome.run), flush=True)
        if not outcome.run.passed:
            print("\n".join("    " + line for line in report.details(outcome.run)), flush=True)
            if outcome.replay_file:
                print(f"    shrunk ({', '.join(outcome.shrink_steps) or 'nothing removable'}): "
                      f"replay with  nnparity run {outcome.replay_file}", flush=True)

    outcomes = run_fuzz(args.count, args.seed, args.languages, Path(args.out), progress=progress, timeout=args.timeout,
                        impl_dirs=dict(args.impl))
    runs = [o.run for o in outcomes]
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"seed": args.seed, "count": args.count,
                       "scenarios": [{"scenario": o.scenario.id, "verdict": o.run.verdict,
                                      "blames": {l: b.describe() for l, b in (o.run.comparison.blames if o.run.comparison else {}).items()},
                                      "inconclusive": o.run.inconclusive,
                                      "replay": str(o.replay_file) if o.replay_file else None,
                                      "shrink_steps": o.shrink_steps} for o in outcomes],
                       "rows": [report.json_safe(row) for row in report.rows(runs)]}, handle, indent=1, default=str)
    if args.junit:
        from .junit import write_runs

        write_runs(runs, args.junit, "nnparity fuzz")
    print(f"\n{report.closing_line(runs)}")
    return 0 if all(run.passed for run in runs) else 1


def _fuzz_mutants_report(mutants, args) -> int:
    import json

    from .fuzz import fuzz_mutants

    def progress(index, total, outcome):
        share = f"{outcome.attributed}/{outcome.exercised}"
        print(f"[{index + 1}/{total}] {outcome.mutant.id:<48} exercised {outcome.exercised:>2} (of {outcome.tried} tried)"
              f"  detected {outcome.detected:>2}  blamed right {share}", flush=True)
        for scenario_id, said in outcome.misses[:2]:
            print(f"      {scenario_id}: {said}", flush=True)

    outcomes = fuzz_mutants(mutants, args.fuzz, args.seed, args.languages, progress=progress)
    exercised = sum(o.exercised for o in outcomes)
    detected = sum(o.detected for o in outcomes)
    attributed = sum(o.attributed for o in outcomes)
    never = [o.mutant.id for o in outcomes if o.exercised == 0]
    uncaught = [o.mutant.id for o in outcomes if o.exercised and o.detected == 0]
    print(f"\nfuzzed runs: {exercised} (mutant × scenario that exercises it); detected {detected} "
          f"({detected / max(exercised, 1):.1%}); blamed on the right language and stage {attributed} "
          f"({attributed / max(exercised, 1):.1%})")
    print(f"mutants never exercised: {', '.join(never) or 'none'}; exercised but never caught: {', '.join(uncaught) or 'none'}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump([{"mutant": o.mutant.id, "language": o.mutant.language, "exercised": o.exercised,
                        "tried": o.tried, "detected": o.detected, "attributed": o.attributed,
                        "misses": o.misses} for o in outcomes], handle, indent=1)
    good = sum(1 for o in outcomes if o.exercised and o.detected)
    print(f"\n{good} passed, {len(outcomes) - good} failed")
    return 0 if good == len(outcomes) and attributed >= 0.95 * exercised else 1


def command_gradcheck(args) -> int:
    from .gradcheck import render, run_gradcheck
    from .run import Session

    scenarios = _resolve_or_report(args.scenarios)
    if scenarios is None:
        return 2
    failed = 0
    with Session(args.languages) as session:
        pool = session.pool()
        for language, (_, message) in pool.failures.items():
            print(f"  {LANGUAGE_LABELS[language]} unavailable: {message}")
            failed += 1
        for scenario in scenarios:
            print(f"{scenario.id}: {list(scenario.layer_dims)} {scenario.hidden_activation}/{scenario.output_activation}"
                  f", lambda {scenario.lambd:g}, keep_prob {scenario.keep_prob:g}, eps {scenario.grad_check_epsilon:g}")
            for adapter in pool.adapters.values():
                for mode in args.mode:
                    result = run_gradcheck(scenario, adapter, mode, args.directions, args.seed)
                    print("\n".join(render(result, scenario)), flush=True)
                    failed += not result.passes  # NaN and errors fail; within the noise floor does not
    return 1 if failed else 0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"--timeout takes a number of seconds > 0; got {text!r}")
    return value


def _language_options(parser, impl_help: str) -> None:
    """--languages, --impl and --timeout, shared by the commands that run scenarios."""
    parser.add_argument("--languages", type=_languages, default=list(LANGUAGES), help="comma list (default: python,r,octave)")
    parser.add_argument("--impl", type=_impl, action="append", default=[], metavar="LANG=DIR", help=impl_help)
    parser.add_argument("--timeout", type=_seconds, default=900.0, help="seconds one language may take per scenario")


EXAMPLES = """examples:
  nnparity doctor                        is everything installed? starts each language once
  nnparity run                           the default suite in numpy, R and Octave
  nnparity run circles-relu-sigmoid-gd   one scenario by id (spiral-* picks a family)
  nnparity run --impl octave=./my_port   your own Octave copy against the other two
  nnparity run --html report.html        the same, with a self-contained HTML report
  nnparity mutants --quiet               plant the catalogued bugs: caught and blamed?

`nnparity COMMAND --help` shows a command's options."""


def version_text() -> str:
    """The package, where its files come from, and the bridges' versions (from metadata: importing
    oct2py or rpy2 would start Octave or R just to print a number)."""
    import importlib.metadata

    from . import __version__, resources

    lines = [f"nnparity {__version__} ({resources.describe()})"]
    for name in ("numpy", "rpy2", "oct2py"):
        try:
            lines.append(f"  {name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            lines.append(f"  {name} not installed")
    return "\n".join(lines)


class _Version(argparse.Action):
    """--version computed only when asked for (argparse's own action wants the text up front)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_text())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    from . import run_outputs  # issue 12

    parser = argparse.ArgumentParser(prog="nnparity", description=__doc__ or "", epilog=EXAMPLES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action=_Version, help="print the versions of nnparity, numpy, rpy2 and oct2py")
    commands = parser.add_subparsers(dest="command", required=True)

    from . import EXIT_CODES

    run = commands.add_parser("run", help="run scenarios in every language and compare (default: the default suite)",
                              epilog="exit codes: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items()))
    run.add_argument("scenarios", nargs="*", help="scenario TOML files or folders, and/or scenario ids (prefix* allowed)")
    _language_options(run, "use the implementation in DIR for LANG (e.g. your own port, or a mutated copy)")
    run.add_argument("--json", metavar="FILE", help="write one row per scenario × language × quantity")
    run.add_argument("--junit", metavar="FILE", help="write JUnit XML: one test case per scenario × language")
    run.add_argument("--no-known", action="store_true", help="ignore the known-differences lists")
    run.add_argument("--quiet", action="store_true", help="no per-scenario progress lines")
    run.add_argument("-j", "--jobs", type=_positive_int, default=1, metavar="N",
                     help="run scenarios on N workers, each with its own engines (same output and JSON as -j 1)")
    run.add_argument("--shard", type=_shard, metavar="K/N",
                     help="run only the K-th of N deterministic slices (for CI matrices); join with `nnparity merge`")
    run.add_argument("--dask", metavar="ADDRESS",
                     help="run the scenarios on a Dask cluster (e.g. tcp://host:8786); each worker keeps its own engines")
    run.add_argument("--memory-budget", type=_bytes, metavar="SIZE",
                     help="refuse a scenario whose arrays would exceed SIZE per language (default: a quarter of free RAM)")
    run_outputs.add_run_options(run)  # --artifacts, --html, --save-baseline, --baseline, --force
    run.set_defaults(handler=command_run)

    merge = commands.add_parser("merge", help="join the --json files of the shards of one run (--shard K/N)")
    merge.add_argument("shards", nargs="+", help="the shards' JSON files, any order")
    merge.add_argument("-o", "--output", required=True, help="the merged JSON (the same as one run's)")
    merge.set_defaults(handler=command_merge)

    calibrate = commands.add_parser("calibrate", help="measure the cross-language spread per tolerance rule")
    calibrate.add_argument("--write", action="store_true", help="write docs/TOLERANCES.md")
    calibrate.set_defaults(handler=command_calibrate)

    book = commands.add_parser("book", help="reproduce the book's gradient-check printouts in every language")
    book.add_argument("--languages", type=_languages, default=list(LANGUAGES))
    book.set_defaults(handler=command_book)

    mutants = commands.add_parser("mutants", help="plant each catalogued bug and score detection and attribution")
    mutants.add_argument("ids", nargs="*", help="mutant ids (prefix* allowed); default: the whole catalog")
    mutants.add_argument("--languages", type=_languages, default=list(LANGUAGES), help="languages whose mutants run")
    mutants.add_argument("--json", metavar="FILE", help="write the full table (rows: one per mutant, then one per language's rates)")
    mutants.add_argument("--junit", metavar="FILE", help="write JUnit XML: one test case per mutant")
    mutants.add_argument("--quiet", action="store_true", help="print the blame only for mutants not caught and attributed")
    mutants.add_argument("--own-check", action="store_true",
                         help="instead: each mutated language's own gradient check, full vs fast mode")
    mutants.add_argument("--fuzz", type=_positive_int, default=0, metavar="K",
                         help="instead: each mutant on K fuzzed scenarios that exercise it")
    mutants.add_argument("--seed", type=int, default=1, help="with --fuzz: the fuzzer's seed")
    run_outputs.add_mutants_options(mutants)  # issue 12
    mutants.set_defaults(handler=command_mutants)

    run_outputs.add_report_command(commands)  # issue 12: nnparity report RESULTS_DIR -o FILE

    fuzz = commands.add_parser("fuzz", help="random valid scenarios in every language; shrink and save each failure")
    fuzz.add_argument("--count", type=_positive_int, default=100, help="how many scenarios (default 100)")
    fuzz.add_argument("--seed", type=int, default=1, help="the draws' seed (the same seed draws the same scenarios)")
    _language_options(fuzz, "fuzz your own copy of one implementation against the other two")
    fuzz.add_argument("--out", default="fuzz-failures", help="folder for shrunk failing scenarios (TOML, replay with run)")
    fuzz.add_argument("--json", metavar="FILE", help="write every scenario's verdict and the per-quantity rows")
    fuzz.add_argument("--junit", metavar="FILE", help="write JUnit XML: one test case per scenario × language")
    fuzz.add_argument("--quiet", action="store_true", help="print only the scenarios that do not pass")
    fuzz.set_defaults(handler=command_fuzz)

    gradcheck = commands.add_parser("gradcheck", help="each language's own gradient check, in plain, full or fast mode")
    gradcheck.add_argument("scenarios", nargs="*", help="scenario files or ids (default: the default suite)")
    gradcheck.add_argument("--mode", type=_modes, default=["full"],
                           help="plain, full or fast; a comma list compares them (default: full)")
    gradcheck.add_argument("--directions", type=int, default=4, help="random directions per tensor in fast mode")
    gradcheck.add_argument("--seed", type=int, default=None,
                           help="seed for fast mode's directions (default: the scenario's); drawn once, given to every language")
    gradcheck.add_argument("--languages", type=_languages, default=list(LANGUAGES))
    gradcheck.set_defaults(handler=command_gradcheck)

    conform = commands.add_parser("conform", help="check a port's files, functions and records before comparing numbers")
    conform.add_argument("scenarios", nargs="*", help="scenario files or ids to run it on (default: two tiny built-in ones)")
    conform.add_argument("--impl", type=_impl, action="append", default=[], metavar="LANG=DIR", required=True,
                         help="the port to check (docs/PORTING.md)")
    conform.add_argument("--timeout", type=_seconds, default=300.0, help="seconds the port may take per scenario")
    conform.set_defaults(handler=command_conform)

    doctor = commands.add_parser("doctor", help="report R, Octave, rpy2, oct2py, BLAS and what is missing")
    doctor.add_argument("--languages", type=_languages, default=list(LANGUAGES), help="comma list (default: python,r,octave)")
    doctor.add_argument("--impl", type=_impl, action="append", default=[], metavar="LANG=DIR",
                        help="check this implementation folder for LANG instead of the bundled one")
    doctor.set_defaults(handler=command_doctor)
    return parser


def main(argv=None) -> int:
    from . import blas

    blas.configure_threads()  # before anything loads numpy: results must not depend on thread counts
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("nnparity: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): nothing left to say, and no one to say it to
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as error:  # noqa: BLE001 - a one-line report, not a traceback (NNPARITY_DEBUG=1 shows it)
        if os.environ.get("NNPARITY_DEBUG"):
            raise
        print(f"nnparity {args.command}: internal error: {type(error).__name__}: {error} "
              "(run again with NNPARITY_DEBUG=1 for the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
