#!/usr/bin/env bash
# Speed of `auto` next to R's `ets` on the same data, the same cores, in one run (issue 3's 20x goal).
# Usage: benchmarks/forecasting/speed.sh [rounds]   (default 3 rounds of ours; R's ets runs once: ~6 min of 2 cores)
# Environment: SHARED (../shared or /work/shared), CORES (2), WORK (scratch folder).
# Writes benchmarks/forecasting/results/m3-monthly-speed.md: CPU seconds (user + sys, all threads/processes) and wall.
ROUNDS="${1:-3}"
source "$(dirname "$0")/lib.sh"
OUT="$RESULTS/m3-monthly-speed.md"
data="$WORK/m3-monthly.csv"
cpu() { read -r w u s _ <<<"$(timing "$1")"; echo "$w $(echo "$u + $s" | bc)"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
for round in $(seq 1 "$ROUNDS"); do
  say "Round $round/$ROUNDS: forecast-bench backtest --models auto --threads $CORES"
  /usr/bin/time -v -o "$WORK/auto.$round.time" "$CLI" backtest --input "$data" --h 18 --m 12 --models auto \
    --threads "$CORES" --out "$WORK/auto.csv" >/dev/null
  read -r w c <<<"$(cpu "$WORK/auto.$round.time")"; rows+=("auto $w $c"); echo "  wall $w s, CPU $c s"
  say "Round $round/$ROUNDS: forecast-bench backtest --models ets --threads $CORES"
  /usr/bin/time -v -o "$WORK/ets.$round.time" "$CLI" backtest --input "$data" --h 18 --m 12 --models ets \
    --threads "$CORES" --out "$WORK/ets.csv" >/dev/null
  read -r w c <<<"$(cpu "$WORK/ets.$round.time")"; rows+=("ets $w $c"); echo "  wall $w s, CPU $c s"
done
say "R forecast::ets on the same file, --cores $CORES (forked workers; about 6 minutes)"
/usr/bin/time -v -o "$WORK/r.time" Rscript "$PEERS/run_r_peers.R" --input "$data" --h 18 --m 12 \
  --cores "$CORES" --methods ets --out "$WORK/r.csv" > "$WORK/r.log"
read -r rw rc <<<"$(cpu "$WORK/r.time")"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
say "Scoring the forecasts of this run (R's ets, ours)"
$PY "$PEERS/score.py" --data "$data" --m 12 "$WORK/r.csv" "$WORK/ets.csv" "$WORK/auto.csv" > "$WORK/score.txt"

auto_cpu=$(printf '%s\n' "${rows[@]}" | awk '$1=="auto" {print $3}' | median)
auto_wall=$(printf '%s\n' "${rows[@]}" | awk '$1=="auto" {print $2}' | median)
ets_cpu=$(printf '%s\n' "${rows[@]}" | awk '$1=="ets" {print $3}' | median)
ets_wall=$(printf '%s\n' "${rows[@]}" | awk '$1=="ets" {print $2}' | median)
{
  echo "# Speed on M3 monthly (1,428 series, h = 18, m = 12): \`auto\` next to R's \`ets\`, one run"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) by \`benchmarks/forecasting/speed.sh $ROUNDS\` on $(nproc) cores"
  echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB;"
  echo "load average before/after: $load_before / $load_after. CPU = user + sys of every thread and forked worker."
  echo
  echo "| run | wall s | CPU s | R ets CPU / this CPU |"
  echo "|---|---|---|---|"
  echo "| R \`forecast::ets\` (8.20), \`run_r_peers.R --cores $CORES\` | $rw | $rc | 1 |"
  echo "| \`forecast-bench backtest --models ets --threads $CORES\` (median of $ROUNDS) | $ets_wall | $ets_cpu | $(echo "scale=1; $rc / $ets_cpu" | bc) |"
  echo "| \`forecast-bench backtest --models auto --threads $CORES\` (median of $ROUNDS) | $auto_wall | $auto_cpu | **$(echo "scale=1; $rc / $auto_cpu" | bc)** |"
  echo
  echo "Accuracy of the same forecasts (\`score.py\`; \`ets\` is R's, \`cs_*\` ours):"
  echo '```'
  sed -n '/^m=/,$p' "$WORK/score.txt" | grep -v '^wrote' \
    | awk 'NR==1 {print; next} {printf "%8s %9s %9s %7s %8s %7s %6s\n", $1,$2,$3,$4,$5,$6,$7}'
  echo '```'
  echo "Every round:"
  echo '```'
  printf '%s\n' "${rows[@]}" | awk '{printf "%-5s wall %6.1f s  CPU %6.1f s\n", $1, $2, $3}'
  echo '```'
  echo "R's log:"
  echo '```'
  grep -v '^$' "$WORK/r.log" | tail -5
  echo '```'
} > "$OUT"
cat "$OUT"
say "Wrote $OUT"
