#!/usr/bin/env bash
# The morning reminders on the seed-42 demo world (README "Reminders"), end to end through the real CLI and the real
# SMTP sink: rule matches → reminders by kind → recorded failures by cause → emails (one each, or a rep's digest),
# the stage's wall time, a second build the same day (must make nothing new), delivery to the demo app's SMTP sink,
# and the crash test (sender processes killed with SIGKILL mid-batch; every reminder arrives under its Message-Id).
# Needs PostgreSQL (provisioned as the demo does); uses its own database, dropped at the end.
# Usage: benchmarks/reminders/run.sh [--seed N]   Writes benchmarks/reminders/results.md and results.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../scripts/lib/common.sh"
source "$REPO_ROOT/scripts/lib/postgres.sh"
seed=42
[ "${1:-}" = "--seed" ] && seed="$2"
ensure_dotnet
provision_postgres
cd "$REPO_ROOT"
say "Building (Release)"
dotnet build Forecast.sln -c Release -nologo -v quiet
forecast() { dotnet "$REPO_ROOT/src/Forecast.Cli/bin/Release/net10.0/forecast.dll" "$@"; }
forecast-demo() { dotnet "$REPO_ROOT/demo/Forecast.DemoWorld/bin/Release/net10.0/forecast-demo.dll" "$@"; }

