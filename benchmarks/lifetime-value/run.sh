#!/usr/bin/env bash
# Customer lifetime value's spend side on CDNOW (docs/profitability.md): BG/NBD × Gamma-Gamma fitted on the 39-week
# calibration of the 2,357-customer sample, each customer's holdout spend predicted and compared with what they spent
# and with simpler predictions; fitted parameters next to the published ones. Reads ../shared/data/cdnow (or the
# file given as the first argument); writes benchmarks/lifetime-value/results.json and results.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="${1:-$repo/../shared/data/cdnow/cdnow_sample.csv}"
cd "$repo"
dotnet build benchmarks/Forecast.Benchmarks -c Release -nologo -v quiet
dotnet benchmarks/Forecast.Benchmarks/bin/Release/net10.0/forecast-bench.dll benchmark lifetime-value --transactions "$data" --out "$here"
