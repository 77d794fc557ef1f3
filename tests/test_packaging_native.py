"""Each reference implementation packaged the way its own ecosystem expects (docs/PACKAGING.md):
r_impl/ is the R package nnparityr, which `R CMD build` + `R CMD check` accept with no ERROR or
WARNING (the check runs its testthat suite against the installed package), and
scripts/build_octave_pkg.sh turns octave_impl/ into a tarball that Octave's `pkg install`
accepts, whose installed functions compute what the source tree computes.

The two end-to-end tests take about half a minute (R CMD check) and a few seconds (Octave); they
carry the `slow` mark but run in the normal suite. Without R or Octave they skip, saying why,
except under CI (the `CI` variable set), where both are installed and a missing one fails."""

import os
import re
import shutil
import subprocess
import tarfile

import pytest

from nnparity import IMPL_DIRS, REPO_ROOT
from test_internal_api import contract_functions

R_DIR = IMPL_DIRS["r"]
OCTAVE_DIR = IMPL_DIRS["octave"]
BUILD_OCTAVE_PKG = REPO_ROOT / "scripts" / "build_octave_pkg.sh"
# The native suite's tooling, which stays out of the Octave package (scripts/build_octave_pkg.sh).
OCTAVE_TEST_TOOLING = {"run_tests", "read_dataset", "install_test_mutant", "remove_test_mutant"}


def require(program: str, what: str) -> str:
    path = shutil.which(program)
    if path is None:
        message = f"{program} not found: {what} needs it (scripts/setup.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run this test")
        pytest.skip(message)
    return path


def run(command, cwd, env=None, timeout=600):
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def description_field(path, name):
    return re.search(rf"^{name}:\s*(.+)$", path.read_text(), flags=re.M).group(1).strip()


def r_exports():
    return set(re.findall(r"\w+", " ".join(re.findall(r"^export\((.*)\)$", (R_DIR / "NAMESPACE").read_text(), flags=re.M))))


def test_the_r_package_exports_exactly_the_contract_functions():
    assert r_exports() == contract_functions()
    documented = set()
    for rd in (R_DIR / "man").glob("*.Rd"):
        documented |= set(re.findall(r"^\\alias\{(\w+)\}", rd.read_text(), flags=re.M))
    assert r_exports() <= documented, f"exports without an Rd entry: {sorted(r_exports() - documented)}"


def test_the_octave_index_lists_exactly_the_contract_functions():
    index = (OCTAVE_DIR / "INDEX").read_text().splitlines()
    listed = {name for line in index[1:] if line.startswith(" ") for name in line.split()}
    public = {path.stem for path in OCTAVE_DIR.glob("*.m")} - OCTAVE_TEST_TOOLING
    assert listed == public == contract_functions()


@pytest.mark.slow
def test_r_cmd_build_and_check_pass_with_no_error_or_warning(tmp_path):
    r = require("R", "R CMD build / R CMD check")
    # No network: the dependency check reads an empty local repository instead of CRAN's index.
    repository = tmp_path / "empty-repository"
    (repository / "src" / "contrib").mkdir(parents=True)
    (repository / "src" / "contrib" / "PACKAGES").write_text("")
    profile = tmp_path / "Rprofile"
    profile.write_text(f'options(repos = c(CRAN = "file://{repository}"))\n')
    env = dict(os.environ, R_PROFILE_USER=str(profile), _R_CHECK_CRAN_INCOMING_="false",
               _R_CHECK_CRAN_INCOMING_REMOTE_="false")

    built = run([r, "CMD", "build", str(R_DIR)], cwd=tmp_path, env=env)
    name, version = description_field(R_DIR / "DESCRIPTION", "Package"), description_field(R_DIR / "DESCRIPTION", "Version")
    tarball = tmp_path / f"{name}_{version}.tar.gz"
    assert built.returncode == 0 and tarball.is_file(), built.stdout + built.stderr
    with tarfile.open(tarball) as archive:
        shipped = set(archive.getnames())
    assert f"{name}/tests/testthat/datasets/circles.csv" in shipped, "R CMD build must copy the linked datasets"
    assert not {f"{name}/load.R", f"{name}/run_tests.R"} & shipped, ".Rbuildignore keeps the source-tree tooling out"

    checked = run([r, "CMD", "check", "--no-manual", tarball.name], cwd=tmp_path, env=env)
    output = checked.stdout + checked.stderr
    log_dir = tmp_path / f"{name}.Rcheck"
    failure = (log_dir / "tests" / "testthat.Rout.fail")
    detail = output[-6000:] + (failure.read_text()[-6000:] if failure.is_file() else "")
    status = re.search(r"^Status: (.+)$", output, flags=re.M)
    assert checked.returncode == 0 and status, detail
    assert re.fullmatch(r"OK|\d+ NOTEs?", status.group(1)), f"R CMD check: Status: {status.group(1)}\n{detail}"
    assert not re.findall(r"^\*.*\.\.\. *(WARNING|ERROR)$", output, flags=re.M), detail
    # The check ran the whole testthat suite against the installed package, nothing skipped.
    tests_log = (log_dir / "tests" / "testthat.Rout").read_text()
    summary = re.findall(r"\[ FAIL (\d+) \| WARN (\d+) \| SKIP (\d+) \| PASS (\d+) \]", tests_log)
    assert summary, tests_log[-3000:]
    failed, warned, skipped, passed = map(int, summary[-1])
    assert (failed, warned, skipped) == (0, 0, 0) and passed > 900, summary[-1]


