"""`nnparity doctor`: what the three languages need, what is there, and what is missing."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import subprocess

from . import IMPL_DIRS, blas


def _package(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _run(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (done.stdout or done.stderr).strip() if done.returncode == 0 else None


def checks() -> list[tuple[str, str | None, str]]:
    """(component, what was found or None, how to get it)."""
    apt = "apt-get install r-base-core r-cran-testthat octave libopenblas0-pthread"
    found = [("Python", platform.python_version(), "")]
    for name, hint in (("numpy", "pip install -e ."), ("pandas", "pip install -e ."),
                       ("rpy2", "pip install 'rpy2>=3.5,<3.6'"), ("oct2py", "pip install oct2py"),
                       ("pytest", "pip install -e '.[test]'")):
        found.append((name, _package(name), hint))
    rpy2_version = _package("rpy2")
    if rpy2_version and not rpy2_version.startswith("3.5"):
        found.append(("rpy2 version", None, f"rpy2 {rpy2_version} does not load with R 4.2 (R_getVar); pin rpy2>=3.5,<3.6"))
    r_version = _run(["Rscript", "-e", "cat(R.version.string)"])
    found.append(("R", r_version, apt))
    found.append(("R testthat", _run(["Rscript", "-e", "cat(as.character(packageVersion('testthat')))"]), apt))
    found.append(("R BLAS", _run(["Rscript", "-e", "cat(extSoftVersion()[['BLAS']])"]), apt))
    octave = shutil.which("octave-cli")
    octave_version = _run([octave, "--no-history", "--eval", "printf('%s', version())"]) if octave else None
    found.append(("GNU Octave", octave_version, apt))
    openblas = [p for p in ("/usr/lib/x86_64-linux-gnu/openblas-pthread", "/usr/lib/aarch64-linux-gnu/openblas-pthread")
                if os.path.isdir(p)]
    found.append(("OpenBLAS", openblas[0] if openblas else None, "apt-get install libopenblas0-pthread (else reference BLAS)"))
    core = blas.configure_openblas()
    found.append(("OPENBLAS_CORETYPE", core or "(OpenBLAS's own detection)", ""))
    for language, directory in IMPL_DIRS.items():
        found.append((f"{language} implementation", str(directory) if directory.is_dir() else None, "the repository's own files"))
    return found


def doctor() -> int:
    missing = 0
    for component, value, hint in checks():
        if value is None:
            missing += 1
            print(f"  MISSING  {component:<24} {hint}")
        else:
            print(f"  ok       {component:<24} {value}")
    print(f"\n{missing} missing" if missing else "\neverything is in place")
    return 1 if missing else 0
