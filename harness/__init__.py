"""nnparity: run one L-layer network in numpy, R and Octave on identical inputs and say who is wrong."""

from pathlib import Path

__version__ = "0.1.0"

# The package lives in harness/ of the repository; data, scenarios and the three
# implementations are its siblings.
REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
SCENARIO_DIR = REPO_ROOT / "scenarios"
IMPL_DIRS = {
    "python": REPO_ROOT / "python_impl",
    "r": REPO_ROOT / "r_impl",
    "octave": REPO_ROOT / "octave_impl",
}
LANGUAGES = ("python", "r", "octave")
LANGUAGE_LABELS = {"python": "Python", "r": "R", "octave": "Octave"}

# `nnparity run`'s exit codes (run.exit_code decides; --help and the README list them).
EXIT_CODES = {0: "every scenario passed", 1: "a disagreement (or an inconclusive or failed scenario)",
              2: "usage error or bad input (a scenario, dataset or argument)",
              3: "an engine could not start, crashed or timed out (the other languages' results are still reported)"}
