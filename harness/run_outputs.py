"""What `nnparity run` and `nnparity mutants` write besides the terminal text: the artifacts
folder (--artifacts), the HTML report (--html), a baseline (--save-baseline) and the comparison
with one (--baseline, --force); and the progress display. cli.py only adds the options and calls
these, so the run plumbing stays independent of them."""

from __future__ import annotations

import sys
import tempfile



def add_run_options(parser) -> None:
    parser.add_argument("--artifacts", metavar="DIR", help="save every language's arrays and the run's JSON (for nnparity report)")
    parser.add_argument("--html", metavar="FILE", help="write a self-contained HTML report")
    parser.add_argument("--save-baseline", metavar="DIR", help="store this run as a baseline for --baseline")
    parser.add_argument("--baseline", metavar="DIR", help="compare every language with its own results stored in DIR (exit 1 on drift)")
    parser.add_argument("--force", action="store_true", help="with --baseline: compare even when versions, datasets or scenarios differ")


def add_mutants_options(parser) -> None:
    parser.add_argument("--artifacts", metavar="DIR", help="save the catalog's outcomes and each mutant's scenario arrays (for nnparity report)")
    parser.add_argument("--html", metavar="FILE", help="write the catalog table, and each mutant's scenario figures, as a self-contained HTML report")


def _command_report(args) -> int:
    from .html_report import command_report  # matplotlib and Jinja2 load only for this command

    return command_report(args)


def add_report_command(commands) -> None:
    parser = commands.add_parser("report", help="one self-contained HTML page from an artifacts folder")
    parser.add_argument("results", metavar="RESULTS_DIR", help="a folder written by nnparity run/mutants --artifacts")
    parser.add_argument("-o", "--output", metavar="FILE", help="the HTML file (default: RESULTS_DIR/report.html)")
    parser.set_defaults(handler=_command_report)


class RunOutputs:
    """The outputs one `nnparity run` asked for. `prepare` before running (a baseline that does not
    match is refused before any minute is spent); `finish` after."""

    def __init__(self, args, scenarios):
        self.args = args
        self.scenarios = scenarios
        self.environment = None
        self.forced: list[str] = []

    @property
    def wanted(self) -> bool:
        args = self.args
        return bool(args.artifacts or args.html or args.save_baseline or args.baseline)

    def prepare(self) -> int | None:
        """None to go on, or the exit code after printing why not."""
        from .artifacts import ArtifactsError, environment
        from .baseline import BaselineMismatch, check_baseline

        if not self.wanted:
            return None
        self.environment = environment(dict(self.args.impl))
        if self.args.baseline:
            try:
                self.forced = check_baseline(self.args.baseline, self.scenarios, self.args.languages,
                                             self.environment, self.args.force)
            except (BaselineMismatch, ArtifactsError) as error:
                print(f"nnparity: {error}", file=sys.stderr)
                return 2
        return None

    def finish(self, runs) -> bool:
        """Write what was asked for; True when a language drifted from its baseline."""
        from .artifacts import save_run
        from .baseline import compare_with_baseline, save_baseline

        args = self.args
        if not self.wanted:
            return False
        comparison = compare_with_baseline(runs, args.baseline, self.forced) if args.baseline else None
        if comparison is not None:
            print()
            print("\n".join(comparison.lines()))
        extra = {"baseline": comparison.record()} if comparison is not None else {}
        if args.save_baseline:
            save_baseline(runs, args.save_baseline, self.environment, args.languages)
            print(f"\nbaseline saved: {args.save_baseline} ({len(runs)} scenarios × {len(args.languages)} languages)")
        write_outputs(args, lambda folder: save_run(runs, folder, self.environment, args.languages, extra),
                      f" (report with: nnparity report {args.artifacts} -o report.html)")
        return bool(comparison and comparison.drifted)


def finish_mutants(args, outcomes, rates) -> None:
    """--artifacts and --html of `nnparity mutants`."""
    from .artifacts import environment, save_mutants

    if not (args.artifacts or args.html):
        return
    record = environment()
    write_outputs(args, lambda folder: save_mutants(outcomes, rates, folder, record))


def write_outputs(args, save, hint: str = "") -> None:
    """--artifacts (`save(folder)`) and --html (rendered from those artifacts, or from a
    temporary folder when none was asked for)."""
    from .html_report import render

    if args.artifacts:
        save(args.artifacts)
        print(f"\nartifacts: {args.artifacts}{hint}")
    if args.html:
        if args.artifacts:
            render(args.artifacts, args.html)
        else:
            with tempfile.TemporaryDirectory(prefix="nnparity-report-") as scratch:
                save(scratch)
                render(scratch, args.html)
        print(f"\nreport: {args.html}")


class RunProgress:
    """Per-scenario progress: on a terminal a bar (rich) with each scenario's line above it; when
    the output is not a terminal exactly the plain lines `report.progress_line` has always printed
    (tests and scripts parse them). Nothing with --quiet."""

    def __init__(self, total: int, quiet: bool = False, stream=None):
        self.quiet = quiet
        self.stream = stream or sys.stdout
        self.bar = None
        if not quiet and self.stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            # isatty() has decided: rich would otherwise second-guess it from TERM and the environment.
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                                console=Console(file=self.stream, force_terminal=True, force_interactive=True),
                                transient=True)
            self.task = self.bar.add_task("scenarios", total=total)
            self.bar.start()

    def __call__(self, index: int, total: int, run) -> None:
        from . import report

        if self.quiet:
            return
        line = report.progress_line(index, total, run)
        if self.bar is None:
            print(line, file=self.stream, flush=True)
            return
        self.bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        self.bar.update(self.task, completed=index + 1, description=f"{run.scenario.id} {run.verdict}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
