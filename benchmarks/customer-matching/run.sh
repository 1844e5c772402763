#!/usr/bin/env bash
# Customer unification (README "Customer matching"): precision and recall of the auto-links against the generator's
# truth, pairs scored and time, on the seed-42 demo world and at 20,000 ERP customers (with and without the ERP's
# English names as aliases). Needs PostgreSQL (provisioned as the demo does); each run uses a scratch database.
# Usage: benchmarks/customer-matching/run.sh   Writes benchmarks/customer-matching/results/*.json and *.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/lib/common.sh"
source "$REPO_ROOT/scripts/lib/postgres.sh"
ensure_dotnet
provision_postgres
cd "$REPO_ROOT"
say "Building forecast-bench (Release)"
dotnet build benchmarks/Forecast.Benchmarks -c Release -nologo -v quiet
bench() { dotnet benchmarks/Forecast.Benchmarks/bin/Release/net10.0/forecast-bench.dll benchmark customer-matching --out "$here/results" "$@"; }
say "The seed-42 demo world (the demo's size)"
bench --customers 300 --products 200 --with-activities
say "20,000 ERP customers × 5,000 products"
bench --customers 20000 --products 5000
say "The same with the ERP's English names as aliases"
bench --customers 20000 --products 5000 --erp-english-names
