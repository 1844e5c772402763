#!/usr/bin/python3
"""Synthetic monthly series in the peer harness's long format, vectorised so 100k series take seconds.
Usage: gen_synth.py --n 1000 [--train 72] [--test 18] [--seed 1] [--kind mix|trendmult] [--m 12] --out synth.csv[.gz]
mix (default, m = 12): kinds cycle like ../shared/peers/gen_synth.py: trend + additive season, multiplicative season,
random walk, intermittent.
trendmult: classic seasonal series as a new user would try them (airline-passenger shape): a strong trend (the level
grows 2-4x over the history, linear or compounding), a multiplicative season of period m with a random profile
(amplitude 15-40%) and multiplicative noise (sd 2-6%)."""
import argparse, gzip
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, default=1000)
ap.add_argument("--train", type=int, default=72)
ap.add_argument("--test", type=int, default=18)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--kind", choices=["mix", "trendmult"], default="mix")
ap.add_argument("--m", type=int, default=12)
ap.add_argument("--out", required=True)
a = ap.parse_args()
rng = np.random.default_rng(a.seed)
T = a.train + a.test
i = np.arange(T)[None, :]
n = a.n
kind = np.arange(n) % 5
phase = rng.integers(12, size=(n, 1))
season = np.sin(2 * np.pi * (i + phase) / 12)
add = 100 + rng.uniform(-0.5, 1, (n, 1)) * i + rng.uniform(5, 20, (n, 1)) * season + rng.normal(0, 4, (n, T))
mult = (50 + 0.5 * i) * (1 + 0.3 * season) * np.exp(rng.normal(0, 0.05, (n, T)))
rw = 200 + np.cumsum(rng.normal(0.3, 5, (n, T)), axis=1)
inter = (rng.random((n, T)) < rng.uniform(0.2, 0.5, (n, 1))) * (1 + rng.poisson(rng.uniform(1, 6, (n, 1)), (n, T)))
y = np.select([kind[:, None] < 2, kind[:, None] == 2, kind[:, None] == 3], [add, mult, rw], inter)
names = ["add", "add", "mult", "rw", "int"]
if a.kind == "trendmult":
    m = a.m
    growth = rng.uniform(2, 4, (n, 1))                      # level at the end of the history / level at the start
    compounding = rng.random((n, 1)) < 0.5
    u = i / a.train
    level = 100 * np.where(compounding, growth ** u, 1 + (growth - 1) * u)
    profile = rng.normal(0, 1, (n, m))
    profile = profile - profile.mean(axis=1, keepdims=True)
    profile = profile / np.abs(profile).max(axis=1, keepdims=True) * rng.uniform(0.15, 0.4, (n, 1))
    season = 1 + profile[:, np.arange(T) % m]
    y = level * season * np.exp(rng.normal(0, 1, (n, T)) * rng.uniform(0.02, 0.06, (n, 1)))
    kind = np.zeros(n, dtype=int)
    names = [f"tm{m}"] * 5
opener = gzip.open if a.out.endswith(".gz") else open
with opener(a.out, "wt") as f:
    f.write("series_id,t,y,split\n")
    split = ["train"] * a.train + ["test"] * a.test
    for k in range(n):
        sid = f"S{k:06d}_{names[k % 5]}"
        f.writelines(f"{sid},{t + 1},{y[k, t]:.3f},{split[t]}\n" for t in range(T))
print(f"wrote {n} series x {T} rows to {a.out}")
