#!/usr/bin/env bash
# Install everything nnparity needs on Debian (bookworm): R with testthat, GNU Octave, OpenBLAS
# from Debian's packages; a virtual environment in .venv with the package and its test tools.
# Safe to re-run: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium + chromium-driver: tests/test_html_report.py opens the HTML report in a headless browser.
apt_packages=(r-base-core r-cran-testthat octave libopenblas0-pthread python3-venv python3-dev gcc chromium chromium-driver)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# A Python that already makes venvs (e.g. pyenv's) does not need Debian's python3-venv/-dev.
if python3 -c 'import venv, ensurepip' 2>/dev/null && python3 -c 'import sysconfig, os; exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
  missing=("${missing[@]/python3-venv/}"); missing=("${missing[@]/python3-dev/}")
fi
read -r -a missing <<< "${missing[*]:-}"
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
# Versions from package metadata: importing oct2py would start an Octave session just to print one.
echo "setup: done ($(.venv/bin/python -c 'from importlib.metadata import version as v; print("rpy2", v("rpy2"), "· oct2py", v("oct2py"), "· numpy", v("numpy"))'))"
