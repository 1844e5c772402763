# Provisions the embedded default database: a private PostgreSQL cluster named "forecast" on
# port $FORECAST_PG_PORT (55432), owned by Debian's postgres tooling, with a generated password kept
# in ~/.config/forecast/pg-password (one per user, so several checkouts share the cluster). Sourced after common.sh. Exports ConnectionStrings__Forecast.
#
# A connection string given by the user (ConnectionStrings__Forecast already set) wins: nothing is
# installed or started then.

FORECAST_PG_PORT="${FORECAST_PG_PORT:-55432}"
FORECAST_PG_CLUSTER="forecast"

provision_postgres() {
  if [ -n "${ConnectionStrings__Forecast:-}" ]; then
    say "Using the database given in ConnectionStrings__Forecast"
    return 0
  fi
  ensure_packages postgresql postgresql-contrib
  local version
  version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version $FORECAST_PG_CLUSTER"; then
    say "Creating PostgreSQL $version cluster '$FORECAST_PG_CLUSTER' on port $FORECAST_PG_PORT"
    as_root pg_createcluster "$version" "$FORECAST_PG_CLUSTER" -p "$FORECAST_PG_PORT" --start-conf=auto \
      -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
    # Enough connections for the web app, workers and parallel test databases on one box.
    as_root sed -i "s/^#\?max_connections.*/max_connections = 300/" "/etc/postgresql/$version/$FORECAST_PG_CLUSTER/postgresql.conf"
  fi
  local port
  port="$(pg_lsclusters -h | awk -v v="$version" -v c="$FORECAST_PG_CLUSTER" '$1==v && $2==c {print $3}')"
  if ! pg_lsclusters -h | awk -v v="$version" -v c="$FORECAST_PG_CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
    say "Starting PostgreSQL cluster '$FORECAST_PG_CLUSTER'"
    as_root pg_ctlcluster "$version" "$FORECAST_PG_CLUSTER" start
  fi

  local password_file="${XDG_CONFIG_HOME:-$HOME/.config}/forecast/pg-password"
  mkdir -p "$(dirname "$password_file")"
  if [ ! -s "$password_file" ]; then
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$password_file")
  fi
  local password
  password="$(cat "$password_file")"
  # Idempotent: create or re-key the role, create the database once.
  as_root runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'forecast') THEN
    CREATE ROLE forecast LOGIN CREATEDB PASSWORD '$password';
  ELSE
    ALTER ROLE forecast LOGIN CREATEDB PASSWORD '$password';
  END IF;
END \$\$;
-- DROP DATABASE ... WITH (FORCE) (test databases) must also stop an autovacuum worker or a backend still
-- authenticating; PostgreSQL 15 lets only members of pg_signal_backend do that.
SELECT 'GRANT pg_signal_backend TO forecast' WHERE NOT pg_has_role('forecast', 'pg_signal_backend', 'MEMBER')\gexec
SELECT 'CREATE DATABASE forecast OWNER forecast' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'forecast')\gexec
SQL
  export ConnectionStrings__Forecast="Host=127.0.0.1;Port=$port;Database=forecast;Username=forecast;Password=$password"
  export FORECAST_PG_PORT="$port"
  # The scripts own this database (the demo may re-create it); a database the user gave is never dropped.
  export FORECAST_DB_OWNED_BY_SCRIPTS=1
  say "PostgreSQL ready on 127.0.0.1:$port (database forecast, password in $password_file)"
}
