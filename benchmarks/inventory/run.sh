#!/usr/bin/env bash
# Re-runs the inventory benchmarks whose figures are in docs/inventory.md and writes the JSON next to this script.
# Usage: benchmarks/inventory/run.sh [path to the shared data directory, default ../shared/data]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="${1:-$repo/../shared/data}"
cd "$repo"
dotnet build benchmarks/Forecast.Benchmarks -c Release -nologo -v quiet
forecast=(dotnet benchmarks/Forecast.Benchmarks/bin/Release/net10.0/forecast-bench.dll benchmark inventory)
"${forecast[@]}" --synthetic 400 --lead 3 --history 104 --step 4 --out "$here/synthetic.json"
"${forecast[@]}" --input "$data/m5-sample/m5_sample_long.csv" --id-column id --order-column day_index --value-column sales \
  --aggregate 7 --lead 2 --history 52 --step 4 --out "$here/m5-sample.json"
"${forecast[@]}" --input "$data/carparts/carparts_long.csv" --lead 3 --history 24 --step 3 --out "$here/carparts.json"
