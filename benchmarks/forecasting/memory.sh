#!/usr/bin/env bash
# Peak memory of the streaming backtest as the number of series grows (docs/forecasting.md, "Memory (streaming)").
# Usage: benchmarks/forecasting/memory.sh [SIZES...]   (default: 1000 10000 100000; 100,000 `auto` series take about
# 1,400 CPU s, i.e. 12+ minutes of 2 cores). Environment: CORES (2), WORK (scratch folder), MODELS ("theta auto").
# Each measurement is merged into benchmarks/forecasting/results/memory/memory.json as soon as it is made (a row per size and
# model, replacing an earlier one), and results/memory/memory.md is rewritten from it: peak RSS, CPU and wall seconds, when
# and at what load each row was measured.
BENCH_WITHOUT_R=1
source "$(dirname "$0")/lib.sh"
mkdir -p "$RESULTS/memory" # apart from the score summaries in results/*.json, which the notebook reads
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 100000)
read -r -a MODELS <<<"${MODELS:-theta auto}"
record() { # series model rss_kb cpu_s wall_s load_before load_after
  $PY - "$RESULTS/memory/memory.json" "$RESULTS/memory/memory.md" "$@" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" <<'PY'
import json, os, sys, datetime
path, md, n, model, rss, cpu, wall, before, after, cores, cpuname = sys.argv[1:]
data = json.load(open(path)) if os.path.exists(path) else {"command": "benchmarks/forecasting/memory.sh", "rows": []}
row = {"series": int(n), "model": model, "peak_rss_mb": round(int(rss) / 1024), "cpu_s": round(float(cpu), 1),
       "wall_s": round(float(wall), 1), "run_utc": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%MZ"),
       "load_before": before, "load_after": after, "machine": f"{cores} cores ({cpuname})"}
data["rows"] = sorted([r for r in data["rows"] if (r["series"], r["model"]) != (row["series"], model)] + [row],
                      key=lambda r: (r["series"], r["model"]))
json.dump(data, open(path, "w"), indent=2)
with open(md, "w") as f:
    f.write("# Peak memory of `forecast-bench backtest` by number of series\n\n")
    f.write("Written by `benchmarks/forecasting/memory.sh`, a row per measurement (the script merges each one in as it is\n")
    f.write("made). Series from `gen_synth.py --seed 1`: 72 months to fit, 18 to score; trend + season, multiplicative\n")
    f.write("season, random walk, intermittent. `--threads 2`. Peak RSS from GNU time; CPU = user + sys of every thread.\n")
    f.write("Wall seconds depend on what else ran (the load columns); memory does not.\n\n")
    f.write("| series | model | peak RSS MB | CPU s | wall s | measured | load before / after | machine |\n|---|---|---|---|---|---|---|---|\n")
    for r in data["rows"]:
        f.write(f"| {r['series']:,} | {r['model']} | {r['peak_rss_mb']} | {r['cpu_s']} | {r['wall_s']} | {r['run_utc']} | {r['load_before']} / {r['load_after']} | {r['machine']} |\n")
PY
}
for n in "${SIZES[@]}"; do
  data="$WORK/synth-$n.csv.gz"
  say "Generating $n synthetic monthly series (gen_synth.py --seed 1, 72 + 18 months)"
  $PY "$HERE/gen_synth.py" --n "$n" --seed 1 --out "$data"
  for model in "${MODELS[@]}"; do
    say "$n series: forecast-bench backtest --models $model --threads $CORES"
    before=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -v -o "$WORK/$model.$n.time" "$CLI" backtest --input "$data" --h 18 --m 12 --models "$model" \
      --threads "$CORES" --out "$WORK/$model.$n.csv" >/dev/null || die "$model on $n series failed"
    read -r w u s r <<<"$(timing "$WORK/$model.$n.time")"
    cpu=$(echo "$u + $s" | bc)
    echo "  peak RSS $((r / 1024)) MB, CPU $cpu s, wall $w s"
    record "$n" "$model" "$r" "$cpu" "$w" "$before" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
say "Wrote $RESULTS/memory/memory.md"
cat "$RESULTS/memory/memory.md"
