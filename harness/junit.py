"""JUnit XML (`--junit FILE` on run, fuzz and mutants): what CI systems show as test results.

One <testcase> per scenario × language (classname = the scenario, name = the language): a
<failure> with the blame text where that language is suspected (or where the scenario fails with
no single suspect), an <error> where its engine failed or the scenario's input is bad, <skipped>
for a language the run left out. Mutants: one testcase per mutant (classname = the mutant, name =
its language). The layout is the common one read by Jenkins, GitLab and GitHub reporters:
testsuites > testsuite (tests, failures, errors, skipped, time) > testcase (classname, name, time).
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from . import LANGUAGE_LABELS, LANGUAGES


@dataclass
class Outcome:
    kind: str  # "passed" | "failure" | "error" | "skipped"
    message: str = ""  # one line
    text: str = ""  # the full report for this language


def language_outcomes(run, languages=LANGUAGES) -> dict[str, Outcome]:
    """Each language's share of one scenario's result (also the pytest plugin's per-item verdict)."""
    from .report import details

    report = "\n".join(details(run)) if not run.passed else ""
    outcomes = {}
    for language in languages:
        label = LANGUAGE_LABELS.get(language, language)
        result = run.results.get(language)
        if run.error:  # nothing ran in any language: bad input or a harness failure
            outcomes[language] = Outcome("error", run.error.splitlines()[0], report)
        elif result is None:
            outcomes[language] = Outcome("skipped", f"{label} was not run (--languages)")
        elif "engine" in result.errors:
            outcomes[language] = Outcome("error", f"{label} engine failure: {result.errors['engine']}", report)
        elif result.errors:
            stage = sorted(result.errors)[0]
            outcomes[language] = Outcome("failure", f"{label} failed in '{stage}': {result.errors[stage]}", report)
        elif language in run.blames and not all(run.is_expected(q) for q in run.comparison.quantities
                                                if q.suspect == language):
            outcomes[language] = Outcome("failure", "suspect " + run.blames[language].describe(), report)
        else:
            outcomes[language] = Outcome("passed")
    if not run.passed and not run.error and all(o.kind in ("passed", "skipped") for o in outcomes.values()):
        # No single language to blame (no majority, inconclusive, a stale known difference):
        # the scenario fails in every language that took part, with the whole report.
        first = report.strip().splitlines()[0] if report.strip() else run.verdict
        for language, outcome in outcomes.items():
            if outcome.kind == "passed":
                outcomes[language] = Outcome("failure", f"{run.verdict}: {first.strip()}", report)
    return outcomes


def _suite(name: str, cases: list[tuple[str, str, float, Outcome]]) -> ET.Element:
    suite = ET.Element("testsuite", name=name)
    counts = {"failure": 0, "error": 0, "skipped": 0}
    total_time = 0.0
    for classname, case_name, seconds, outcome in cases:
        case = ET.SubElement(suite, "testcase", classname=classname, name=case_name, time=f"{seconds:.3f}")
        total_time += seconds
        if outcome.kind in counts:
            counts[outcome.kind] += 1
            element = ET.SubElement(case, outcome.kind, message=outcome.message)
            if outcome.kind != "skipped":
                element.set("type", "disagreement" if outcome.kind == "failure" else "engine_or_input")
                element.text = outcome.text or outcome.message
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(counts["failure"]))
    suite.set("errors", str(counts["error"]))
    suite.set("skipped", str(counts["skipped"]))
    suite.set("time", f"{total_time:.3f}")
    return suite


def _write(suite: ET.Element, path) -> None:
    root = ET.Element("testsuites", name="nnparity")
    for attribute in ("tests", "failures", "errors", "skipped", "time"):
        root.set(attribute, suite.get(attribute))
    root.append(suite)
    ET.indent(root)
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")  # replaced at once, like --json
    ET.ElementTree(root).write(partial, encoding="utf-8", xml_declaration=True)
    os.replace(partial, target)


def run_cases(runs) -> list:
    cases = []
    for run in runs:
        for language, outcome in language_outcomes(run, LANGUAGES).items():
            result = run.results.get(language)
            cases.append((run.scenario.id, language, result.seconds if result else 0.0, outcome))
    return cases


def write_runs(runs, path, suite_name: str = "nnparity run") -> None:
    """`nnparity run --junit` and `nnparity fuzz --junit`."""
    _write(_suite(suite_name, run_cases(runs)), path)


def write_mutants(outcomes, path) -> None:
    """`nnparity mutants --junit`: a mutant passes when it is detected and blamed on its language
    and stage; an argued-equivalent one is skipped; a mutant that could not be planted is an error."""
    cases = []
    for outcome in outcomes:
        mutant = outcome.mutant
        lines = [f"{scenario}: {'detected' if detected else 'not detected'}; {blame}"
                 for scenario, detected, blame in outcome.per_scenario]
        text = "\n".join([outcome.blamed or outcome.message] + lines)
        if mutant.equivalent:
            result = Outcome("skipped", f"argued equivalent: {mutant.equivalent}")
        elif outcome.status in ("error", "stale"):
            result = Outcome("error", f"{outcome.status}: {outcome.message or outcome.blamed}", text)
        elif not outcome.detected:
            result = Outcome("failure", f"not detected: {mutant.bug}", text)
        elif not outcome.attributed:
            result = Outcome("failure", f"misattributed (expected the {mutant.stage} stage): {outcome.blamed}", text)
        else:
            result = Outcome("passed")
        cases.append((mutant.id, mutant.language, outcome.seconds, result))
    _write(_suite("nnparity mutants", cases), path)
