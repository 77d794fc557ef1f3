"""nnparity as a real package: the sdist and the wheel carry the data, scenarios and the three
implementations, and the wheel, installed into a fresh virtual environment (no access to this
checkout), runs from another folder.

One test on purpose: building twice at once (pytest -n) would write the checkout's egg-info
from two processes. Dependencies come from pip's cache or the index (about a minute)."""

import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile

import pytest

from nnparity import REPO_ROOT, __version__

pytestmark = pytest.mark.slow
SCENARIO = "circles-relu-sigmoid-gd"


def expected_resources() -> set[str]:
    """What the package must bundle, as paths relative to the repository."""
    patterns = ["data/*.csv", "data/manifest.toml", "scenarios/**/*.toml", "python_impl/nnparity_numpy/*.py",
                "r_impl/load.R", "r_impl/R/*.R", "octave_impl/*.m", "octave_impl/private/*.m"]
    found = {str(path.relative_to(REPO_ROOT)) for pattern in patterns for path in REPO_ROOT.glob(pattern)}
    # The glob must have found each kind of file, or the comparison below proves nothing.
    assert {"data/manifest.toml", "scenarios/mutants/mutants.toml", "r_impl/load.R",
            "octave_impl/run_scenario.m", "python_impl/nnparity_numpy/__init__.py"} <= found
    assert any(name.startswith("scenarios/regressions/") for name in found)
    assert any(name.startswith("octave_impl/private/") for name in found)
    return found


def run(command, cwd, env, timeout=600):
    begun = time.monotonic()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    print(f"{time.monotonic() - begun:5.1f} s  {' '.join(map(str, command[:6]))}")  # shown with -s
    report = f"$ {' '.join(map(str, command))}\nexit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done, report


def test_sdist_and_wheel_install_into_a_fresh_venv_and_run_anywhere(tmp_path):
    started = time.monotonic()
    # Nothing from this checkout or its .venv may leak into the fresh environment.
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    env.setdefault("OCTAVE_EXECUTABLE", "octave-cli --no-history")
    elsewhere = tmp_path / "elsewhere"  # not the repository: the package must find its own files
    elsewhere.mkdir()

    # `build` makes the sdist, then the wheel from that sdist: the wheel proves the sdist complete.
    dist = tmp_path / "dist"
    done, report = run([sys.executable, "-m", "build", "--outdir", str(dist), str(REPO_ROOT)], elsewhere, env)
    assert done.returncode == 0, report
    (sdist,), (wheel,) = list(dist.glob("*.tar.gz")), list(dist.glob("*.whl"))
    assert wheel.name == f"nnparity-{__version__}-py3-none-any.whl"

    resources = expected_resources()
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert resources - in_sdist == set(), "the sdist lacks resources"
    assert {"setup.py", "MANIFEST.in", "pyproject.toml"} <= in_sdist
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    bundled = {name.removeprefix("nnparity/_bundled/") for name in in_wheel if name.startswith("nnparity/_bundled/")}
    assert resources - bundled == set(), "the wheel lacks resources"
    assert not any(name.startswith(("r_impl/tests/", "python_impl/tests/")) for name in bundled)  # tests stay home
    assert {"nnparity/tolerances.toml", "nnparity/book_prints.toml", "nnparity/mutants_catalog/python.toml",
            "nnparity/templates/run.html.j2", "nnparity/adapters/octave_support/nnparity_noop.m",
            "nnparity_numpy/__init__.py"} <= in_wheel

    # A real fresh environment (no system site-packages). This environment's pip installs into it
    # (--python), which spares installing pip there; --no-compile spares byte-compiling matplotlib
    # and pandas for a throwaway environment.
    venv = tmp_path / "venv"
    done, report = run([sys.executable, "-m", "venv", "--without-pip", str(venv)], elsewhere, env)
    assert done.returncode == 0, report
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q", "--no-compile",
           "--prefer-binary", "--disable-pip-version-check"]
    done, report = run(pip + [str(wheel)], elsewhere, env)
    assert done.returncode == 0, report
    nnparity = str(venv / "bin" / "nnparity")

    done, report = run([nnparity, "--version"], elsewhere, env)
    assert done.returncode == 0, report
    assert done.stdout.startswith(f"nnparity {__version__} (installed {venv}"), report  # not this checkout
    assert "numpy " in done.stdout, report

    done, report = run([nnparity, "run", SCENARIO], elsewhere, env)
    assert done.returncode == 0, report
    assert "1 passed, 0 failed" in done.stdout, report

    done, report = run([nnparity, "doctor"], elsewhere, env)
    assert done.returncode == 0, report
    assert "everything is in place" in done.stdout, report

    # A user's own port, checked by the installed package: the example partial port in R.
    done, report = run([nnparity, "conform", "--impl", f"r={REPO_ROOT / 'examples' / 'tinynet_r'}"], elsewhere, env)
    assert done.returncode == 0, report

    # The sdist installs on its own too (pip builds it; the dependencies are already there), with
    # the same bundle: the files are checked rather than running the engines a second time.
    done, report = run(pip + ["--no-deps", "--force-reinstall", str(sdist)], elsewhere, env)
    assert done.returncode == 0, report
    (package,) = venv.glob("lib/python*/site-packages/nnparity")
    installed = {str(path.relative_to(package / "_bundled")) for path in (package / "_bundled").rglob("*") if path.is_file()}
    assert resources - installed == set(), "the sdist's install lacks resources"

    shutil.rmtree(venv)  # ~400 MB; pytest keeps its last three temporary folders (a failure's stays)
    print(f"wheel test: {time.monotonic() - started:.0f} s")  # shown with -s: this test should stay near a minute
