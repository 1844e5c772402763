#!/usr/bin/python3
"""Write UCI Online Retail as CSV files shaped like Forecast's erp tables (customers, products, sales_orders,
sales_order_lines), for the reorder job's end-to-end run (scale-test.sh). Standard library only.
Usage: online_retail_to_erp.py online_retail.csv.gz OUT_DIR
Cancellation invoices (C...) become orders with status Cancelled and their lines return lines, as an ERP would
hold them, so the job's own filters are exercised. Lines without a customer id are dropped (no ERP customer)."""
import csv, gzip, os, sys

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
customers, products, orders = {}, {}, {}
now = "2011-12-10 00:00:00+00"
with gzip.open(src, "rt", encoding="utf-8", newline="") as f, \
        open(os.path.join(out, "sales_order_lines.csv"), "w", newline="") as lf:
    lines = csv.writer(lf)
    line_id = 0
    for row in csv.DictReader(f):
        cust = row["CustomerID"]
        if not cust:
            continue
        inv = row["InvoiceNo"]
        if cust not in customers:
            customers[cust] = len(customers) + 1
        code = row["StockCode"]
        if code not in products:
            products[code] = (len(products) + 1, row["Description"] or code)
        if inv not in orders:
            status = "Cancelled" if inv.startswith("C") else "Invoiced"
            orders[inv] = (len(orders) + 1, customers[cust], row["InvoiceDate"][:10], status)
        line_id += 1
        qty = int(row["Quantity"])
        lines.writerow([line_id, orders[inv][0], line_id, products[code][0], qty, row["UnitPrice"], "true" if qty < 0 else "false", "online-retail", f"L{line_id}", now])

with open(os.path.join(out, "customers.csv"), "w", newline="") as f:
    w = csv.writer(f)
    for code, i in customers.items():
        w.writerow([i, code, f"Customer {code}", "online-retail", code, now])
with open(os.path.join(out, "products.csv"), "w", newline="") as f:
    w = csv.writer(f)
    for code, (i, name) in products.items():
        w.writerow([i, code, name, 0, 0, 1, "online-retail", code, now])
with open(os.path.join(out, "sales_orders.csv"), "w", newline="") as f:
    w = csv.writer(f)
    for inv, (i, cust, day, status) in orders.items():
        w.writerow([i, inv, cust, day, status, "online-retail", inv, now])
print(f"{len(customers)} customers, {len(products)} products, {len(orders)} orders, {line_id} lines")
