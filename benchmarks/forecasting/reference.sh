#!/usr/bin/env bash
# Floors every method must beat: the all-zero forecast and the train mean, scored by the same scorer as run.sh.
# Usage: benchmarks/forecasting/reference.sh [SET ...]   (default: carparts m5-sample, the intermittent sets)
# Writes benchmarks/forecasting/results/<set>-reference.json and .md. Needs no R and no build (about 10 s).
SETS=("$@")
[ ${#SETS[@]} -eq 0 ] && SETS=(carparts m5-sample)
source "$(dirname "$0")/../../scripts/lib/common.sh"
ensure_packages python3-pandas python3-numpy
HERE="$REPO_ROOT/benchmarks/forecasting"
SHARED="${SHARED:-$( [ -d "$REPO_ROOT/../shared/data" ] && echo "$REPO_ROOT/../shared" || echo /work/shared )}"
[ -d "$SHARED/data/m3" ] || die "public data sets not found under $SHARED/data (set SHARED=/path/to/shared)"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
PY=/usr/bin/python3
say "Preparing data in $WORK"
$PY "$HERE/prepare.py" "$SHARED/data" "$WORK" >/dev/null
for set in "${SETS[@]}"; do
  case "$set" in carparts) H=6 M=1 ;; m5-sample) H=28 M=7 ;; m3-monthly) H=18 M=12 ;;
    tourism-monthly) H=24 M=12 ;; tourism-quarterly) H=8 M=4 ;; *) die "unknown set $set" ;; esac
  say "$set: zero and train-mean forecasts (h=$H, m=$M)"
  $PY "$HERE/reference.py" "$WORK/$set.csv" "$H" "$WORK/$set.ref.csv"
  $PY "$REPO_ROOT/benchmarks/peers/score.py" --data "$WORK/$set.csv" --m "$M" --json "$HERE/results/$set-reference.json" \
    "$WORK/$set.ref.csv" > "$WORK/$set.score.txt"
  {
    echo "# $set: forecasts without a model (h=$H, m=$M)"
    echo
    echo "Written by \`benchmarks/forecasting/reference.sh\` on $(date -u +%Y-%m-%d); scored by \`benchmarks/peers/score.py\`,"
    echo "the scorer of \`run.sh\`, so the rows compare with \`results/$set.md\`."
    echo
    echo '```'
    sed -n '/^m=/,$p' "$WORK/$set.score.txt" | grep -v '^wrote'
    echo '```'
  } > "$HERE/results/$set-reference.md"
  cat "$HERE/results/$set-reference.md"
done
