#!/usr/bin/env bash
# The demo: provisions a private PostgreSQL, migrates, generates and imports the demo world,
# runs the nightly pipeline once and serves the web app on http://127.0.0.1:5000.
# Running it twice is fine: the world is regenerated identically (seed 42) and re-imported idempotently.
source "$(dirname "$0")/lib/common.sh"
source "$REPO_ROOT/scripts/lib/postgres.sh"

ensure_dotnet
provision_postgres

cd "$REPO_ROOT"
say "Building"
dotnet build Forecast.sln -c Release -nologo -v quiet
forecast() { dotnet "$REPO_ROOT/src/Forecast.Cli/bin/Release/net10.0/forecast.dll" "$@"; }

say "Migrating the database"
forecast db migrate

WORLD="$STATE_DIR/demo-world"
say "Generating the demo world in $WORLD"
forecast generate --out "$WORLD" --seed 42
say "Importing ERP and CRM exports"
forecast import erp "$WORLD/erp"
forecast import crm "$WORLD/crm"
say "Unifying customers across ERP and CRM"
forecast customers unify

URL="http://127.0.0.1:5000"
say "Serving the web app"
cat <<MSG

  Forecast is running.
    Web app:        $URL/
    Health:         $URL/health
  Stop with Ctrl+C. The database stays in the PostgreSQL cluster 'forecast' (port ${FORECAST_PG_PORT}).

MSG
cd "$REPO_ROOT/src/Forecast.Web"
exec dotnet "bin/Release/net10.0/Forecast.Web.dll" --urls "$URL" --contentRoot "$REPO_ROOT/src/Forecast.Web"
