#!/usr/bin/env bash
# Issue 10's acceptance figures on the second world (tests/Forecast.IntegrationTests/SecondWorld): for every seed and
# replay day, the acceptance test class generates the world, imports its exports through its own mappings into a
# private database, runs the nightly pipeline as of that day with the clock 200 days later (a replay), and writes its
# figures as JSON. One more run of the first seed and day with the clock at D + 1 (the nightly case) shows what the
# replay changes. This script collects them into results/second-world.json and results/second-world.md.
# Usage: benchmarks/truth/run.sh [--seeds "2718 31 577"] [--days "2026-03-31 2025-12-15 2025-09-30"]
#                                [--world 2023-04-01:2027-03-31]   (the simulated span: every replay day views one world)
#                                [--report-only]   (tabulate the runs of the last invocation again, without running)
# Needs: PostgreSQL (scripts/lib/postgres.sh provisions it), the .NET SDK, /usr/bin/python3 (standard library only).
# Several acceptance tests fail on today's code by design; their failures do not stop this script.
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$REPO_ROOT/scripts/lib/postgres.sh"

seeds="2718 31 577"
days="2026-03-31 2025-12-15 2025-09-30"
world="2023-04-01:2027-03-31"
report_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --days) days="$2"; shift 2 ;;
    --world) world="$2"; shift 2 ;;
    --report-only) report_only=1; shift ;;
    *) die "unknown argument $1 (use --seeds \"a b\" --days \"yyyy-MM-dd ...\")" ;;
  esac
done

work="$STATE_DIR/truth-runs"
cd "$REPO_ROOT"
mkdir -p "$REPO_ROOT/benchmarks/truth/results"
if [ "$report_only" -eq 0 ]; then
  ensure_dotnet
  provision_postgres
  export FORECAST_TEST_CONNECTION="${FORECAST_TEST_CONNECTION:-$ConnectionStrings__Forecast}"

  say "Building (Release)"
  dotnet build tests/Forecast.IntegrationTests -c Release -nologo -v quiet

  rm -rf "$work"
  mkdir -p "$work"
  git rev-parse --short HEAD >"$work/commit"
  git diff --quiet HEAD -- src tests || echo "+changes" >>"$work/commit"
  echo "$world" >"$work/world"

  replay() { # seed day clock-days report
    say "Second world seed $1, as of $2, clock D + $3 days"
    FORECAST_TRUTH_SEED="$1" FORECAST_TRUTH_AS_OF="$2" FORECAST_TRUTH_CLOCK_DAYS="$3" FORECAST_TRUTH_REPORT="$4" \
    FORECAST_TRUTH_FIRST_DAY="${world%%:*}" FORECAST_TRUTH_LAST_DAY="${world##*:}" \
      dotnet test tests/Forecast.IntegrationTests -c Release --no-build -nologo \
        --filter "FullyQualifiedName~SecondWorld.SecondWorldAcceptanceTests" \
        --logger "console;verbosity=normal" >"${4%.json}.log" 2>&1 || true
    grep -E "^  (Passed|Failed) " "${4%.json}.log" | sed 's/^  /    /' || true
    [ -s "$4" ] || die "no figures from seed $1 as of $2 (see ${4%.json}.log)"
  }

  for seed in $seeds; do
    for day in $days; do
      replay "$seed" "$day" 200 "$work/replay-$seed-$day.json"
    done
  done
  first_seed="${seeds%% *}"
  first_day="${days%% *}"
  replay "$first_seed" "$first_day" 1 "$work/nightly-$first_seed-$first_day.json"
fi
[ -s "$work/commit" ] || die "no runs to tabulate in $work"
world="$(cat "$work/world")"

say "Writing benchmarks/truth/results/second-world.{json,md}"
/usr/bin/python3 - "$work" "$REPO_ROOT/benchmarks/truth/results" "$(tr -d '\n' <"$work/commit")" "$world" <<'PY'
import glob, json, os, statistics, sys
from datetime import datetime, timezone

work, out, commit, world = sys.argv[1:5]
replays = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(work, "replay-*.json")))]
nightly = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(work, "nightly-*.json")))]
t = replays[0]["thresholds"]

