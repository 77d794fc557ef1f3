#!/usr/bin/env bash
# Every test: the R (testthat) and Octave (%!test) native suites, then pytest (numpy
# implementation + harness, which drives the real R and Octave). Each suite prints its count;
# the last line adds them up. Exit 1 if anything failed or if a suite ran no test.
set -uo pipefail
cd "$(dirname "$0")/.."
export OCTAVE_EXECUTABLE="octave-cli --no-history"
status=0
total_passed=0; total_failed=0

count() {  # add "<Label>: N passed, F failed" from a suite's log to the totals
  local line
  line=$(grep -E '^[A-Za-z]+: [0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
  if [ -z "$line" ]; then
    echo "test-all: $2 printed no count line: counted as a failure"; status=1; total_failed=$((total_failed + 1)); return
  fi
  local passed failed
  passed=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<< "$line"); failed=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<< "$line")
  [ "$passed" -eq 0 ] && { echo "test-all: $2 ran no test"; status=1; }
  total_passed=$((total_passed + passed)); total_failed=$((total_failed + failed))
}

log=$(mktemp -d)
echo "== R native suite (testthat) =="
Rscript r_impl/run_tests.R 2>&1 | tee "$log/r.txt"; [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
count "$log/r.txt" "R"

echo; echo "== Octave native suite (%!test) =="
octave-cli --no-history --no-gui --eval "addpath('$(pwd)/octave_impl'); run_tests()" 2>&1 | tee "$log/octave.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
count "$log/octave.txt" "Octave"

echo; echo "== pytest (numpy implementation, harness, real three-language runs) =="
.venv/bin/python -m pytest -n 2 -q "$@" 2>&1 | tee "$log/pytest.txt"
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 5 ]; then echo "test-all: pytest collected no tests"; status=1
elif [ "$rc" -ne 0 ]; then status=1; fi
py_passed=$(tail -n 1 "$log/pytest.txt" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || echo 0)
py_failed=$(tail -n 1 "$log/pytest.txt" | grep -Eo '[0-9]+ (failed|errors?)' | awk '{s += $1} END {print s + 0}')
total_passed=$((total_passed + py_passed)); total_failed=$((total_failed + py_failed))
[ "$rc" -ne 0 ] && [ "$py_failed" -eq 0 ] && total_failed=$((total_failed + 1))  # pytest failed without a count
echo "pytest: ${py_passed} passed, ${py_failed:-0} failed"
rm -rf "$log"

echo
echo "Total: ${total_passed} passed, ${total_failed} failed"
[ "$total_failed" -eq 0 ] || status=1
exit $status
