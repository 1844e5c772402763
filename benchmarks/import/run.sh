#!/usr/bin/env bash
# Import benchmark (README table): generates an ERP export with 1,000,000 order lines (plus the customers, products
# and orders they need) and measures, side by side in one run, psql \copy of the files into bare tables and
# `forecast import erp` of the same files (first import, then a re-import that changes nothing).
# Usage: benchmarks/import/run.sh [--rows N] [--repeat N]   (results: benchmarks/import/results.json)
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$REPO_ROOT/scripts/lib/postgres.sh"

ensure_dotnet
provision_postgres
command -v psql >/dev/null || ensure_packages postgresql-client

cd "$REPO_ROOT"
say "Building forecast-bench (Release)"
dotnet build benchmarks/Forecast.Benchmarks -c Release -nologo -v quiet
say "Running the import benchmark"
dotnet benchmarks/Forecast.Benchmarks/bin/Release/net10.0/forecast-bench.dll benchmark import \
  --work "$STATE_DIR/bench-import" --out "$REPO_ROOT/benchmarks/import/results.json" "$@"