def figure(run):
    r, w, l = run["reorder"], run["win"], run["links"]
    return {
        "seed": run["seed"], "asOf": run["asOf"], "clock": run["clock"][:10],
        "reorderMedianErrorDays": r["medianErrorDays"],
        "lastIntervalMedianErrorDays": r["lastIntervalMedianErrorDays"],
        "meanIntervalMedianErrorDays": r["meanIntervalMedianErrorDays"],
        "reorderInterpolatedMedianErrorDays": r.get("interpolatedMedianErrorDays"),
        "lastIntervalInterpolatedMedianErrorDays": r.get("lastIntervalInterpolatedMedianErrorDays"),
        "meanIntervalInterpolatedMedianErrorDays": r.get("meanIntervalInterpolatedMedianErrorDays"),
        # Whole-day medians tie often: below both when read to a fraction of a day, never above either plain median.
        "reorderBeatsBaselines": r["medianErrorDays"] <= r["lastIntervalMedianErrorDays"] and r["medianErrorDays"] <= r["meanIntervalMedianErrorDays"]
            and r["interpolatedMedianErrorDays"] < r["lastIntervalInterpolatedMedianErrorDays"] and r["interpolatedMedianErrorDays"] < r["meanIntervalInterpolatedMedianErrorDays"],
        "reorderMeanErrorDays": r.get("meanErrorDays"),
        "lastIntervalMeanErrorDays": r.get("lastIntervalMeanErrorDays"),
        "meanIntervalMeanErrorDays": r.get("meanIntervalMeanErrorDays"),
        "closerThanMeanInterval": r.get("closerThanMeanInterval"),
        "fartherThanMeanInterval": r.get("fartherThanMeanInterval"),
        "reminders": run.get("reminders"),
        "coverage80": r["coverage80"],
        "churnedShareLikelyWithin30Days": r["churnedShareLikelyWithin30Days"],
        "brier30": r["brier30"], "brier30BaseRate": r["brier30BaseRate"],
        "winCorrelation": w["correlation"], "openDeals": w["openDeals"],
        "linkPrecision": l["precision"], "linkRecall": l["recall"],
        "pipelineStatus": run["pipelineStatus"],
        "seconds": round(run["secondsGenerate"] + run["secondsImport"] + run["secondsPipeline"], 1),
    }

rows = [figure(r) for r in replays]
checks = {
    "reorder median error below both baselines (read to a fraction of a day)": [x["reorderBeatsBaselines"] for x in rows],
    "80% interval coverage in [0.75, 0.85]": [t["coverage80Min"] <= x["coverage80"] <= t["coverage80Max"] for x in rows],
    "churned pairs with P(30 d) >= 0.5 below 10%": [x["churnedShareLikelyWithin30Days"] < t["churnedShareLikelyWithin30DaysBelow"] for x in rows],
    "win-probability correlation >= 0.7 (replay)": [x["winCorrelation"] >= t["winCorrelationMin"] for x in rows],
    "link recall >= 0.93 at precision >= 0.98": [x["linkRecall"] >= t["linkRecallMin"] and x["linkPrecision"] >= t["linkPrecisionMin"] for x in rows],
}
result = {
    "measuredAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    "commit": commit,
    "world": world,
    "machine": replays[0]["machine"],
    "thresholds": t,
    "summary": {k: {"passed": sum(v), "runs": len(v)} for k, v in checks.items()},
    "runs": rows,
    "nightlyContrast": [figure(r) for r in nightly],
    "details": replays + nightly,
}
json.dump(result, open(os.path.join(out, "second-world.json"), "w"), indent=2, ensure_ascii=False)

def med(key):
    return statistics.median(x[key] for x in rows)

def rng(key, fmt):
    v = [x[key] for x in rows]
    return f"{fmt.format(min(v))}–{fmt.format(max(v))}"

