#!/usr/bin/env bash
# The demo: provisions a private PostgreSQL, migrates, generates and imports the demo world, unifies customers,
# replays a few past nights, runs the nightly pipeline, creates demo users and serves the web app on http://127.0.0.1:5000.
# Running it twice is fine: the world is regenerated identically (seed 42) and re-imported idempotently.
source "$(dirname "$0")/lib/common.sh"
source "$REPO_ROOT/scripts/lib/postgres.sh"

ensure_dotnet
provision_postgres

cd "$REPO_ROOT"
say "Building"
dotnet build Forecast.sln -c Release -nologo -v quiet
forecast() { dotnet "$REPO_ROOT/src/Forecast.Cli/bin/Release/net10.0/forecast.dll" "$@"; }
# The demo world's generator ships apart from the product (demo/Forecast.DemoWorld).
forecast-demo() { dotnet "$REPO_ROOT/demo/Forecast.DemoWorld/bin/Release/net10.0/forecast-demo.dll" "$@"; }

say "Migrating the database"
if [ "${FORECAST_DB_OWNED_BY_SCRIPTS:-}" = 1 ]; then
  # The demo's own database: one made by a pre-release build is dropped and made anew (the world is re-imported below).
  forecast db migrate --recreate-pre-release
else
  forecast db migrate
fi

WORLD="$STATE_DIR/demo-world"
say "Generating the demo world in $WORLD"
forecast-demo generate --out "$WORLD" --seed 42
say "Importing ERP and CRM exports"
forecast import erp "$WORLD/erp"
forecast import crm "$WORLD/crm"

# Reps' emails in Traditional Chinese for the domestic teams (the Export team stays English)
export Reminders__RepLanguageByTeam__North=zh-TW Reminders__RepLanguageByTeam__Central=zh-TW Reminders__RepLanguageByTeam__South=zh-TW

# A new database has no past forecasts, so the accuracy stage would score nothing: replay the nights of the last few
# weeks first (customers, win probability and demand as of each past week; replay = live), as a service running for
# those weeks would hold. DEMO_REPLAY_NIGHTS=0 skips it.
say "Replaying ${DEMO_REPLAY_NIGHTS:-4} past weekly nights (customers, win probability, demand), so accuracy has forecasts to score"
forecast replay --nights "${DEMO_REPLAY_NIGHTS:-4}" --every 7

say "Running the nightly pipeline (import, customers, win probability, demand, accuracy, reorder, inventory)"
forecast run

say "Building the morning's reminders (the web app mails them to its SMTP sink: see /admin/mailbox)"
forecast run reminders

say "Creating the demo users"
LOGINS="$STATE_DIR/demo-users.txt"
forecast users demo --out "$LOGINS" >/dev/null

URL="http://127.0.0.1:5000"
cat <<MSG

  Forecast is running at $URL/
    Planners:  $URL/planner          (stock at risk, product charts, suggested orders)
    Reps:      $URL/reps/reminders   (reminders with drafted emails, customer 360)
    Admin:     $URL/admin            (pipeline, imports, models, outbox; jobs at $URL/hangfire)
    API:       $URL/scalar           (OpenAPI reference)
    Mail sink: $URL/admin/mailbox    (what the reminders sent; the demo mails to an SMTP sink inside the app)

  Sign in with (passwords are new on every demo run; also in $LOGINS):
$(head -4 "$LOGINS" | sed 's/^/    /')
    ... and one login per rep (see the file).

  Stop with Ctrl+C. The data stays in the PostgreSQL cluster 'forecast' (port ${FORECAST_PG_PORT}).

MSG
cd "$REPO_ROOT/src/Forecast.Web"
export Mail__DevSink__Enabled=true
exec dotnet "bin/Release/net10.0/Forecast.Web.dll" --urls "$URL" --contentRoot "$REPO_ROOT/src/Forecast.Web"
