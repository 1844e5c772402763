# Shared set-up of the forecasting benchmarks (sourced): packages, the peer harness, the Release forecast-bench, the data.
# Sets HERE, SHARED, PEERS, CORES, WORK, RESULTS, PY, CLI; `timing LOG` prints "wall user sys maxrss_kb" from GNU time -v.
# The scorer and the R harness are vendored in benchmarks/peers (so the repository alone reproduces every figure);
# only the public data sets are read from ../shared/data.
# A script that runs no R sets BENCH_WITHOUT_R=1 before sourcing; CLI=path/to/forecast-bench skips the build.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/common.sh"
ensure_packages python3-pandas python3-numpy time bc
[ "${BENCH_WITHOUT_R:-0}" = 1 ] || ensure_packages r-base-core r-cran-forecast

HERE="$REPO_ROOT/benchmarks/forecasting"
SHARED="${SHARED:-$( [ -d "$REPO_ROOT/../shared/data" ] && echo "$REPO_ROOT/../shared" || echo /work/shared )}"
[ -d "$SHARED/data/m3" ] || die "public data sets not found under $SHARED/data (set SHARED=/path/to/shared)"
PEERS="$REPO_ROOT/benchmarks/peers"
CORES="${CORES:-2}"
WORK="${WORK:-$(mktemp -d)}"
RESULTS="$HERE/results"
PY=/usr/bin/python3
mkdir -p "$RESULTS" "$WORK"

if [ -z "${CLI:-}" ]; then
  ensure_dotnet
  say "Building forecast-bench (Release)"
  dotnet build "$REPO_ROOT/benchmarks/Forecast.Benchmarks" -c Release -nologo -v quiet || die "build failed"
  CLI="$REPO_ROOT/benchmarks/Forecast.Benchmarks/bin/Release/net10.0/forecast-bench"
fi

say "Preparing data in $WORK"
$PY "$HERE/prepare.py" "$SHARED/data" "$WORK" >/dev/null

timing() { awk -F': ' '/Elapsed \(wall/ {split($2,a,":"); w=(length(a)==3)?a[1]*3600+a[2]*60+a[3]:a[1]*60+a[2]}
  /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {r=$2} END {printf "%.1f %.1f %.1f %d", w, u, s, r}' "$1"; }
