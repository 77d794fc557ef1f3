"""A port's declaration of itself: the optional `nnparity.toml` in the folder given to `--impl`.

Without the file a folder is a complete port laid out like the reference implementation of its
language. With it, a port written elsewhere says which file the harness loads (its shim) and which
stages its `run_scenario` provides; the stages it leaves out are reported as not compared, never
passed silently and never failed (docs/PORTING.md).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import LANGUAGE_LABELS, LANGUAGES
from .record import STAGES

MANIFEST = "nnparity.toml"
# What the harness loads when the manifest names no entry: the reference layout of each language.
# (The numpy package's folder name is written here and in docs/PORTING.md only.)
DEFAULT_ENTRIES = {"python": "nnparity_numpy", "r": "load.R", "octave": "run_scenario.m"}
FIELDS = ("language", "entry", "stages")


class ManifestError(ValueError):
    """The port's nnparity.toml is unreadable or says something the harness cannot honour."""


@dataclass(frozen=True)
class Port:
    language: str
    directory: Path
    entry: str  # relative to `directory`
    stages: tuple  # the stages its run_scenario provides, in STAGES order
    manifest: Path | None = None  # the nnparity.toml it came from, if any

    @property
    def absent(self) -> tuple:
        """The stages the port declares it does not provide."""
        return tuple(stage for stage in STAGES if stage not in self.stages)

    @property
    def partial(self) -> bool:
        return bool(self.absent)

    @property
    def entry_path(self) -> Path:
        return self.directory / self.entry


def read_port(directory, language: str) -> Port:
    """The port in `directory` for `language`: its nnparity.toml if there is one, the reference
    layout otherwise (ManifestError names every problem of the file)."""
    directory = Path(directory)
    path = directory / MANIFEST
    if not path.is_file():
        return Port(language, directory, DEFAULT_ENTRIES[language], STAGES)
    try:
        raw = tomllib.loads(path.read_text())
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ManifestError(f"{path}: cannot read it: {error}") from error
    problems = [f"unknown field '{name}' (expected {', '.join(FIELDS)})" for name in raw if name not in FIELDS]
    declared = raw.get("language")
    if declared not in LANGUAGES:
        problems.append(f"'language' must be one of {', '.join(LANGUAGES)}; got {declared!r}")
    elif declared != language:
        # --impl r=DIR on a folder that declares itself numpy is a mistake worth stopping for.
        problems.append(f"'language' is {declared!r} but the folder was given as the {LANGUAGE_LABELS[language]} implementation")
    entry = raw.get("entry", DEFAULT_ENTRIES[language])
    if not isinstance(entry, str) or not entry:
        problems.append(f"'entry' must be a file name relative to {directory}; got {entry!r}")
    elif language == "octave" and entry != DEFAULT_ENTRIES["octave"]:
        # Octave calls a function by its file's name: the harness calls run_scenario.
        problems.append(f"'entry' of an Octave port must be run_scenario.m (Octave names a function after its file); got {entry!r}")
    elif not (directory / entry).exists():
        problems.append(f"'entry' {entry!r} does not exist in {directory}")
    stages = raw.get("stages", list(STAGES))
    if (not isinstance(stages, list) or not stages or any(stage not in STAGES for stage in stages)
            or len(set(stages)) != len(stages)):
        problems.append(f"'stages' must be a non-empty list of distinct stages from {', '.join(STAGES)}; got {stages!r}")
        stages = []
    if problems:
        raise ManifestError(f"{path}: " + "; ".join(problems))
    return Port(language, directory, entry, tuple(stage for stage in STAGES if stage in stages), path)