db=forecast_bench_reminders
server="${ConnectionStrings__Forecast}"
export ConnectionStrings__Forecast="${server/Database=forecast;/Database=$db;}"
password="$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$server")"
sql() { PGPASSWORD="$password" psql -qAtX -h 127.0.0.1 -p "$FORECAST_PG_PORT" -U forecast -d "$1" -v ON_ERROR_STOP=1 -c "$2"; }
sql forecast "DROP DATABASE IF EXISTS $db WITH (FORCE)"
sql forecast "CREATE DATABASE $db"
work="$(mktemp -d)"
web_pid=""
cleanup() {
  [ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null
  wait 2>/dev/null
  [ "${KEEP_DB:-}" = 1 ] || sql forecast "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

say "Migrating, generating the seed-$seed demo world, importing"
forecast db migrate >/dev/null
forecast-demo generate --out "$work/world" --seed "$seed" >/dev/null
forecast import erp "$work/world/erp" >/dev/null
forecast import crm "$work/world/crm" >/dev/null
export Reminders__RepLanguageByTeam__North=zh-TW Reminders__RepLanguageByTeam__Central=zh-TW Reminders__RepLanguageByTeam__South=zh-TW
say "The nightly pipeline (customers, win probability, demand, accuracy, reorder, inventory)"
forecast run >/dev/null

say "Building the morning's reminders"
start=$(date +%s.%N)
forecast reminders build > "$work/build1.txt" || { cat "$work/build1.txt"; die "the reminders build reported a problem (above)"; }
cat "$work/build1.txt"
build_seconds=$(echo "$(date +%s.%N) - $start" | bc)
say "Building them again the same day (must make nothing new)"
forecast reminders build > "$work/build2.txt" || { cat "$work/build2.txt"; die "the second build reported a problem (above)"; }
counts() {
  sql "$db" "SELECT coalesce(json_object_agg(k, n), '{}') FROM (SELECT $1 AS k, count(*) AS n FROM outreach.reminders GROUP BY 1) t"
}
by_kind_status=$(counts "kind::text || '/' || status::text")
reminders_total=$(sql "$db" "SELECT count(*) FROM outreach.reminders")
emails=$(sql "$db" "SELECT count(*) FROM outreach.outbox_messages")
outbox_by_status=$(sql "$db" "SELECT coalesce(json_object_agg(status, n), '{}') FROM (SELECT status, count(*) AS n FROM outreach.outbox_messages GROUP BY 1) t")

say "Starting the demo app (its worker sends the outbox to its own SMTP sink, as scripts/demo.sh does)"
port=$(( 20000 + RANDOM % 20000 ))
start=$(date +%s.%N)
Mail__DevSink__Enabled=true Mail__Port=$port \
  dotnet src/Forecast.Web/bin/Release/net10.0/Forecast.Web.dll --urls "http://127.0.0.1:$(( port + 1 ))" \
  --contentRoot "$REPO_ROOT/src/Forecast.Web" > "$work/web.log" 2>&1 &
web_pid=$!
received=0
for _ in $(seq 1 600); do
  received=$(sql "$db" "SELECT count(*) FROM devsink.messages" 2>/dev/null || echo 0)
  [ "$received" -ge "$emails" ] && break
  kill -0 "$web_pid" 2>/dev/null || die "the demo app stopped: see $work/web.log"
  sleep 0.5
done
send_seconds=$(echo "$(date +%s.%N) - $start" | bc)
[ "$received" -ge "$emails" ] || die "the sink received $received of $emails emails in 5 minutes: see $work/web.log"
sleep 5 # anything more than once would arrive now
received=$(sql "$db" "SELECT count(*) FROM devsink.messages")
distinct_ids=$(sql "$db" "SELECT count(DISTINCT message_id) FROM devsink.messages")
kill "$web_pid"; wait "$web_pid" 2>/dev/null || true; web_pid=""

say "Crash test: sender processes killed with SIGKILL mid-batch (the integration test, run here for its figures)"
FORECAST_TEST_CONNECTION="$server" dotnet test tests/Forecast.IntegrationTests -c Release --no-build \
  --filter "FullyQualifiedName~ReminderCrashTests" --logger "console;verbosity=detailed" > "$work/crash.txt" 2>&1 \
  || { tail -40 "$work/crash.txt"; die "the crash test failed: see above"; }
crash_line=$(grep -m1 "kills:" "$work/crash.txt" | sed 's/^ *//')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "# Morning reminders on the seed-$seed demo world"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) by \`benchmarks/reminders/run.sh --seed $seed\` on $(nproc) cores"
  echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB;"
  echo "load average before/after: $load_before / $load_after."
  echo
  echo "## First build (\`forecast reminders build\`, $(printf '%.1f' "$build_seconds") s wall including process start)"
  echo '```'
  cat "$work/build1.txt"
  echo '```'
  echo "Reminders by kind/status: \`$by_kind_status\` ($reminders_total in all); outbox emails: $emails (\`$outbox_by_status\`)."
  echo
  echo "## Second build the same day"
  echo '```'
  cat "$work/build2.txt"
  echo '```'
  echo "Reminders after it: $(sql "$db" "SELECT count(*) FROM outreach.reminders") (before: $reminders_total)."
  echo
  echo "## Delivery"
  echo
  echo "The demo app started; its SMTP sink held every email $(printf '%.1f' "$send_seconds") s after the process started."
  echo "Received by the sink: $received messages, $distinct_ids distinct Message-Ids (outbox: $emails)."
  echo
  echo "## Crash test (\`ReminderCrashTests\`: 40 reminder emails, 5 SIGKILLs of the sender)"
  echo
  echo "\`$crash_line\`"
} > "$here/results.md"
cat > "$here/results.json" <<JSON
{
  "command": "benchmarks/reminders/run.sh --seed $seed",
  "run_utc": "$(date -u +%Y-%m-%dT%H:%MZ)",
  "load_before": "$load_before", "load_after": "$load_after",
  "build_seconds": $(printf '%.1f' "$build_seconds"),
  "reminders_by_kind_status": $by_kind_status,
  "reminders": $reminders_total,
  "emails": $emails,
  "reminders_after_second_build": $(sql "$db" "SELECT count(*) FROM outreach.reminders"),
  "send_seconds": $(printf '%.1f' "$send_seconds"),
  "sink_received": $received,
  "sink_distinct_message_ids": $distinct_ids,
  "crash_test": "$crash_line"
}
JSON
say "Wrote $here/results.md"
cat "$here/results.md"
