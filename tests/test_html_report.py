"""The HTML report from real runs, opened in Debian's headless Chromium: a planted R bug (db
without 1/m) must show its heatmap, gradient scatter and training curve; passing suites and the
mutant catalog must render too, each mutant with its scenarios' figures; the console must stay clean."""

import io
import re

import numpy as np
import pytest

from nnparity import LANGUAGES, SCENARIO_DIR
from nnparity.artifacts import load_arrays, load_run
from nnparity.browser import console_errors, headless_chromium
from nnparity.cli import main
from nnparity.compare import ScenarioComparison, compare_quantity
from nnparity.diagnose import Context
from nnparity.mutants import apply_mutant, load_catalog
from nnparity.report import details
from nnparity.run import ScenarioRun
from nnparity.run_outputs import RunProgress
from nnparity.scenario import load_suite
from nnparity.tolerances import Tolerance

MUTANT_SCENARIOS = SCENARIO_DIR / "mutants" / "mutants.toml"
FAILING = "mut-sigmoid-momentum"


@pytest.fixture(scope="module")
def planted_bug_report(tmp_path_factory):
    """R's db without 1/m (the catalog's mutant, planted by mutants.apply_mutant), run against the
    real Python and Octave, saved as artifacts, rendered by `nnparity report`."""
    workdir = tmp_path_factory.mktemp("planted")
    mutant = next(m for m in load_catalog() if m.id == "r-db-without-1-over-m")
    copy, found = apply_mutant(mutant, workdir)
    assert found == len(mutant.edits())
    artifacts, page = workdir / "artifacts", workdir / "report.html"
    assert main(["run", str(MUTANT_SCENARIOS), FAILING, "--impl", f"r={copy}", "--artifacts", str(artifacts), "--quiet"]) == 1
    assert main(["report", str(artifacts), "-o", str(page)]) == 0
    return artifacts, page


def _figures(driver, section_id: str) -> dict:
    """data-figure -> [naturalWidth] of the images inside one element."""
    found = driver.execute_script(
        "return Array.from(document.getElementById(arguments[0]).querySelectorAll('img[data-figure]'))"
        ".map(function (i) { return [i.dataset.figure, i.naturalWidth, i.complete]; })", section_id)
    figures = {}
    for kind, width, complete in found:
        assert complete, kind
        figures.setdefault(kind, []).append(width)
    return figures


def test_artifacts_hold_every_languages_arrays_and_the_verdicts(planted_bug_report):
    artifacts, _ = planted_bug_report
    document = load_run(artifacts)
    [scenario] = document["scenarios"]
    assert scenario["verdict"] == "FAIL" and set(scenario["blames"]) == {"r"}
    assert scenario["blames"]["r"]["stage"] == "grads" and "missing 1/m" in scenario["blames"]["r"]["diagnosis"]
    assert set(scenario["languages"]) == set(LANGUAGES)
    assert all(scenario["languages"][lang]["seconds"] > 0 for lang in LANGUAGES)
    assert document["environment"]["GNU Octave"] and document["environment"]["R"]
    arrays = {lang: load_arrays(artifacts, FAILING, lang) for lang in LANGUAGES}
    # R's db1 is m = 300 times the others'; its dW1 is not touched.
    np.testing.assert_allclose(arrays["r"]["grads.db1"], 300 * arrays["python"]["grads.db1"], rtol=1e-9)
    np.testing.assert_allclose(arrays["r"]["grads.dW1"], arrays["octave"]["grads.dW1"], rtol=1e-8, atol=1e-13)
    assert arrays["octave"]["gradcheck.grad"].shape == arrays["octave"]["gradcheck.gradapprox"].shape
    assert arrays["python"]["gradcheck.tensor_modes.dW1"] == "full"  # text comes back as text
    assert len(document["rows"]) > 0 and document["closing_line"] == "0 passed, 1 failed"


def test_report_opens_in_chromium_with_the_failing_scenarios_figures(planted_bug_report, tmp_path):
    _, page = planted_bug_report
    html = page.read_text()
    # Self-contained: no script, style sheet or image fetched from anywhere.
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:)?//""", html)
    assert "<script src" not in html
    with headless_chromium() as driver:
        driver.get(page.resolve().as_uri())
        screenshot = tmp_path / "report.png"
        driver.save_screenshot(str(screenshot))
        figures = _figures(driver, f"scenario-{FAILING}")
        grid = driver.find_element("id", "summary-grid").text
        # The filter hides the failing scenario when only the inconclusive ones are asked for.
        driver.find_element("css selector", "button[data-filter='inconclusive']").click()
        hidden = driver.execute_script(f"return document.getElementById('scenario-{FAILING}').hidden")
        driver.find_element("css selector", "button[data-filter='fail']").click()
        shown = not driver.execute_script(f"return document.getElementById('scenario-{FAILING}').hidden")
        errors = console_errors(driver)
    assert screenshot.stat().st_size > 10_000 and screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "SUSPECT: backward" in grid and FAILING in grid
    for kind in ("heatmap", "gradient-scatter", "training-costs", "gradcheck-bands"):
        assert figures.get(kind) and all(width > 0 for width in figures[kind]), (kind, figures)
    assert len(figures["heatmap"]) >= 2  # db1 and db2 (db3 is a single element: in the table)
    assert hidden and shown
    assert errors == []
    assert "missing 1/m" in html
    assert "Worst elements" in html and "Environment" in html


