#!/usr/bin/python3
"""Melts R's AutoARIMA reference forecasts of M3 monthly (shared/data/m3, forecast 8.20) into the peer harness's long
format, and counts the series on which a cs_arima forecast file reproduces them.
Usage: arima_reference.py REFERENCE.csv.gz OUT_LONG.csv [CS_FORECASTS.csv]"""
import sys
import numpy as np
import pandas as pd

ref = pd.read_csv(sys.argv[1], dtype={"series_id": str})
ref = ref[ref.method == "AutoARIMA"]
steps = [c for c in ref.columns if c.startswith("f")]
long = ref.melt(id_vars=["series_id"], value_vars=steps, var_name="step", value_name="yhat")
long["step"] = long.step.str[1:].astype(int)
long["method"] = "ref_AutoARIMA"
long = long.sort_values(["series_id", "step"])
long[["series_id", "method", "step", "yhat"]].to_csv(sys.argv[2], index=False)
print(f"wrote {sys.argv[2]}: {long.series_id.nunique()} series")
if len(sys.argv) > 3:
    cs = pd.read_csv(sys.argv[3], dtype={"series_id": str})
    cs = cs[cs.method == "cs_arima"]
    both = cs.merge(long, on=["series_id", "step"], suffixes=("_cs", "_r"))
    both["rel"] = (both.yhat_cs - both.yhat_r).abs() / np.maximum(1, both.yhat_r.abs())
    worst = both.groupby("series_id").rel.max()
    for tol in (1e-6, 1e-3, 1e-2):
        print(f"series whose 18 forecasts equal R's within {tol:g} (relative): {(worst <= tol).sum()} of {len(worst)} ({(worst <= tol).mean():.1%})")
