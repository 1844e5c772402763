#!/usr/bin/env bash
# End-to-end run of the reorder jobs on UCI Online Retail loaded into a scratch database (created and dropped here).
# Usage: benchmarks/reorder/scale-test.sh /path/to/online_retail.csv.gz [as-of=2011-12-09] [partitions=2]
# Needs: PostgreSQL (scripts/lib/postgres.sh provisions it), psql, /usr/bin/python3 (standard library only).
set -euo pipefail
data=${1:?usage: scale-test.sh online_retail.csv.gz [as-of] [partitions]}
as_of=${2:-2011-12-09}
partitions=${3:-2}
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$REPO_ROOT/scripts/lib/postgres.sh"
provision_postgres >/dev/null
db=forecast_reorder_scale_$$
url=$(/usr/bin/python3 - "$ConnectionStrings__Forecast" <<'PY'
import sys
kv = dict(p.split("=", 1) for p in sys.argv[1].split(";") if "=" in p)
print(f"postgresql://{kv.get('Username')}:{kv.get('Password','')}@{kv.get('Host')}:{kv.get('Port','5432')}/")
PY
)
tmp=$(mktemp -d)
trap 'psql "${url}postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; rm -rf "$tmp"' EXIT
psql "${url}postgres" -qc "CREATE DATABASE $db" >/dev/null
export ConnectionStrings__Forecast="${ConnectionStrings__Forecast/Database=forecast;/Database=$db;}"
cd "$REPO_ROOT"
dotnet build src/Forecast.Cli -c Release -nologo -v quiet >/dev/null
dotnet run --project src/Forecast.Cli -c Release --no-build -- db migrate >/dev/null
/usr/bin/python3 benchmarks/reorder/online_retail_to_erp.py "$data" "$tmp"
psql "${url}$db" -q <<SQL
\copy erp.customers (id, code, name, source_system, source_key, updated_at) from '$tmp/customers.csv' csv
\copy erp.products (id, sku, name, lead_time_days, moq, pack_size, source_system, source_key, updated_at) from '$tmp/products.csv' csv
\copy erp.sales_orders (id, order_number, customer_id, order_date, status, source_system, source_key, updated_at) from '$tmp/sales_orders.csv' csv
\copy erp.sales_order_lines (id, sales_order_id, line_number, product_id, quantity, unit_price, is_return, source_system, source_key, updated_at) from '$tmp/sales_order_lines.csv' csv
ANALYZE;
SQL
echo "load average before: $(cat /proc/loadavg)"
for run in first second; do
  start=$(date +%s%N)
  dotnet run --project src/Forecast.Cli -c Release --no-build -- reorder predict --as-of "$as_of" --partitions "$partitions"
  echo "$run run: $(( ($(date +%s%N) - start) / 1000000 )) ms"
done
psql "${url}$db" -c "SELECT count(*) AS predictions, count(DISTINCT prediction_run_id) AS runs, round(avg(probability_within_horizon)::numeric, 4) AS mean_p FROM core.reorder_predictions"
psql "${url}$db" -c "SELECT version, trained_to, training_rows, length(artefact) AS artefact_bytes FROM core.model_versions"
