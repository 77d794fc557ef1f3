"""Choose OpenBLAS's kernel from this CPU's flags before R or Octave load it.

OpenBLAS 0.3.21 (Debian bookworm) does not know every recent CPU and falls back to an older
kernel (seen: Haswell kernels on an AVX-512 EPYC, ~1.45x slower on a 1000x1000 product). The core
type is read from /proc/cpuinfo at run time, never hard-coded: a kernel the CPU lacks would crash.
"""

from __future__ import annotations

import os
from pathlib import Path

# Most capable first; each entry: core type, CPU flags it needs.
_CORE_TYPES = (
    ("SkylakeX", {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"}),
    ("Haswell", {"avx2", "fma"}),
    ("Sandybridge", {"avx"}),
)


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> set[str]:
    try:
        text = cpuinfo.read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def choose_core_type(flags: set[str]) -> str | None:
    for core, needed in _CORE_TYPES:
        if needed <= flags:
            return core
    return None


def configure_openblas() -> str | None:
    """Set OPENBLAS_CORETYPE unless the user already did; return the value in force."""
    if "OPENBLAS_CORETYPE" not in os.environ:
        core = choose_core_type(cpu_flags())
        if core:
            os.environ["OPENBLAS_CORETYPE"] = core
    return os.environ.get("OPENBLAS_CORETYPE")


# Every engine uses one BLAS thread unless the user chooses otherwise: a product's rounding
# depends on how many threads split it, so results would otherwise change with -j, with Dask
# (whose workers set one thread) and with the machine's load. The languages of a scenario, and
# the scenarios of -j N, run concurrently instead.
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")


def configure_threads() -> str:
    """Set the BLAS thread count to 1 unless the user already did; return the value in force.
    It must run before numpy, R or Octave loads OpenBLAS (the engines inherit it)."""
    for variable in THREAD_VARIABLES:
        os.environ.setdefault(variable, os.environ.get("OPENBLAS_NUM_THREADS", "1"))
    return os.environ["OPENBLAS_NUM_THREADS"]
