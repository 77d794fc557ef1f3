"""Make docs/report-screenshot.png from a real run: R's db without 1/m (the catalog's mutant
r-db-without-1-over-m, planted in a temporary copy of r_impl) on scenario mut-sigmoid-momentum,
reported with `nnparity report` and photographed in headless Chromium.

    .venv/bin/python scripts/report_screenshot.py [OUTPUT.png]

It prints the nnparity commands it ran, so the README can quote them.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from nnparity import REPO_ROOT, SCENARIO_DIR
from nnparity.browser import console_errors, headless_chromium
from nnparity.cli import main
from nnparity.mutants import apply_mutant, load_catalog


def screenshot(output: Path) -> int:
    mutant = next(m for m in load_catalog() if m.id == "r-db-without-1-over-m")
    with tempfile.TemporaryDirectory(prefix="nnparity-screenshot-") as workdir:
        copy, _ = apply_mutant(mutant, Path(workdir))
        artifacts, page = Path(workdir) / "artifacts", Path(workdir) / "report.html"
        scenarios = SCENARIO_DIR.relative_to(REPO_ROOT) / "mutants" / "mutants.toml"
        run = ["run", str(scenarios), "mut-sigmoid-momentum", "--impl", f"r={copy}", "--artifacts", str(artifacts), "--quiet"]
        report = ["report", str(artifacts), "-o", str(page)]
        for command in (run, report):
            print("$ nnparity " + " ".join(command), flush=True)
            main(command)
        with headless_chromium(width=1300, height=2300) as driver:
            driver.get(page.resolve().as_uri())
            driver.save_screenshot(str(output))
            errors = console_errors(driver)
    print(f"screenshot: {output}" + (f" (console errors: {errors})" if errors else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(screenshot(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_ROOT / "docs" / "report-screenshot.png"))
