#!/usr/bin/python3
"""Forecasts that need no model, as a floor every method must beat: the all-zero forecast (on intermittent data it
often wins on squared-error scores) and the mean of the train part. Writes the peer harness's long forecast CSV.
Usage: reference.py DATA.csv H OUT.csv"""
import sys
import pandas as pd

data, h, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
d = pd.read_csv(data, dtype={"series_id": str})
train = d[d.split == "train"] if "split" in d.columns else d
rows = []
for sid, g in train.groupby("series_id", sort=True):
    mean = float(g.y.mean())
    for step in range(1, h + 1):
        rows.append((sid, "zero", step, 0.0))
        rows.append((sid, "train_mean", step, mean))
pd.DataFrame(rows, columns=["series_id", "method", "step", "yhat"]).to_csv(out, index=False)
print(f"{out}: {train.series_id.nunique()} series x {h} steps x 2 methods")
