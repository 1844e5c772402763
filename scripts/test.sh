#!/usr/bin/env bash
# Every test: provisions what the tests need (PostgreSQL, ...), builds with warnings as errors,
# runs every test project. Usage: scripts/test.sh [extra dotnet test arguments]
source "$(dirname "$0")/lib/common.sh"
source "$REPO_ROOT/scripts/lib/postgres.sh"

ensure_dotnet
provision_postgres
# Browser tests drive Debian's Chromium (never a downloaded one); CJK fonts so Chinese pages render in screenshots.
ensure_packages chromium fonts-wqy-zenhei
# Integration tests create (and drop) their own databases next to the default one.
export FORECAST_TEST_CONNECTION="${FORECAST_TEST_CONNECTION:-$ConnectionStrings__Forecast}"

cd "$REPO_ROOT"
say "Building (warnings are errors)"
dotnet build Forecast.sln -c Release -nologo -v quiet
say "Running tests (full log: artifacts/test-results/dotnet-test.log)"
mkdir -p "$REPO_ROOT/artifacts/test-results"
# The full log has every test and the apps' own logging; the console shows each failure whole (message, stack,
# output), fixture clean-up failures with their exception, and the totals. Exit status is dotnet test's (pipefail).
dotnet test Forecast.sln -c Release --no-build -nologo \
  --logger "console;verbosity=normal" --results-directory "$REPO_ROOT/artifacts/test-results" "$@" 2>&1 \
  | tee "$REPO_ROOT/artifacts/test-results/dotnet-test.log" \
  | awk '/^  Passed / { failing = 0; next }
         /^  Failed / { failing = 1 }
         /^\[xUnit\.net|^Test Run |^Total tests|^ +(Passed|Failed|Skipped|Total time):|^(Passed|Failed)!|[Aa]borted|crashed/ { print; fflush(); next }
         failing { print; fflush() }'
say "Re-executing the notebooks headless"
"$REPO_ROOT/notebooks/run.sh"
say "All tests passed"
