"""`nnparity doctor`: what the three languages need, what is there, and what is missing."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import subprocess

from . import IMPL_DIRS, LANGUAGE_LABELS, LANGUAGES, blas, resources

# Needed only to run the project's own tests: reported, never counted as missing.
OPTIONAL = {"pytest"}


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
                       ("pytest", "only the test suite needs it: pip install -e '.[test]' in a checkout")):
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
    found.append(("resources", resources.describe(), ""))
    for language, directory in IMPL_DIRS.items():
        found.append((f"{language} implementation", str(directory) if directory.is_dir() else None,
                      "a checkout's folder or the installed package's bundled copy (reinstall nnparity)"))
    return found


def engine_checks(languages=LANGUAGES, impl_dirs: dict | None = None, timeout: float = 120.0):
    """Start each language's engine, load its implementation and run one tiny scenario:
    (language, what it runs, None or what failed)."""
    from .adapters import make_adapter
    from .draws import draw_inputs
    from .data import load_dataset
    from .scenario import Scenario

    tiny = Scenario(id="doctor", dataset="circles", layer_dims=(2, 3, 1), num_epochs=1, batch_size=300)
    inputs = draw_inputs(tiny, load_dataset(tiny.dataset))
    outcomes = []
    for language in languages:
        try:
            with make_adapter(language, (impl_dirs or {}).get(language), timeout=timeout) as adapter:
                version = adapter.version()
                result = adapter.run(inputs)
        except Exception as error:  # noqa: BLE001 - reported, the other languages are still tried
            outcomes.append((language, None, f"{type(error).__name__}: {error}"))
            continue
        if result.errors:
            outcomes.append((language, version, "; ".join(f"{stage}: {message}" for stage, message in result.errors.items())))
        else:
            outcomes.append((language, f"{version}; a tiny scenario ran ({', '.join(result.stages)})", None))
    return outcomes


def doctor(languages=LANGUAGES, impl_dirs: dict | None = None) -> int:
    """0 everything works, 1 something is missing, 3 an engine could not start or run."""
    missing = 0
    for component, value, hint in checks():
        if value is None and component in OPTIONAL:
            print(f"  optional {component:<24} {hint}")
        elif value is None:
            missing += 1
            print(f"  MISSING  {component:<24} {hint}")
        else:
            print(f"  ok       {component:<24} {value}")
    failed = 0
    for language, value, problem in engine_checks(languages, impl_dirs):
        name = f"{LANGUAGE_LABELS[language]} engine"
        if problem:
            failed += 1
            print(f"  FAILED   {name:<24} {problem}")
        else:
            print(f"  ok       {name:<24} {value}")
    if failed:
        print(f"\n{failed} engine{'s' if failed > 1 else ''} failed" + (f", {missing} missing" if missing else ""))
        return 3
    print(f"\n{missing} missing" if missing else "\neverything is in place: every engine started and ran a tiny scenario")
    return 1 if missing else 0
