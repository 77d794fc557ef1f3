#!/usr/bin/env bash
# Build the Octave package of octave_impl/ (what `pkg install` takes):
#   bash scripts/build_octave_pkg.sh [OUT_DIR]      (OUT_DIR defaults to build/octave)
# writes OUT_DIR/<name>-<version>.tar.gz, name and version from octave_impl/DESCRIPTION, and
# prints its path. Octave's layout: <name>/DESCRIPTION, COPYING, INDEX, inst/*.m (the contract
# functions), inst/private/*.m (their helpers). The native suite's tooling stays in the source
# tree: run_tests.m, read_dataset.m (reads the repository's data/) and the test-only mutant
# installers. The .m files are copied unchanged, %!test blocks included.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source_dir="$root/octave_impl"
out_dir="$(mkdir -p "${1:-$root/build/octave}" && cd "${1:-$root/build/octave}" && pwd)"
test_tooling=(run_tests.m read_dataset.m install_test_mutant.m remove_test_mutant.m)

field() { sed -n -E "s/^$1:[[:space:]]*(.*[^[:space:]])[[:space:]]*$/\1/p" "$source_dir/DESCRIPTION" | head -n 1; }
name="$(field Name)"; version="$(field Version)"
[ -n "$name" ] && [ -n "$version" ] || { echo "build_octave_pkg: octave_impl/DESCRIPTION lacks Name or Version" >&2; exit 1; }

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
package="$staging/$name"
mkdir -p "$package/inst/private"
cp "$source_dir/DESCRIPTION" "$source_dir/COPYING" "$source_dir/INDEX" "$package/"
for file in "$source_dir"/*.m; do
  base="$(basename "$file")"
  [[ " ${test_tooling[*]} " == *" $base "* ]] && continue
  cp "$file" "$package/inst/"
done
cp "$source_dir"/private/*.m "$package/inst/private/"

tarball="$out_dir/$name-$version.tar.gz"
tar -czf "$tarball" -C "$staging" "$name"
echo "$tarball"
