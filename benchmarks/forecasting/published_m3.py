#!/usr/bin/python3
"""Melts the forecasts submitted to M3 (shared/data/m3, Mcomp's M3Forecast) for the series of one prepared set into
the peer harness's long format, so our scorer scores them next to ours (method names m3_<METHOD>).
Usage: published_m3.py WIDE.csv.gz PREPARED_SET.csv H OUT_LONG.csv METHOD [METHOD ...]"""
import sys
import pandas as pd

wide_path, set_path, h, out, methods = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5:]
series = set(pd.read_csv(set_path, dtype={"series_id": str}, usecols=["series_id"]).series_id)
wide = pd.read_csv(wide_path, dtype={"series_id": str})
wide = wide[wide.method.isin(methods) & wide.series_id.isin(series)]
long = wide.melt(id_vars=["series_id", "method"], value_vars=[f"f{k}" for k in range(1, h + 1)], var_name="step", value_name="yhat")
long["step"] = long.step.str[1:].astype(int)
long["method"] = "m3_" + long.method.str.replace(" ", "_").str.replace("-", "_")
long = long.sort_values(["method", "series_id", "step"])
long[["series_id", "method", "step", "yhat"]].to_csv(out, index=False)
for name, g in long.groupby("method"):
    print(f"{name}: {g.series_id.nunique()} of {len(series)} series")
