#!/usr/bin/env bash
# Forecast value added of planner overrides, simulated on the demo world (see docs/overrides.md): a time-ordered
# backtest where an informed planner knows a promotion lift the model cannot see and a careless one overrides at random.
# Writes benchmarks/overrides/results.json and results.md. Extra arguments go to `forecast-bench benchmark overrides`
# (e.g. --model ets --lifts 0.5). Needs only the .NET SDK; the world is generated in memory (seed 42).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
dotnet build benchmarks/Forecast.Benchmarks -c Release -nologo -v quiet
dotnet benchmarks/Forecast.Benchmarks/bin/Release/net10.0/forecast-bench.dll benchmark overrides --out "$here" "$@"
