#!/usr/bin/env bash
# The whole Twin test suite on a fresh machine: provisions what the tests need (a private
# PostgreSQL cluster, the node-opcua interop peers), builds once, runs every test project and
# ends with one summary line "N passed, N failed". Exit code 0 only when nothing failed.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
source tests/tools/postgres.sh
source tests/tools/chromium.sh

results=$(mktemp -d /tmp/twin-tests.XXXXXX)
cleanup() { twin_pg_stop; }
trap cleanup EXIT INT TERM

echo "== Provisioning: private PostgreSQL"
twin_pg_start || { echo "0 passed, 1 failed"; exit 1; }

echo "== Provisioning: headless Chromium for the browser tests"
twin_chromium_provision || echo "Chromium could not be provisioned: the browser tests will report themselves skipped"

if [ -f tests/interop/package-lock.json ]; then
  echo "== Provisioning: node-opcua interop peers (npm ci)"
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
  export TWIN_INTEROP_DIR="$root/tests/interop"
fi

echo "== Building (Release)"
if ! dotnet build Twin.sln -c Release -nologo -v q -clp:ErrorsOnly; then
  echo "Build failed"; echo "0 passed, 1 failed"; exit 1
fi

# Test projects run one after another: the machine has 2 cores and several suites start
# real processes (silos, PostgreSQL clients, node-opcua peers).
projects=(
  tests/Twin.Domain.Tests
  tests/Twin.OpcUa.Tests
  tests/Twin.Erp.Tests
  tests/Twin.Grains.Tests
  tests/Twin.Api.Tests
  tests/Twin.Cli.Tests
  tests/Twin.Interop.Tests
  tests/Twin.Pipeline.Tests
  tests/Twin.Integration.Tests
  tests/Twin.EndToEnd.Tests
)
failed_runs=0
for p in "${projects[@]}"; do
  name=$(basename "$p")
  echo "== $name"
  dotnet test "$p" -c Release --no-build -nologo -v q \
    --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=minimal" \
    --blame-hang-timeout 5m || failed_runs=$((failed_runs + 1))
done

if [ -d tests/Twin.Benchmarks ] && grep -q smoke tests/Twin.Benchmarks/*.cs 2>/dev/null; then
  echo "== Benchmark smoke (seconds-long run of each scenario so they cannot rot)"
  if dotnet run --project tests/Twin.Benchmarks -c Release --no-build -- smoke; then bench_ok=1; else bench_ok=0; fi
fi

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  c=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$c"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$c")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# A test project that crashed before writing its results counts as a failure.
trx_count=$(ls "$results"/*.trx 2>/dev/null | wc -l)
missing=$(( ${#projects[@]} - trx_count ))
[ "$missing" -gt 0 ] && failed=$((failed + missing))
if [ -n "${bench_ok:-}" ]; then
  if [ "$bench_ok" = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
fi
if [ "$failed" = 0 ] && [ "$failed_runs" -gt 0 ]; then failed=$failed_runs; fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
