#!/usr/bin/env bash
# Load benchmark of the web app (issue 6): the planners' and reps' pages and the JSON API on the demo world, 32
# concurrent connections per route group with wrk, 95th percentile latency per group. Figures go in docs/web.md.
#
# Usage: benchmarks/web/run.sh [--reuse] [--duration 30s] [--connections 32] [--think-ms 0]
#   --reuse        keep the benchmark database of a previous run (skip generate/import/pipeline; minutes saved)
#   --think-ms N   each connection waits a random 0.5N..1.5N ms before its next request (a person reading the page);
#                  0 (default) = closed loop without think time, the harshest case: latency = queueing once CPU-bound
# Needs: the repository's PostgreSQL (scripts/lib/postgres.sh provisions it), wrk, curl and jq (installed if missing).
# It builds Release, fills its own database (forecast_webbench: the demo's database is left alone), serves the web app
# on 127.0.0.1:$PORT, signs in as the demo planner and a demo rep with curl, and runs wrk with their cookies.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/lib/common.sh"
source "$REPO_ROOT/scripts/lib/postgres.sh"

reuse=false; duration=30s; connections=32; think_ms=0; PORT="${PORT:-5087}"
while [ $# -gt 0 ]; do
  case "$1" in
    --reuse) reuse=true; shift ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --think-ms) think_ms="$2"; shift 2 ;;
    *) echo "Unknown argument $1. Usage: $0 [--reuse] [--duration 30s] [--connections 32] [--think-ms 0]" >&2; exit 2 ;;
  esac
done

ensure_dotnet
ensure_packages wrk curl jq
provision_postgres
export ConnectionStrings__Forecast="${ConnectionStrings__Forecast/Database=forecast;/Database=forecast_webbench;}"
work="$STATE_DIR/webbench"
mkdir -p "$work"
cd "$REPO_ROOT"

say "Building (Release)"
dotnet build src/Forecast.Cli -c Release -nologo -v quiet
dotnet build demo/Forecast.DemoWorld -c Release -nologo -v quiet
dotnet build src/Forecast.Web -c Release -nologo -v quiet
forecast() { dotnet "$REPO_ROOT/src/Forecast.Cli/bin/Release/net10.0/forecast.dll" "$@"; }
forecast-demo() { dotnet "$REPO_ROOT/demo/Forecast.DemoWorld/bin/Release/net10.0/forecast-demo.dll" "$@"; }

if [ "$reuse" = false ] || [ ! -s "$work/users.txt" ]; then
  say "Filling forecast_webbench with the demo world (seed 42) and running the nightly pipeline"
  forecast db migrate
  forecast-demo generate --out "$work/world" --seed 42
  forecast import erp "$work/world/erp"
  forecast import crm "$work/world/crm"
  forecast run
  forecast users demo --out "$work/users.txt" >/dev/null
fi

say "Serving the web app on 127.0.0.1:$PORT"
(
  cd "$REPO_ROOT/src/Forecast.Web"
  ASPNETCORE_ENVIRONMENT=Production Schedule__RunWorkerInWeb=false Logging__LogLevel__Default=Warning \
    exec dotnet bin/Release/net10.0/Forecast.Web.dll --urls "http://127.0.0.1:$PORT" --contentRoot "$REPO_ROOT/src/Forecast.Web"
) >"$work/web.log" 2>&1 &
web_pid=$!
trap 'kill "$web_pid" 2>/dev/null || true' EXIT
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do curl -fs "$base/health" >/dev/null && break; sleep 0.5; done
curl -fs "$base/health" >/dev/null || { echo "The web app did not start; see $work/web.log" >&2; exit 1; }

# Signs in through the login form (antiforgery token + cookie) and prints the auth cookie as "name=value".
sign_in() {
  local jar="$work/$1.jar" token
  rm -f "$jar"
  token="$(curl -fs -c "$jar" "$base/account/login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')"
  curl -fs -o /dev/null -b "$jar" -c "$jar" --data-urlencode "Email=$1" --data-urlencode "Password=$2" \
    --data-urlencode "__RequestVerificationToken=$token" "$base/account/login"
  awk '$6 == "forecast.auth" { print $6 "=" $7 }' "$jar"
}
login_of() { awk -v r="$1" '$1 == r { print $2, $3; exit }' "$work/users.txt"; }

