"""Known differences: expected disagreements, listed per language, that fail the run when stale.

harness/known_differences/<language>.toml holds [[known]] tables with `scenario`, `quantity`
(a glob over quantity names such as "grads.db*") and `reason`. An entry whose language does not
disagree on a matching quantity any more fails the run: the list cannot go stale.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .resources import KNOWN_DIR


@dataclass(frozen=True)
class KnownDifference:
    language: str
    scenario: str
    quantity: str
    reason: str
    source: str

    def matches(self, language: str, scenario: str, quantity: str) -> bool:
        return language == self.language and scenario == self.scenario and fnmatch.fnmatchcase(quantity, self.quantity)


def load_known(languages, directory: Path = KNOWN_DIR) -> list[KnownDifference]:
    entries = []
    for language in languages:
        path = directory / f"{language}.toml"
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            document = tomllib.load(handle)
        for index, raw in enumerate(document.get("known", [])):
            missing = [key for key in ("scenario", "quantity", "reason") if not raw.get(key)]
            if missing:
                raise ValueError(f"{path}: known[{index}] lacks {', '.join(missing)}")
            entries.append(KnownDifference(language, raw["scenario"], raw["quantity"], raw["reason"], str(path)))
    return entries
