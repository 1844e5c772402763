#!/usr/bin/env bash
# Price suggestions backtested in time order (docs/pricing.md): synthetic quote books with a known response to price
# (logistic, probit and step truths), suggested vs quoted prices by expected margin on held-out quotes, and calibration of
# P(win | price); then the same, in time order by quarter, on the seed-42 demo world (generated in memory; its deals are
# priced against a known response and its products have a cost history); the public CRM data set is checked for usable prices. Reads ../shared/data/crm-sales-opportunities (or
# the folder given as the first argument); writes benchmarks/pricing/results.json and results.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
crm="${1:-$repo/../shared/data/crm-sales-opportunities}"
cd "$repo"
dotnet build benchmarks/Forecast.Benchmarks -c Release -nologo -v quiet
dotnet benchmarks/Forecast.Benchmarks/bin/Release/net10.0/forecast-bench.dll benchmark pricing --crm-data "$crm" --out "$here"
