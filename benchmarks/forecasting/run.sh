#!/usr/bin/env bash
# Accuracy and speed of `forecast-bench backtest` next to R's forecast package on the public data sets, in one run.
# Usage: benchmarks/forecasting/run.sh [SET ...]   (default: carparts tourism-quarterly tourism-monthly m5-sample m3-monthly)
# Environment: SHARED (default ../shared next to the repository, or /work/shared), CORES (2),
#              R_METHODS (ets,arima,theta,snaive,croston; per set with R_METHODS_<set> using _ for -),
#              WORK (scratch folder, default a temp dir). Needs Debian packages (installed if missing).
# Writes benchmarks/forecasting/results/<set>.json (score.py) and <set>.md (table + timings + machine).
SETS=("$@")
[ ${#SETS[@]} -eq 0 ] && SETS=(carparts tourism-quarterly tourism-monthly m5-sample m3-monthly)
source "$(dirname "$0")/lib.sh"

params() { # h m our-models
  case "$1" in
    m3-monthly) echo "18 12 auto,ets,theta,arima,snaive,naive" ;;
    carparts) echo "6 1 auto,croston,sba,tsb,adida,imapa,ets,theta,arima,naive" ;;
    tourism-monthly) echo "24 12 auto,ets,theta,arima,snaive,naive" ;;
    tourism-quarterly) echo "8 4 auto,ets,theta,arima,snaive,naive" ;;
    m5-sample) echo "28 7 auto,croston,sba,tsb,adida,imapa,ets,theta,snaive" ;;
    *) die "unknown set $1" ;;
  esac
}

for set in "${SETS[@]}"; do
  read -r H M MODELS <<<"$(params "$set")"
  var="R_METHODS_${set//-/_}"; RM="${!var:-${R_METHODS:-ets,arima,theta,snaive,croston}}"
  data="$WORK/$set.csv"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  say "$set: R peers ($RM) on $CORES cores"
  /usr/bin/time -v -o "$WORK/$set.r.time" Rscript "$PEERS/run_r_peers.R" --input "$data" --h "$H" --m "$M" \
    --cores "$CORES" --methods "$RM" --out "$WORK/$set.r.csv" | tee "$WORK/$set.r.log"
  say "$set: forecast-bench backtest ($MODELS) on $CORES threads"
  /usr/bin/time -v -o "$WORK/$set.cs.time" "$CLI" backtest --input "$data" --h "$H" --m "$M" --models "$MODELS" \
    --threads "$CORES" --out "$WORK/$set.cs.csv" | tee "$WORK/$set.cs.log"
  # auto alone, for its own wall time and memory
  /usr/bin/time -v -o "$WORK/$set.auto.time" "$CLI" backtest --input "$data" --h "$H" --m "$M" --models auto \
    --threads "$CORES" --profile --prefix auto_ --out "$WORK/$set.auto.csv" | tee "$WORK/$set.auto.log"
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  say "$set: scoring"
  $PY "$PEERS/score.py" --data "$data" --m "$M" --json "$RESULTS/$set.json" "$WORK/$set.r.csv" "$WORK/$set.cs.csv" | tee "$WORK/$set.score.txt"
  read -r rw ru rs rr <<<"$(timing "$WORK/$set.r.time")"
  read -r cw cu cs cr <<<"$(timing "$WORK/$set.cs.time")"
  read -r aw au as ar <<<"$(timing "$WORK/$set.auto.time")"
  {
    echo "# $set (h=$H, m=$M)"
    echo
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB;"
    echo "load average before/after: $load_before / $load_after (the machine is shared with other builds)."
    echo
    echo '```'
    sed -n '/^m=/,$p' "$WORK/$set.score.txt" | grep -v '^wrote'
    echo '```'
    echo
    echo "| run | wall s | CPU s (user+sys) | peak RSS MB |"
    echo "|---|---|---|---|"
    echo "| R peers ($RM), --cores $CORES | $rw | $(echo "$ru + $rs" | bc) | $((rr / 1024)) (parent) |"
    echo "| forecast-bench backtest ($MODELS), $CORES threads | $cw | $(echo "$cu + $cs" | bc) | $((cr / 1024)) |"
    echo "| forecast-bench backtest auto only, $CORES threads | $aw | $(echo "$au + $as" | bc) | $((ar / 1024)) |"
    echo
    echo "R per method:"
    echo '```'
    grep -E 'wall .* s/series' "$WORK/$set.r.log" || true
    echo '```'
    echo "auto, seconds inside each candidate (CV + final fits, summed over threads):"
    echo '```'
    sed -n '/auto candidate/,/└/p' "$WORK/$set.auto.log" || true
    echo '```'
  } > "$RESULTS/$set.md"
  say "$set done: $RESULTS/$set.md"
done