read -r planner_email planner_password < <(login_of Planner)
planner_cookie="$(sign_in "$planner_email" "$planner_password")"
[ -n "$planner_cookie" ] || { echo "Could not sign in as $planner_email" >&2; exit 1; }

# The rep who owns the most customers (a rep's pages filter by owner, so an empty book would flatter the figures).
best_count=0; rep_cookie=""
while read -r email password; do
  cookie="$(sign_in "$email" "$password")"
  count="$(curl -fs -H "Cookie: $cookie" "$base/api/customers?take=1" | jq '.total')"
  if [ "$count" -gt "$best_count" ]; then best_count=$count; rep_cookie=$cookie; rep_email=$email; fi
done < <(awk '$1 == "Rep" { print $2, $3 }' "$work/users.txt")
say "Rep for the customer pages: $rep_email ($best_count customers)"

products="$(curl -fs -H "Cookie: $planner_cookie" "$base/api/planner/at-risk?take=1000" | jq -r '.items[].productId')"
customers="$(curl -fs -H "Cookie: $rep_cookie" "$base/api/customers?take=500" | jq -r '.items[].id')"
family="$(curl -fs -H "Cookie: $planner_cookie" "$base/api/planner/filters" | jq -r '.families[0]' | jq -sRr @uri)"
pages=$(( ($(echo "$products" | wc -l) + 49) / 50 ))

{ for p in $(seq 1 "$pages"); do echo "/planner?page=$p"; done; echo "/planner?family=$family"; echo "/planner?orders=true"; } >"$work/planner-list.txt"
echo "$products" | sed 's|^|/planner/products/|' >"$work/planner-product.txt"
{ echo "/reps/customers"; echo "$customers" | sed 's|^|/reps/customers/|'; } >"$work/rep-customers.txt"
{ echo "/api/planner/at-risk"; echo "$products" | head -50 | sed 's|^|/api/planner/products/|'; } >"$work/api-planner.txt"
{ echo "/api/customers"; echo "$customers" | sed 's|^|/api/customers/|'; } >"$work/api-customers.txt"

# Every path must answer 200 with its cookie, or wrk would time redirects and refusals.
check() {
  local failures=0 status
  while read -r path; do
    status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $2" "$base$path")"
    [ "$status" = 200 ] || { echo "  $path -> $status" >&2; failures=$((failures + 1)); }
  done <"$work/$1.txt"
  [ "$failures" = 0 ] || { echo "$failures paths of $1 did not answer 200" >&2; exit 1; }
}

threads=$(( connections < 2 ? connections : 2 ))
results="$here/results-c$connections$([ "$think_ms" = 0 ] || echo "-think$think_ms").txt"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$web_pid/stat"; }
{
  echo "# benchmarks/web/run.sh $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# wrk -t$threads -c$connections -d$duration, think time ${think_ms} ms (0.5-1.5x), latencies in ms; demo world seed 42 (300 customers, 200 products, 3 years)"
} >"$results"
for group in planner-list planner-product rep-customers api-planner api-customers; do
  case "$group" in rep-customers|api-customers) cookie="$rep_cookie" ;; *) cookie="$planner_cookie" ;; esac
  check "$group" "$cookie"
  say "wrk: $group ($(wc -l <"$work/$group.txt") paths)"
  # A short warm-up (JIT, connection pool, PostgreSQL caches) that is not counted.
  wrk -t"$threads" -c"$connections" -d5s -s "$here/paths.lua" "$base" -- "$work/$group.txt" "$cookie" "$think_ms" >/dev/null
  cpu_before="$(cpu_ticks)"
  line="$(wrk -t"$threads" -c"$connections" -d"$duration" -s "$here/paths.lua" "$base" -- "$work/$group.txt" "$cookie" "$think_ms" | grep '^RESULT')"
  cpu_after="$(cpu_ticks)"
  requests="$(echo "$line" | sed 's/.*requests=\([0-9]*\).*/\1/')"
  # CPU the web process spent per request (PostgreSQL's share not included): what the box needs, whatever else runs on it.
  cpu_ms="$(awk -v a="$cpu_before" -v b="$cpu_after" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (b - a) * 1000 / hz / n }')"
  echo "$group ${line#RESULT } web_cpu_ms_per_request=$cpu_ms load_avg=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$results"
done
say "Figures written to $results"
