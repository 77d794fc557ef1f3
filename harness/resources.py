"""Where the harness finds its files: the one module that knows the layout.

Two layouts, one set of names:
- a checkout of the repository (the tests, `pip install -e .`): the package is harness/, and
  data/, scenarios/ and the three implementations are its siblings, read in place;
- an installed wheel or sdist: the build copied those folders into nnparity/_bundled/ (setup.py),
  found here with importlib.resources.
Files that live inside the package itself (tolerances, catalogs, templates, ...) are the same
in both layouts.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# The bundle's layout: setup.py writes these names, nothing else reads them.
BUNDLE = "_bundled"
BUNDLED_FOLDERS = ("data", "scenarios", "python_impl", "r_impl", "octave_impl")


def _as_path(traversable) -> Path:
    # R and Octave open the files by name, and mutants copy whole folders: a zipped install
    # (no real files) cannot work, so say so instead of failing later on a strange path.
    if not isinstance(traversable, Path):
        raise RuntimeError(f"nnparity must be installed as plain files, not zipped ({traversable})")
    return traversable


PACKAGE_DIR = _as_path(resources.files(__package__))


def _checkout_root() -> Path | None:
    """The repository when the package is its harness/ folder (editable install or tests)."""
    root = PACKAGE_DIR.resolve().parent
    if PACKAGE_DIR.resolve().name == "harness" and all((root / name).is_dir() for name in BUNDLED_FOLDERS):
        return root
    return None


REPO_ROOT = _checkout_root()  # None in an installed package: there is no docs/ or scripts/ then
RESOURCE_ROOT = REPO_ROOT if REPO_ROOT is not None else PACKAGE_DIR / BUNDLE

DATA_DIR = RESOURCE_ROOT / "data"
SCENARIO_DIR = RESOURCE_ROOT / "scenarios"
IMPL_DIRS = {
    "python": RESOURCE_ROOT / "python_impl",  # holds the package folder nnparity_numpy/
    "r": RESOURCE_ROOT / "r_impl",
    "octave": RESOURCE_ROOT / "octave_impl",
}

# Inside the package in both layouts.
TOLERANCE_FILE = PACKAGE_DIR / "tolerances.toml"
BOOK_PRINTS = PACKAGE_DIR / "book_prints.toml"
MUTANT_CATALOG = PACKAGE_DIR / "mutants_catalog"  # one TOML file per language
KNOWN_DIR = PACKAGE_DIR / "known_differences"
TEMPLATES = PACKAGE_DIR / "templates"
OCTAVE_SUPPORT = PACKAGE_DIR / "adapters" / "octave_support"  # the harness's own Octave helpers


def describe() -> str:
    """One line for --version and doctor: which layout is in use."""
    return f"checkout {REPO_ROOT}" if REPO_ROOT is not None else f"installed {RESOURCE_ROOT}"
