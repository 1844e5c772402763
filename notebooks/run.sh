#!/usr/bin/env bash
# Re-executes notebooks/forecast-accuracy.ipynb headless, without ../shared: generates a small synthetic data set,
# runs `forecast-bench backtest` (benchmarks/Forecast.Benchmarks) on it, then executes the notebook against that output and the committed benchmark JSON.
# Usage: notebooks/run.sh            executes into artifacts/notebooks (CI, scripts/test.sh)
#        notebooks/run.sh --update   re-executes the committed notebook in place
source "$(dirname "$0")/../scripts/lib/common.sh"
ensure_dotnet
ensure_packages python3-pandas python3-numpy python3-matplotlib jupyter-nbconvert python3-ipykernel
cd "$REPO_ROOT"
DATA="$REPO_ROOT/notebooks/data"
mkdir -p "$DATA"
say "Synthetic data and backtest for the notebook"
/usr/bin/python3 benchmarks/forecasting/gen_synth.py --n 60 --train 72 --test 18 --seed 7 --out "$DATA/synth.csv"
dotnet build benchmarks/Forecast.Benchmarks -c Release -nologo -v quiet
benchmarks/Forecast.Benchmarks/bin/Release/net10.0/forecast-bench backtest --input "$DATA/synth.csv" --h 18 --m 12 \
  --models auto,ets,theta,snaive,croston,tsb --threads 2 --out "$DATA/synth_forecasts.csv" > "$DATA/backtest.log"
say "Executing the notebook"
if [ "${1:-}" = "--update" ]; then TARGET=(--inplace); OUT=notebooks/forecast-accuracy.ipynb
else mkdir -p artifacts/notebooks; TARGET=(--output-dir artifacts/notebooks); OUT=artifacts/notebooks/forecast-accuracy.ipynb; fi
PATH="/usr/bin:$PATH" FORECAST_NOTEBOOK_DATA="$DATA" jupyter nbconvert --to notebook --execute "${TARGET[@]}" \
  --ExecutePreprocessor.timeout=600 notebooks/forecast-accuracy.ipynb
say "Notebook executed: $OUT"
