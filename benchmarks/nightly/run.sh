#!/usr/bin/env bash
# The whole nightly pipeline at a chosen size on real `forecast worker` processes (issue 15): generates a demo world,
# leaves it in a drop folder and runs every stage, import to reminders, once per mode: one process on every core, one
# process on one core, two processes on a core each. Writes benchmarks/nightly/results/nightly-<C>x<P>.json and .md.
# Needs PostgreSQL (scripts/lib/postgres.sh provisions one, as the demo does). Measure on a quiet machine.
# Usage: benchmarks/nightly/run.sh [--customers N] [--products M] [--years Y] [--modes one,one-core,two-cores]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
source scripts/lib/common.sh
source scripts/lib/postgres.sh
provision_postgres
dotnet build benchmarks/Forecast.Benchmarks -c Release -nologo -v quiet
dotnet benchmarks/Forecast.Benchmarks/bin/Release/net10.0/forecast-bench.dll benchmark nightly --out "$here/results" "$@"
