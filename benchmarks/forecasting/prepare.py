#!/usr/bin/python3
"""Turns the data sets of ../shared/data into the peer harness's long format (series_id,t,y,split).
Usage: prepare.py SHARED_DATA_DIR OUT_DIR  -> writes OUT_DIR/<set>.csv for every set it finds."""
import os, sys
import pandas as pd

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)

def save(name, d):
    d = d.sort_values(["series_id", "t"])
    d[["series_id", "t", "y", "split"]].to_csv(os.path.join(out, name + ".csv"), index=False)
    print(f"{name}: {d.series_id.nunique()} series, {len(d)} rows")

m3 = pd.read_csv(os.path.join(src, "m3", "m3_monthly_long.csv"), dtype={"series_id": str})
save("m3-monthly", m3.rename(columns={"period_index": "t", "value": "y"}))
# The other M3 subsets (yearly h 6, quarterly h 8, other h 8) come from the all-series file.
m3all = pd.read_csv(os.path.join(src, "m3", "m3_all_long.csv.gz"), dtype={"series_id": str})
for period in ["QUARTERLY", "YEARLY", "OTHER"]:
    save("m3-" + period.lower(), m3all[m3all.period == period].rename(columns={"period_index": "t", "value": "y"}))

cp = pd.read_csv(os.path.join(src, "carparts", "carparts_long.csv"), dtype={"series_id": str})
stats = pd.read_csv(os.path.join(src, "carparts", "carparts_series_stats.csv"), dtype={"series_id": str})
keep = set(stats.loc[stats.subset1046 == 1, "series_id"])
cp = cp[cp.series_id.isin(keep)].rename(columns={"period_index": "t", "value": "y"})
cp["split"] = ["train" if t <= 45 else "test" for t in cp.t]
save("carparts", cp)

tr = pd.read_csv(os.path.join(src, "tourism", "tourism_long.csv.gz"), dtype={"series_id": str})
for period, name in [("MONTHLY", "tourism-monthly"), ("QUARTERLY", "tourism-quarterly")]:
    save(name, tr[tr.period.str.upper() == period].rename(columns={"period_index": "t", "value": "y"}))

m5 = pd.read_csv(os.path.join(src, "m5-sample", "m5_sample_long.csv"), dtype={"id": str})
save("m5-sample", m5.rename(columns={"id": "series_id", "day_index": "t", "sales": "y"}))