@pytest.mark.slow
def test_the_octave_package_installs_loads_and_computes_what_the_source_tree_computes(tmp_path):
    octave = require("octave-cli", "pkg install of the Octave package")
    built = run(["bash", str(BUILD_OCTAVE_PKG), str(tmp_path / "dist")], cwd=REPO_ROOT)
    assert built.returncode == 0, built.stdout + built.stderr
    tarball = built.stdout.strip().splitlines()[-1]
    name, version = description_field(OCTAVE_DIR / "DESCRIPTION", "Name"), description_field(OCTAVE_DIR / "DESCRIPTION", "Version")
    assert tarball == str(tmp_path / "dist" / f"{name}-{version}.tar.gz")
    with tarfile.open(tarball) as archive:
        shipped = {member.name for member in archive.getmembers() if member.isfile()}
    public = {path[len(f"{name}/inst/"):-2] for path in shipped if re.fullmatch(rf"{name}/inst/\w+\.m", path)}
    private = {path.rsplit("/", 1)[1] for path in shipped if path.startswith(f"{name}/inst/private/")}
    assert public == contract_functions()
    assert private == {path.name for path in (OCTAVE_DIR / "private").glob("*.m")}
    assert {f"{name}/DESCRIPTION", f"{name}/COPYING", f"{name}/INDEX"} <= shipped

    # pkg installs into, and lists packages in, this test's folder only: nothing for the user.
    prefix = tmp_path / "octave-packages"
    prefix.mkdir()
    script = f"""
      prefix = "{prefix}";
      pkg ("prefix", fullfile (prefix, "share"), fullfile (prefix, "arch"));
      pkg ("local_list", fullfile (prefix, "local_list"));
      pkg ("global_list", fullfile (prefix, "global_list"));
      pkg ("install", "-local", "{tarball}");
      pkg ("load", "{name}");
      printf ("function from: %s\\n", which ("initialize_parameters"));
      X = [0.5 2 -1 0.3; -1 0.25 3 -0.7];
      Y = [1 0 1 0];
      params = initialize_parameters ([2 3 1], "he", 1);
      [AL, caches] = forward_propagation (X, params, "relu", "sigmoid", 1, {{}});
      check = gradient_check (X, Y, params, struct ("hidden_activation", "tanh"), {{}});
      printf ("verdict: %s\\n", check.verdict);
      pkg ("unload", "{name}");
      addpath ("{OCTAVE_DIR}");
      source_params = initialize_parameters ([2 3 1], "he", 1);
      source_AL = forward_propagation (X, source_params, "relu", "sigmoid", 1, {{}});
      printf ("source function from: %s\\n", which ("initialize_parameters"));
      printf ("identical to the source tree: %d\\n", isequal (params, source_params) && isequal (AL, source_AL));
    """
    result = run([octave, "--no-history", "--no-init-file", "--eval", script], cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"function from: {prefix / 'share'}" in output, output
    assert "verdict: correct" in output, output
    assert f"source function from: {OCTAVE_DIR}" in output, output
    assert "identical to the source tree: 1" in output, output
