"""`nnparity conform`: does a port have the shape the harness needs, before any number is compared?

It reads the port's nnparity.toml (if any), loads the port the way `nnparity run` does (every
file parses, the entry loads), asks which of the contract's functions it defines, runs two tiny
scenarios (or the ones given) and checks every stage the port declares with `record.check_stage`
in its strict form (exact shapes). Every problem is one line; conformant means none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import LANGUAGE_LABELS
from .port import MANIFEST, ManifestError, read_port
from .record import CONTRACT_FUNCTIONS, STAGES, check_record, normalise
from .scenario import Scenario

PROBLEMS = ("MISSING", "MALFORMED", "RAISED", "BROKEN")  # statuses that make a port not conformant

# Small enough to run in seconds in any language, and between them every output layer and every
# record field: a sigmoid network with L2 and momentum, a softmax one with Adam; two epochs each,
# so that training.costs has a shape to get wrong.
TINY_SCENARIOS = (
    Scenario(id="conform-sigmoid", dataset="circles", layer_dims=(2, 4, 1), hidden_activation="relu",
             output_activation="sigmoid", lambd=0.1, optimizer="momentum", learning_rate=0.1, batch_size=128,
             num_epochs=2, seed=7),
    Scenario(id="conform-softmax", dataset="spiral", layer_dims=(2, 5, 3), hidden_activation="tanh",
             output_activation="softmax", optimizer="adam", learning_rate=0.01, batch_size=100, num_epochs=2,
             seed=8),
)


@dataclass
class Finding:
    status: str  # ok | note | one of PROBLEMS
    text: str

    def line(self) -> str:
        return f"  {self.status:<10} {self.text}"


def _one_line(message: str) -> str:
    return " | ".join(part.strip() for part in str(message).splitlines() if part.strip())


def conform(language: str, directory, scenarios=None, timeout: float = 300.0) -> tuple[list[Finding], int]:
    """The findings about the port in `directory` and the exit code: 0 conformant, 1 not, 3 the
    language's engine could not start at all."""
    from .adapters import make_adapter
    from .draws import draw_inputs
    from .data import load_dataset
    from .engine import EngineError

    label = LANGUAGE_LABELS[language]
    directory = Path(directory)
    findings: list[Finding] = []
    try:
        port = read_port(directory, language)
    except ManifestError as error:
        return [Finding("MALFORMED", _one_line(error))], 1
    where = f"{MANIFEST}" if port.manifest else f"no {MANIFEST}: a complete port in the reference layout"
    findings.append(Finding("ok", f"declares stages {', '.join(port.stages)}; entry {port.entry} ({where})"))
    if port.partial:
        findings.append(Finding("note", f"partial port: stages {', '.join(port.absent)} not provided "
                                        "(runs report them as not compared)"))
    try:
        adapter = make_adapter(language, directory, timeout=timeout)
    except EngineError as error:
        return findings + [Finding("BROKEN", f"the {label} engine could not start: {_one_line(error)}")], 3
    except Exception as error:  # noqa: BLE001 - a port that does not parse or load: its own problem
        return findings + [Finding("BROKEN", _one_line(error))], 1
    with adapter:
        findings.append(Finding("ok", f"every {label} file parses; {port.entry} loads"))
        provided = adapter.provides(CONTRACT_FUNCTIONS)
        missing = [name for name in CONTRACT_FUNCTIONS if not provided[name]]
        if not provided["run_scenario"]:
            findings.append(Finding("MISSING", "function run_scenario (the harness's one entry point)"))
        if port.partial:
            # A partial port is compared through run_scenario alone.
            if [name for name in missing if name != "run_scenario"]:
                findings.append(Finding("note", "contract functions not provided (a partial port needs only run_scenario): "
                                                + ", ".join(name for name in missing if name != "run_scenario")))
        else:
            findings += [Finding("MISSING", f"function {name} (docs/CONTRACT.md)") for name in missing if name != "run_scenario"]
        if not missing:
            findings.append(Finding("ok", f"all {len(CONTRACT_FUNCTIONS)} contract functions are defined"))
        if provided["run_scenario"]:
            for scenario in scenarios or TINY_SCENARIOS:
                findings += _check_scenario(adapter, port, scenario, draw_inputs(scenario, load_dataset(scenario.dataset)))
    bad = [finding for finding in findings if finding.status in PROBLEMS]
    return findings, 1 if bad else 0


def _check_scenario(adapter, port, scenario, inputs) -> list[Finding]:
    """Every stage the port declares, in one scenario: there, well-formed with exact shapes, not raised."""
    from .adapters.base import AdapterError

    label = LANGUAGE_LABELS[port.language]
    try:
        record = adapter._run_scenario(inputs)  # the record as it crossed, before the run's own checks
    except AdapterError as error:
        return [Finding("RAISED", f"{scenario.id}: run_scenario itself raised (each stage must catch its own errors): "
                                  f"{_one_line(error)}")]
    if not isinstance(record, dict):
        return [Finding("MALFORMED", f"{scenario.id}: run_scenario must return a record (dict / named list / struct); "
                                     f"got {type(record).__name__}")]
    record = normalise(record)
    errors = record.get("errors") if isinstance(record.get("errors"), dict) else {}
    layer_dims = list(scenario.layer_dims)
    problems = check_record(record, port.stages, layer_dims, inputs.m, scenario.num_epochs, label, strict=True)
    findings, good = [], []
    for stage in port.stages:
        if stage in errors:
            findings.append(Finding("RAISED", f"{scenario.id}: stage {stage} raised on valid input: {_one_line(errors[stage])}"))
        elif stage in problems and record.get(stage) is None:
            findings.append(Finding("MISSING", f"{scenario.id}: stage {stage}: run_scenario returned neither it nor an error for it"))
        elif stage in problems:
            findings += [Finding("MALFORMED", f"{scenario.id}: {problem}") for problem in problems[stage]]
        else:
            good.append(stage)
    extra = [stage for stage in STAGES if stage not in port.stages and record.get(stage) is not None]
    if extra:
        findings.append(Finding("note", f"{scenario.id}: returns {', '.join(extra)} although it declares "
                                        f"{'it' if len(extra) == 1 else 'them'} absent: not compared"))
    unknown = [key for key in record if key not in STAGES and key != "errors"]
    if unknown:
        findings.append(Finding("note", f"{scenario.id}: returns fields the contract does not name (ignored): {', '.join(unknown)}"))
    if good:
        findings.insert(0, Finding("ok", f"{scenario.id} ({'-'.join(map(str, layer_dims))}, "
                                         f"{scenario.output_activation}): {', '.join(good)} well-formed"))
    return findings


def render(language: str, directory, findings: list[Finding], code: int) -> list[str]:
    label = LANGUAGE_LABELS[language]
    lines = [f"nnparity conform: the {label} port in {directory}"] + [finding.line() for finding in findings]
    bad = sum(finding.status in PROBLEMS for finding in findings)
    if code == 0:
        lines.append(f"\nconformant: ready for  nnparity run --impl {language}={directory}")
    else:
        lines.append(f"\nnot conformant: {bad} problem{'s' if bad != 1 else ''} (one per line above)")
    return lines
