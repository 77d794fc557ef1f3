"""The `nnparity` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import LANGUAGE_LABELS, LANGUAGES


def _languages(text: str) -> list[str]:
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [lang for lang in chosen if lang not in LANGUAGES]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"--languages takes a comma list of {', '.join(LANGUAGES)}; got {text!r}")
    return chosen


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


def command_run(args) -> int:
    from . import report
    from .known import load_known
    from .run import run_suite
    from .scenario import ScenarioError, resolve

    try:
        scenarios = resolve(args.scenarios)
    except ScenarioError as error:
        print(f"nnparity: {error}", file=sys.stderr)
        return 2
    known = [] if args.no_known else load_known(args.languages)
    names = ", ".join(LANGUAGE_LABELS[l] for l in args.languages)
    print(f"nnparity run: {len(scenarios)} scenarios × {names}", flush=True)

    def progress(index, total, run):
        if not args.quiet:
            print(report.progress_line(index, total, run), flush=True)

    runs = run_suite(scenarios, args.languages, known, impl_dirs=dict(args.impl), progress=progress, timeout=args.timeout)
    print()
    print("\n".join(report.summary(runs, args.languages)))
    if args.json:
        report.write_json(runs, args.json)
        print(f"\nfull results: {args.json} ({len(report.rows(runs))} rows)")
    passed = sum(run.passed for run in runs)
    print(f"\n{passed} passed, {len(runs) - passed} failed")
    return 0 if passed == len(runs) else 1


def command_doctor(args) -> int:
    from .doctor import doctor

    return doctor()


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
    from .scenario import id_matches

    chosen = [m for m in load_catalog() if m.language in args.languages
              and (not args.ids or any(id_matches(m.id, i) for i in args.ids))]
    if not chosen:
        print(f"nnparity: no mutant matches {' '.join(args.ids) or 'the chosen languages'}", file=sys.stderr)
        return 2
    print(f"nnparity mutants: {len(chosen)} mutants", flush=True)
    if args.own_check:
        return _own_check_report(chosen)

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
    if args.json:
        rows = [{"mutant": o.mutant.id, "language": o.mutant.language, "bug": o.mutant.bug, "status": o.status,
                 "detected": o.detected, "attributed": o.attributed, "expected_stage": o.mutant.stage,
                 "blamed": o.blamed, "message": o.message, "seconds": round(o.seconds, 3),
                 "scenarios": [{"scenario": s, "detected": d, "blame": b} for s, d, b in o.per_scenario]}
                for o in outcomes]
        with open(args.json, "w") as handle:
            json.dump({"mutants": rows, "rates": table}, handle, indent=1)
    good = sum(o.detected and o.attributed for o in outcomes if not o.mutant.equivalent)
    counted = sum(1 for o in outcomes if not o.mutant.equivalent)
    print(f"\n{good} passed, {counted - good} failed")
    return 0 if good == counted else 1


def command_gradcheck(args) -> int:
    from .adapters import make_adapter
    from .gradcheck import render, run_gradcheck
    from .scenario import ScenarioError, resolve

    try:
        scenarios = resolve(args.scenarios)
    except ScenarioError as error:
        print(f"nnparity: {error}", file=sys.stderr)
        return 2
    failed = 0
    adapters = {}
    try:
        for language in args.languages:
            try:
                adapters[language] = make_adapter(language)
            except Exception as error:  # noqa: BLE001
                print(f"  {LANGUAGE_LABELS[language]} unavailable: {error}")
                failed += 1
        for scenario in scenarios:
            print(f"{scenario.id}: {list(scenario.layer_dims)} {scenario.hidden_activation}/{scenario.output_activation}"
                  f", lambda {scenario.lambd:g}, keep_prob {scenario.keep_prob:g}, eps {scenario.grad_check_epsilon:g}")
            for adapter in adapters.values():
                for mode in args.mode:
                    result = run_gradcheck(scenario, adapter, mode, args.directions, args.seed)
                    print("\n".join(render(result, scenario)), flush=True)
                    failed += bool(result.error) or result.difference > 1e-5
    finally:
        for adapter in adapters.values():
            adapter.close()
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nnparity", description=__doc__ or "")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run scenarios in every language and compare (default: the default suite)")
    run.add_argument("scenarios", nargs="*", help="scenario TOML files or folders, and/or scenario ids (prefix* allowed)")
    run.add_argument("--languages", type=_languages, default=list(LANGUAGES), help="comma list (default: python,r,octave)")
    run.add_argument("--json", metavar="FILE", help="write one row per scenario × language × quantity")
    run.add_argument("--impl", type=_impl, action="append", default=[], metavar="LANG=DIR",
                     help="use the implementation in DIR for LANG (e.g. your own port, or a mutated copy)")
    run.add_argument("--no-known", action="store_true", help="ignore the known-differences lists")
    run.add_argument("--timeout", type=float, default=900.0, help="seconds one language may take per scenario")
    run.add_argument("--quiet", action="store_true", help="no per-scenario progress lines")
    run.set_defaults(handler=command_run)

    calibrate = commands.add_parser("calibrate", help="measure the cross-language spread per tolerance rule")
    calibrate.add_argument("--write", action="store_true", help="write docs/TOLERANCES.md")
    calibrate.set_defaults(handler=command_calibrate)

    book = commands.add_parser("book", help="reproduce the book's gradient-check printouts in every language")
    book.add_argument("--languages", type=_languages, default=list(LANGUAGES))
    book.set_defaults(handler=command_book)

    mutants = commands.add_parser("mutants", help="plant each catalogued bug and score detection and attribution")
    mutants.add_argument("ids", nargs="*", help="mutant ids (prefix* allowed); default: the whole catalog")
    mutants.add_argument("--languages", type=_languages, default=list(LANGUAGES), help="languages whose mutants run")
    mutants.add_argument("--json", metavar="FILE", help="write the full table")
    mutants.add_argument("--quiet", action="store_true", help="print the blame only for mutants not caught and attributed")
    mutants.add_argument("--own-check", action="store_true",
                         help="instead: each mutated language's own gradient check, full vs fast mode")
    mutants.set_defaults(handler=command_mutants)

    gradcheck = commands.add_parser("gradcheck", help="each language's own gradient check, in plain, full or fast mode")
    gradcheck.add_argument("scenarios", nargs="*", help="scenario files or ids (default: the default suite)")
    gradcheck.add_argument("--mode", type=_modes, default=["full"],
                           help="plain, full or fast; a comma list compares them (default: full)")
    gradcheck.add_argument("--directions", type=int, default=4, help="random directions per tensor in fast mode")
    gradcheck.add_argument("--seed", type=int, default=None, help="seed each language's RNG for fast mode's directions")
    gradcheck.add_argument("--languages", type=_languages, default=list(LANGUAGES))
    gradcheck.set_defaults(handler=command_gradcheck)

    doctor = commands.add_parser("doctor", help="report R, Octave, rpy2, oct2py, BLAS and what is missing")
    doctor.set_defaults(handler=command_doctor)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