def test_passing_suite_and_run_html_render(tmp_path):
    page = tmp_path / "suite.html"
    assert main(["run", "circles-relu-sigmoid-gd", "spiral-relu-softmax-gd", "--quiet", "--html", str(page)]) == 0
    with headless_chromium() as driver:
        driver.get(page.resolve().as_uri())
        widths = driver.execute_script("return Array.from(document.images).map(function (i) { return i.naturalWidth; })")
        rows = driver.execute_script("return document.querySelectorAll('#summary-grid tr[data-verdict=pass]').length")
        errors = console_errors(driver)
    assert rows == 2 and widths and all(width > 0 for width in widths)
    assert errors == []


def test_mutants_catalog_report(tmp_path):
    page, artifacts = tmp_path / "mutants.html", tmp_path / "mutants"
    assert main(["mutants", "octave-db-without-1-over-m", "--quiet", "--artifacts", str(artifacts), "--html", str(page)]) == 0
    assert load_run(artifacts)["kind"] == "mutants"
    with headless_chromium() as driver:
        driver.get(page.resolve().as_uri())
        grid = driver.find_element("id", "catalog-grid").text
        errors = console_errors(driver)
    assert "db-without-1-over-m" in grid and "caught · blamed right" in grid
    assert errors == []
    # The same folder renders again without a rerun.
    assert main(["report", str(artifacts), "-o", str(tmp_path / "again.html")]) == 0


def test_mutants_report_shows_each_mutants_scenario_figures(tmp_path):
    """One R and one Octave mutant: besides the catalog, each has its (collapsed) section with the
    failing scenario's figures, drawn from arrays saved per mutant and scenario."""
    chosen = ["r-db-without-1-over-m", "octave-dW-twice"]
    page, artifacts = tmp_path / "mutants.html", tmp_path / "mutants"
    assert main(["mutants", *chosen, "--quiet", "--artifacts", str(artifacts), "--html", str(page)]) == 0
    document = load_run(artifacts)
    for row in document["mutants"]:
        assert row["runs"], row["mutant"]
        for scenario in row["runs"]:
            assert scenario["arrays_key"] == f"{row['mutant']}/{scenario['id']}"
            assert load_arrays(artifacts, scenario["arrays_key"], row["language"])
    with headless_chromium() as driver:
        driver.get(page.resolve().as_uri())
        grid = driver.find_element("id", "catalog-grid").text
        sections = {}
        for mutant in chosen:
            driver.execute_script("document.getElementById(arguments[0]).open = true", f"mutant-{mutant}")
            sections[mutant] = _figures(driver, f"mutant-{mutant}")
        errors = console_errors(driver)
    assert "db-without-1-over-m" in grid and "dW-twice" in grid
    for mutant, figures in sections.items():
        assert figures.get("heatmap") and all(width > 0 for width in figures["heatmap"]), (mutant, figures)
    assert errors == []


def test_report_of_a_folder_that_is_not_artifacts_is_refused(tmp_path, capsys):
    assert main(["report", str(tmp_path), "-o", str(tmp_path / "x.html")]) == 2
    assert "not an artifacts folder" in capsys.readouterr().err


def test_no_majority_prints_its_worst_elements_with_every_language():
    values = {"python": np.array([[1.0, 2.0], [3.0, 4.0]]), "r": np.array([[1.0, 2.5], [3.0, 4.0]]),
              "octave": np.array([[1.0, 2.0], [3.0, 9.0]])}
    context = Context(m=4, lambd=0.0, params={}, layer_dims=(2, 2))
    quantity = compare_quantity("grads.dW1", values, Tolerance("grads.*", atol=1e-13, rtol=1e-8), context)
    assert quantity.status == "no_majority"
    scenario = load_suite()[0]
    run = ScenarioRun(scenario, comparison=ScenarioComparison(scenario.id, list(values), [quantity], {}, {}, [quantity]))
    lines = details(run)
    assert any("no majority on grads.dW1" in line for line in lines)
    assert "      grads.dW1[1, 1]: Python=4  R=4  Octave=9" in lines
    assert "      grads.dW1[0, 1]: Python=2  R=2.5  Octave=2" in lines


class _Terminal(io.StringIO):
    def isatty(self):
        return True


class _NotTerminal(io.StringIO):
    def isatty(self):
        return False


def test_progress_is_a_bar_on_a_terminal_and_the_plain_lines_otherwise(monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")  # rich draws no live bar on a "dumb" terminal
    scenario = load_suite()[0]
    run = ScenarioRun(scenario)
    plain = _NotTerminal()
    progress = RunProgress(1, stream=plain)
    progress(0, 1, run)
    progress.close()
    assert plain.getvalue() == f"[1/1] {scenario.id:<40} {'':<44} PASS\n"
    terminal = _Terminal()
    progress = RunProgress(1, stream=terminal)
    progress(0, 1, run)
    progress.close()
    assert f"[1/1] {scenario.id}" in terminal.getvalue() and "\x1b[" in terminal.getvalue()  # drawn with escapes
