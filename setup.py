"""Build hook: copy the repository's data, scenarios and three implementations into the built
package as nnparity/_bundled/, so that an installed wheel runs without the checkout.

The top-level folders stay the source of truth (nothing is duplicated in git); the copy exists
only in build/ and in the wheel. harness/resources.py reads these names; an editable install
gets no copy and reads the checkout's folders instead. Everything else is in pyproject.toml.
"""

import fnmatch
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# Build leftovers and caches never go into the package.
NOISE = ("__pycache__", "*.pyc", "*.Rcheck", "*.tar.gz", "octave-workspace")
# folder -> (files to take: glob patterns relative to it, parts to leave out)
BUNDLE = {
    "data": (["*.csv", "manifest.toml"], []),
    "scenarios": (["**/*.toml"], []),
    "python_impl": (["nnparity_numpy/*.py"], []),  # its tests/ stay in the repository
    "r_impl": (["**/*"], ["tests", "run_tests.R"]),  # R/*.R, load.R, DESCRIPTION, NAMESPACE, man/
    "octave_impl": (["**/*"], []),  # *.m, private/*.m, DESCRIPTION, INDEX, COPYING
}


def bundle(target: Path) -> list[str]:
    """Copy BUNDLE into target (emptied first, so no stale file survives); the files written."""
    if target.exists():
        shutil.rmtree(target)
    written = []
    for folder, (patterns, left_out) in BUNDLE.items():
        source = ROOT / folder
        if not source.is_dir():
            raise SystemExit(f"setup.py: {source} is missing; the package needs it (is this a full sdist?)")
        for pattern in patterns:
            for path in sorted(source.glob(pattern)):
                relative = path.relative_to(source)
                noise = any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in NOISE)
                if not path.is_file() or relative.parts[0] in left_out or noise:
                    continue
                destination = target / folder / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
                written.append(str(destination))
    return written


class BuildWithBundle(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the repository's folders in place
        self._bundled = bundle(Path(self.build_lib, "nnparity", "_bundled"))

    def get_outputs(self, include_bytecode=True):
        return super().get_outputs(include_bytecode) + getattr(self, "_bundled", [])


setup(cmdclass={"build_py": BuildWithBundle})