seeds = sorted({x["seed"] for x in rows})
days = sorted({x["asOf"] for x in rows})
lines = [
    "# Second world: issue 10's acceptance figures",
    "",
    f"Measured {result['measuredAt']} at commit {commit} on {result['machine']} by `benchmarks/truth/run.sh`:",
    f"seeds {', '.join(map(str, seeds))}; each world simulated over {world.replace(':', ' to ')} and replayed as of {', '.join(days)}",
    "with the clock at D + 200 days.",
    "Median over the runs, range in brackets; a figure passes when every run passes.",
    "",
    f"**{sum(all(v) for v in checks.values())} of {len(checks)} acceptance figures pass in every run at this commit.**"
    + ("" if all(all(v) for v in checks.values()) else " Figures that fail are open work on issue 10 measured on the code of that day, not final results."),
    "",
    "| figure | ours | baselines | threshold | runs passing |",
    "|---|---:|---:|---|---:|",
    f"| reorder date, median abs. error (whole days) | {med('reorderMedianErrorDays'):.1f} [{rng('reorderMedianErrorDays', '{:.1f}')}] | last interval {med('lastIntervalMedianErrorDays'):.1f}, mean interval {med('meanIntervalMedianErrorDays'):.1f} | not above either | |",
    f"| reorder date, median abs. error read to a fraction of a day | {med('reorderInterpolatedMedianErrorDays'):.2f} [{rng('reorderInterpolatedMedianErrorDays', '{:.2f}')}] | last interval {med('lastIntervalInterpolatedMedianErrorDays'):.2f}, mean interval {med('meanIntervalInterpolatedMedianErrorDays'):.2f} | below both baselines | {sum(checks['reorder median error below both baselines (read to a fraction of a day)'])}/{len(rows)} |",
    f"| reorder 80% interval [P10, P90] coverage | {med('coverage80'):.3f} [{rng('coverage80', '{:.3f}')}] | | 0.75–0.85 | {sum(checks['80% interval coverage in [0.75, 0.85]'])}/{len(rows)} |",
    f"| truly churned pairs with P(order within 30 d) ≥ 0.5 | {med('churnedShareLikelyWithin30Days'):.3f} [{rng('churnedShareLikelyWithin30Days', '{:.3f}')}] | | < 0.10 | {sum(checks['churned pairs with P(30 d) >= 0.5 below 10%'])}/{len(rows)} |",
    f"| reorder date, mean abs. error (days) | {med('reorderMeanErrorDays'):.2f} [{rng('reorderMeanErrorDays', '{:.2f}')}] | last interval {med('lastIntervalMeanErrorDays'):.2f}, mean interval {med('meanIntervalMeanErrorDays'):.2f} | (reported) | |",
    f"| pairs where the model's date is closer / farther than mean interval's | {sum(x['closerThanMeanInterval'] for x in rows)} / {sum(x['fartherThanMeanInterval'] for x in rows)} (all runs) | | (reported) | |",
    f"| P(order within 30 d), Brier score | {med('brier30'):.4f} [{rng('brier30', '{:.4f}')}] | base rate {med('brier30BaseRate'):.4f} | (reported) | |",
    f"| win probability vs truth, Pearson r (replay) | {med('winCorrelation'):.3f} [{rng('winCorrelation', '{:.3f}')}] | | ≥ 0.7 | {sum(checks['win-probability correlation >= 0.7 (replay)'])}/{len(rows)} |",
    f"| customer links, recall | {med('linkRecall'):.3f} [{rng('linkRecall', '{:.3f}')}] | | ≥ 0.93 | {sum(checks['link recall >= 0.93 at precision >= 0.98'])}/{len(rows)} |",
    f"| customer links, precision | {med('linkPrecision'):.3f} [{rng('linkPrecision', '{:.3f}')}] | | ≥ 0.98 | (with recall) |",
    f"| reorder-due reminders on pairs that had truly stopped | {statistics.median(x['reminders']['reorderDueOnChurnedPairs'] / max(1, x['reminders']['reorderDue']) for x in rows):.3f} [{min(x['reminders']['reorderDueOnChurnedPairs'] / max(1, x['reminders']['reorderDue']) for x in rows):.3f}–{max(x['reminders']['reorderDueOnChurnedPairs'] / max(1, x['reminders']['reorderDue']) for x in rows):.3f}] | | < 0.10 (ours) | {sum(x['reminders']['reorderDueOnChurnedPairs'] / max(1, x['reminders']['reorderDue']) < 0.10 for x in rows)}/{len(rows)} |",
    f"| reorder-due reminders followed by the order within 60 d | {statistics.median(x['reminders']['reorderDueFollowedByOrder'] / max(1, x['reminders']['reorderDue']) for x in rows):.3f} [{min(x['reminders']['reorderDueFollowedByOrder'] / max(1, x['reminders']['reorderDue']) for x in rows):.3f}–{max(x['reminders']['reorderDueFollowedByOrder'] / max(1, x['reminders']['reorderDue']) for x in rows):.3f}] | | ≥ 0.5 (ours) | {sum(x['reminders']['reorderDueFollowedByOrder'] / max(1, x['reminders']['reorderDue']) >= 0.5 for x in rows)}/{len(rows)} |",
    "",
    "| seed | as of | median error, fraction of a day (model / last / mean) | coverage | churned ≥ 0.5 | win r | link recall / precision | pipeline | s |",
    "|---:|---|---|---:|---:|---:|---|---|---:|",
]
for x in rows:
    lines.append(f"| {x['seed']} | {x['asOf']} | {x['reorderInterpolatedMedianErrorDays']:.2f} / {x['lastIntervalInterpolatedMedianErrorDays']:.2f} / {x['meanIntervalInterpolatedMedianErrorDays']:.2f} | {x['coverage80']:.3f} | {x['churnedShareLikelyWithin30Days']:.3f} | {x['winCorrelation']:.3f} | {x['linkRecall']:.3f} / {x['linkPrecision']:.3f} | {x['pipelineStatus']} | {x['seconds']} |")
for x in result["nightlyContrast"]:
    twin = next((r for r in rows if r["seed"] == x["seed"] and r["asOf"] == x["asOf"]), None)
    def differs(a, b):
        # Sums of the same numbers in another order may differ in the last bit: that is not a change.
        if isinstance(a, float) and isinstance(b, float):
            return abs(a - b) > 1e-12 * max(1.0, abs(a), abs(b))
        return a != b
    changed = [k for k in x if twin and k not in ("clock", "seconds", "winCorrelation", "reminders") and differs(x[k], twin[k])]
    lines += ["", f"Nightly contrast: the same world (seed {x['seed']}, as of {x['asOf']}) with the clock at {x['clock']} (D + 1, the nightly case) "
              f"gives win-probability r = {x['winCorrelation']:.3f} against {twin['winCorrelation']:.3f} replayed; "
              + ("no other figure changes." if not changed else "also changed: " + ", ".join(f"{k} {x[k]} (replay {twin[k]})" for k in changed) + ".")]
open(os.path.join(out, "second-world.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
