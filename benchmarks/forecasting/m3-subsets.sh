#!/usr/bin/env bash
# The M3 subsets other than monthly (quarterly h 8, yearly h 6, other h 8): `auto` and our ETS, Theta and ARIMA next
# to the forecasts submitted to M3 by THETA, ForecastPro, ForcX and RBF (shared/data/m3, Mcomp's M3Forecast), all
# scored in one call of benchmarks/peers/score.py. MASE uses m = 4 for quarterly and m = 1 for yearly and other, as
# the data set's recalculated table does (its SOURCE.md), so the M3 rows can be checked against that table.
# Usage: benchmarks/forecasting/m3-subsets.sh [SUBSET ...]   (default: quarterly yearly other)
# Environment: SHARED, THREADS (1), WORK, CLI (as selection.sh). Writes results/m3-<subset>.json and results/m3-subsets.md.
SUBSETS=("$@")
[ ${#SUBSETS[@]} -eq 0 ] && SUBSETS=(quarterly yearly other)
BENCH_WITHOUT_R=1
source "$(dirname "$0")/lib.sh"
THREADS="${THREADS:-1}"
PUBLISHED=(THETA ForecastPro ForcX RBF)

: > "$WORK/m3-rows.tsv"
for subset in "${SUBSETS[@]}"; do
  case "$subset" in quarterly) H=8 M=4 ;; yearly) H=6 M=1 ;; other) H=8 M=1 ;; *) die "unknown subset $subset" ;; esac
  set="m3-$subset"; data="$WORK/$set.csv"
  say "$set: auto (h=$H, m=$M, $THREADS thread)"
  /usr/bin/time -f "%e %U %S" -o "$WORK/$set.auto.time" "$CLI" backtest --input "$data" --h "$H" --m "$M" --models auto \
    --threads "$THREADS" --out "$WORK/$set.auto.csv" >/dev/null || die "$set: auto failed"
  for model in ets theta arima; do
    say "$set: $model"
    /usr/bin/time -f "%e %U %S" -o "$WORK/$set.$model.time" "$CLI" backtest --input "$data" --h "$H" --m "$M" --models "$model" \
      --threads "$THREADS" --out "$WORK/$set.$model.csv" >/dev/null || die "$set: $model failed"
  done
  $PY "$HERE/published_m3.py" "$SHARED/data/m3/m3_original_forecasts_wide.csv.gz" "$data" "$H" "$WORK/$set.published.csv" "${PUBLISHED[@]}" >/dev/null
  $PY "$REPO_ROOT/benchmarks/peers/score.py" --data "$data" --m "$M" --json "$HERE/results/$set.json" \
    "$WORK/$set.auto.csv" "$WORK/$set.ets.csv" "$WORK/$set.theta.csv" "$WORK/$set.arima.csv" "$WORK/$set.published.csv" >/dev/null
  cpus=""
  for model in auto ets theta arima; do cpus+="$(awk '{printf "%.1f", $2 + $3}' "$WORK/$set.$model.time") "; done
  printf '%s\t%s\t%s\t%s\n' "$subset" "$H" "$M" "$cpus" >> "$WORK/m3-rows.tsv"
done

$PY - "$WORK/m3-rows.tsv" "$HERE/results" "$SHARED/data/m3/m3_original_forecasts_accuracy_recalculated.csv" "$THREADS" <<'PYEOF'
import csv, datetime, json, os, subprocess, sys
rows, results, recalculated, threads = sys.argv[1:5]
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
published = {(r["method"], r["subset"]): r for r in csv.DictReader(open(recalculated))}
lines = [
    "# M3 quarterly, yearly and other: `auto` and our single models next to the M3 submissions",
    "",
    f"Written by `benchmarks/forecasting/m3-subsets.sh` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
    f"commit {commit}, {os.cpu_count()} cores, `--threads {threads}`, load average {open('/proc/loadavg').read().split()[0]} at the end.",
    "All rows scored by `benchmarks/peers/score.py` in one call per subset (means over series; MASE with m = 4 for",
    "quarterly, 1 for yearly and other). `m3_*` rows are the forecasts submitted to M3 (shared/data/m3); the last",
    "column is the data set's own recalculation (`m3_original_forecasts_accuracy_recalculated.csv`, sMAPE / MASE),",
    "which our scorer reproduces. CPU = user + sys seconds of one `forecast-bench backtest` run.",
    "",
]
for line in open(rows):
    subset, h, m, cpus = line.rstrip("\n").split("\t")
    cpu = dict(zip(["cs_auto", "cs_ets", "cs_theta", "cs_arima"], cpus.split()))
    methods = json.load(open(os.path.join(results, f"m3-{subset}.json")))["methods"]
    lines += [f"## {subset} (h = {h}, m = {m}, {methods[0]['n_series']} series)", "",
              "| method | MASE | sMAPE | RMSSE | cov80 | CPU s | recalculated sMAPE / MASE |", "|---|---|---|---|---|---|---|"]
    for r in sorted(methods, key=lambda r: r["sMAPE"]):
        ref = published.get((r["method"].removeprefix("m3_"), subset.upper()))
        cov = "–" if r["cov80"] is None else f"{r['cov80']:.3f}"
        lines.append(f"| {r['method']} | {r['MASE']:.4f} | {r['sMAPE']:.3f} | {r['RMSSE']:.4f} | {cov} | {cpu.get(r['method'], '–')} | "
                     + (f"{ref['sMAPE']} / {ref['MASE']}" if ref else "–") + " |")
    lines.append("")
open(os.path.join(results, "m3-subsets.md"), "w").write("\n".join(lines))
print("\n".join(lines))
PYEOF
say "Wrote $HERE/results/m3-subsets.md"
