using System.Diagnostics;
using System.Globalization;
using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Ingest;
using Forecast.Core.Jobs;
using Forecast.Core.Outreach.Drafting;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Forecast.IntegrationTests.SecondWorld;

/// <summary>
/// One replay of the second world, shared by the acceptance tests of a class: the generator writes its exports as of
/// D into a temporary folder, the test's own mappings import them into a private database, the nightly pipeline runs
/// inline as of D while the clock says D + <see cref="ClockDaysAfterAsOf"/> (a replay of a past day, as a backtest or a
/// re-run does), and every figure is measured against the truth. With <c>FORECAST_TRUTH_REPORT</c> naming a file, the
/// figures are written there as JSON. <c>FORECAST_TRUTH_SEED</c> and <c>FORECAST_TRUTH_AS_OF</c> (yyyy-MM-dd) choose
/// another seed and replay day; <c>FORECAST_TRUTH_FIRST_DAY</c> and <c>FORECAST_TRUTH_LAST_DAY</c> fix the world's span
/// so that several replay days view the same world (benchmarks/truth/run.sh runs several).
/// </summary>
public sealed class SecondWorldReplay : IAsyncLifetime
{
    /// <summary>The replay's clock: D + this many days (FORECAST_TRUTH_CLOCK_DAYS overrides it, e.g. 0 to see the nightly case).</summary>
    public static int ClockDaysAfterAsOf =>
        Environment.GetEnvironmentVariable("FORECAST_TRUTH_CLOCK_DAYS") is { Length: > 0 } days ? int.Parse(days, CultureInfo.InvariantCulture) : 200;

    /// <summary>Pairs whose true next order falls this many days after D are scored for dates and intervals.</summary>
    public const int ReorderHorizonDays = 180;

    /// <summary>Where a "not expected" prediction is placed when it is scored: the end of the reorder model's default date horizon.</summary>
    private const int NotExpectedDays = 730;

    /// <summary>
    /// What whoever installs the service for this CRM configures: the CRM's own stage names with the probabilities the
    /// CRM shows its reps for them (round numbers, as CRMs ship them), since the shipped priors name the demo CRM's
    /// stages. They are an installer's guess, deliberately not the world's true stage law (10/24/42/66/88 %).
    /// </summary>
    public static readonly Dictionary<string, string?> InstallationSettings = new()
    {
        ["WinProbability:StagePriors:10 Inquiry"] = "0.10",
        ["WinProbability:StagePriors:20 Sampling"] = "0.20",
        ["WinProbability:StagePriors:30 Quoted"] = "0.40",
        ["WinProbability:StagePriors:40 Negotiating"] = "0.60",
        ["WinProbability:StagePriors:50 Verbal PO"] = "0.80",
    };

    private readonly TestDatabase _database = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("forecast-second-world-").FullName;

    public TruthFigures Figures { get; private set; } = null!;

    public static SecondWorldOptions OptionsFromEnvironment()
    {
        var options = new SecondWorldOptions();
        if (Environment.GetEnvironmentVariable("FORECAST_TRUTH_SEED") is { Length: > 0 } seed)
            options = options with { Seed = int.Parse(seed, CultureInfo.InvariantCulture) };
        if (Environment.GetEnvironmentVariable("FORECAST_TRUTH_AS_OF") is { Length: > 0 } asOf)
            options = options with { AsOf = Day(asOf) };
        if (Environment.GetEnvironmentVariable("FORECAST_TRUTH_FIRST_DAY") is { Length: > 0 } first)
            options = options with { FirstDay = Day(first) };
        if (Environment.GetEnvironmentVariable("FORECAST_TRUTH_LAST_DAY") is { Length: > 0 } last)
            options = options with { LastDay = Day(last) };
        return options;

        static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var options = OptionsFromEnvironment();
        var watch = Stopwatch.StartNew();
        var world = SecondWorldGenerator.Generate(options);
        SecondWorldExport.Write(world, _folder);
        var truth = world.Truth();
        var secondsGenerate = watch.Elapsed.TotalSeconds;

        var clock = new FakeTimeProvider(new DateTimeOffset(options.AsOf.AddDays(ClockDaysAfterAsOf).ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));
        var inline = new InlineStageDispatcher();
        using var host = TestHost.CreateBuilder(_database, s =>
        {
            s.AddSingleton<IStageDispatcher>(inline);
            s.AddSingleton<TimeProvider>(clock);
        }, InstallationSettings).Build();

        watch.Restart();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
            foreach (var system in new[] { "erp", "crm" })
            {
                var mapping = ImportMappings.Load(Path.Combine(AppContext.BaseDirectory, "SecondWorld", "Mappings", $"second-world-{system}.json"));
                var result = await imports.ImportAsync(mapping, Path.Combine(_folder, system), null, default);
                if (result.Status != ImportStatus.Succeeded)
                    throw new InvalidOperationException($"The second world's {system} export did not import ({result.Status}): {result.Report.ToJson()}");
            }
        }
        var secondsImport = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var stageFailures = new List<string>();
        await RunStagesAsync(host, inline, options.AsOf, PipelineCoordinator.NightlyStages, stageFailures);
        // The morning after: the reminders a rep would read, built from that night's predictions.
        await RunStagesAsync(host, inline, options.AsOf, [RemindersStage.StageName], stageFailures);
        var secondsPipeline = watch.Elapsed.TotalSeconds;

        await using var db = _database.CreateContext();
        var run = await db.PipelineRuns.AsNoTracking().Where(r => r.Stages.Length > 1).OrderByDescending(r => r.Id).FirstAsync();
        Figures = new TruthFigures(
            options.Seed, options.AsOf, clock.GetUtcNow(),
            await db.ErpCustomers.CountAsync(), await db.Products.CountAsync(), await db.SalesOrders.CountAsync(),
            await db.CrmAccounts.CountAsync(), await db.Opportunities.CountAsync(),
            run.Status.ToString(), stageFailures.Count > 0 ? string.Join("; ", stageFailures) : run.Error, secondsGenerate, secondsImport, secondsPipeline,
            await MeasureReorderAsync(db, truth),
            await MeasureWinAsync(db, truth),
            await MeasureLinksAsync(db, truth),
            await MeasureRemindersAsync(db, truth),
            new TruthThresholds(),
            $"{Environment.MachineName}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            DateTimeOffset.UtcNow);

        if (Environment.GetEnvironmentVariable("FORECAST_TRUTH_REPORT") is { Length: > 0 } report)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(report))!);
            await File.WriteAllTextAsync(report, Figures.ToJson());
        }
    }

    private static async Task<ReorderFigures> MeasureReorderAsync(ForecastDbContext db, SecondWorldTruth truth)
    {
        var asOf = truth.AsOf;
        var predictions = await db.ReorderPredictions.AsNoTracking().Where(r => r.AsOf == asOf)
            .Select(r => new
            {
                Customer = r.Customer!.Code, Product = r.Product!.Sku, r.PredictedDate, r.P10Date, r.P90Date,
                r.ProbabilityWithinHorizon, r.HorizonDays,
            })
            .ToListAsync();
        // The history the pipeline read (ReorderHistory's rules), for the baselines.
        var days = await (from l in db.SalesOrderLines
                          join o in db.SalesOrders on l.SalesOrderId equals o.Id
                          where o.OrderDate <= asOf && o.Status != SalesOrderStatus.Cancelled && !l.IsReturn && l.Quantity > 0
                          select new { o.Customer!.Code, l.Product!.Sku, o.OrderDate })
            .Distinct().ToListAsync();
        var history = days.GroupBy(d => (d.Code, d.Sku)).ToDictionary(g => g.Key, g => g.Select(d => d.OrderDate.DayNumber).Order().ToArray());
        var truths = truth.Pairs.ToDictionary(p => (p.Customer, p.Sku));

        var tomorrow = asOf.DayNumber + 1;
        var horizonEnd = asOf.AddDays(ReorderHorizonDays);
        List<double> model = [], lastInterval = [], meanInterval = [], modelAll = [];
        int closerThanMean = 0, fartherThanMean = 0;
        int reordering = 0, covered = 0, below = 0, above = 0, churned = 0, churnedLikely = 0, withoutTruth = 0, dormant = 0;
        double brier = 0, meanP = 0, dormantP = 0;
        var within30 = 0;
        var probabilityHorizon = predictions.Count > 0 ? predictions[0].HorizonDays : 30;
        foreach (var p in predictions)
        {
            if (!truths.TryGetValue((p.Customer, p.Product), out var t))
            {
                withoutTruth++;
                continue;
            }
            var y = t.NextOrder is { } n && n <= asOf.AddDays(p.HorizonDays) ? 1 : 0;
            within30 += y;
            brier += (p.ProbabilityWithinHorizon - y) * (p.ProbabilityWithinHorizon - y);
            meanP += p.ProbabilityWithinHorizon;
            if (t.DormantOnAsOf)
            {
                dormant++;
                dormantP += p.ProbabilityWithinHorizon;
            }
            if (t.ChurnedByAsOf)
            {
                churned++;
                if (p.ProbabilityWithinHorizon >= 0.5)
                    churnedLikely++;
            }
            if (t.NextOrder is not { } next || next > horizonEnd)
                continue;
            reordering++;
            // "Not expected" (no date) for a pair that does reorder is scored as a date at the end of the model's date
            // horizon, and outside its interval: the model said the order would not come.
            var predicted = (p.PredictedDate ?? truth.AsOf.AddDays(NotExpectedDays)).DayNumber;
            modelAll.Add(Math.Abs(predicted - next.DayNumber));
            if (p.P10Date is { } p10 && next < p10)
                below++;
            else if (p.P90Date is not { } p90 || next > p90)
                above++;
            else
                covered++;
            var orders = history.GetValueOrDefault((p.Customer, p.Product));
            if (orders is not { Length: >= 2 })
                continue;
            var last = orders[^1];
            var lastGap = last - orders[^2];
            var meanGap = (last - orders[0]) / (double)(orders.Length - 1);
            // Every method answers with a date, a whole day: the mean-interval baseline's day is the nearest one.
            var meanDay = (int)Math.Round(last + meanGap, MidpointRounding.AwayFromZero);
            var modelError = Math.Abs(predicted - next.DayNumber);
            var meanError = Math.Abs(Math.Max(tomorrow, meanDay) - next.DayNumber);
            model.Add(modelError);
            lastInterval.Add(Math.Abs(Math.Max(tomorrow, last + lastGap) - next.DayNumber));
            meanInterval.Add(meanError);
            if (modelError < meanError)
                closerThanMean++;
            else if (modelError > meanError)
                fartherThanMean++;
        }
        var scored = predictions.Count - withoutTruth;
        var rate = scored > 0 ? within30 / (double)scored : double.NaN;
        return new ReorderFigures(
            ReorderHorizonDays, predictions.Count, withoutTruth, reordering, model.Count,
            TruthFigures.Median(model), TruthFigures.Median(lastInterval), TruthFigures.Median(meanInterval), TruthFigures.Median(modelAll),
            reordering > 0 ? covered / (double)reordering : double.NaN,
            reordering > 0 ? below / (double)reordering : double.NaN,
            reordering > 0 ? above / (double)reordering : double.NaN,
            churned, churnedLikely, churned > 0 ? churnedLikely / (double)churned : double.NaN,
            probabilityHorizon, rate, scored > 0 ? meanP / scored : double.NaN,
            scored > 0 ? brier / scored : double.NaN, rate * (1 - rate),
            dormant > 0 ? dormantP / dormant : double.NaN, dormant)
        {
            InterpolatedMedianErrorDays = TruthFigures.InterpolatedMedian(model),
            LastIntervalInterpolatedMedianErrorDays = TruthFigures.InterpolatedMedian(lastInterval),
            MeanIntervalInterpolatedMedianErrorDays = TruthFigures.InterpolatedMedian(meanInterval),
            MeanErrorDays = model.Count > 0 ? model.Average() : double.NaN,
            LastIntervalMeanErrorDays = lastInterval.Count > 0 ? lastInterval.Average() : double.NaN,
            MeanIntervalMeanErrorDays = meanInterval.Count > 0 ? meanInterval.Average() : double.NaN,
            CloserThanMeanInterval = closerThanMean,
            FartherThanMeanInterval = fartherThanMean,
        };
    }

    /// <summary>
    /// Runs a pipeline run's partitions here. A failing stage is a finding, not a reason to measure nothing: it is
    /// reported with the figures (and fails the pipeline test), and the stages that did run are still measured.
    /// </summary>
    private static async Task RunStagesAsync(IHost host, InlineStageDispatcher inline, DateOnly asOf, IReadOnlyList<string> stages, List<string> failures)
    {
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().StartAsync(asOf, stages, "test", default);
        while (inline.TryTake(out var item))
        {
            await using var scope = host.Services.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<PipelineCoordinator>().RunPartitionAsync(item.RunId, item.Stage, item.Partition, default);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add($"{item.Stage}[{item.Partition}]: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private const int ReminderFollowedWithinDays = 60;

    private static async Task<ReminderFigures> MeasureRemindersAsync(ForecastDbContext db, SecondWorldTruth truth)
    {
        var reminders = await db.Reminders.AsNoTracking().Where(r => r.AsOf == truth.AsOf)
            .Select(r => new
            {
                r.Kind, r.ProductId, r.FactsJson,
                Customer = r.UnifiedCustomer!.ErpCustomer != null ? r.UnifiedCustomer.ErpCustomer.Code : null,
                Sku = r.Product != null ? r.Product.Sku : null,
            })
            .ToListAsync();
        var pairs = truth.Pairs.ToDictionary(p => (p.Customer, p.Sku));
        var byCustomer = truth.Pairs.ToLookup(p => p.Customer);
        int due = 0, dueChurned = 0, dueFollowed = 0, pairsAtRisk = 0, pairsAtRiskChurned = 0, customersAtRisk = 0, customersStopped = 0, sayShort = 0, withAvailability = 0;
        var followedBy = truth.AsOf.AddDays(ReminderFollowedWithinDays);
        foreach (var r in reminders)
        {
            var facts = ReminderFacts.TryRead(r.FactsJson);
            if (facts?.Availability is { } availability)
            {
                withAvailability++;
                if (availability.ShortForUsualQuantity)
                    sayShort++;
            }
            if (r.Customer is null)
                continue;
            if (r.Kind == ReminderKind.AtRisk && r.Sku is null)
            {
                customersAtRisk++;
                if (byCustomer[r.Customer].Any(p => p.CustomerChurnedByAsOf || p.DormantOnAsOf))
                    customersStopped++;
                continue;
            }
            if (r.Sku is null || !pairs.TryGetValue((r.Customer, r.Sku), out var pair))
                continue;
            if (r.Kind == ReminderKind.ReorderDue)
            {
                due++;
                if (pair.ChurnedByAsOf)
                    dueChurned++;
                if (pair.NextOrder is { } next && next <= followedBy)
                    dueFollowed++;
            }
            else if (r.Kind == ReminderKind.AtRisk)
            {
                pairsAtRisk++;
                if (pair.ChurnedByAsOf)
                    pairsAtRiskChurned++;
            }
        }
        return new ReminderFigures(reminders.Count, due, dueChurned, dueFollowed, ReminderFollowedWithinDays,
            pairsAtRisk, pairsAtRiskChurned, customersAtRisk, customersStopped, sayShort, withAvailability);
    }

    private static async Task<WinFigures> MeasureWinAsync(ForecastDbContext db, SecondWorldTruth truth)
    {
        var asOf = truth.AsOf;
        var scores = await db.OpportunityScores.AsNoTracking().Where(s => s.AsOf == asOf)
            .Join(db.Opportunities, s => s.OpportunityId, o => o.Id, (s, o) => new { o.SourceKey, s.Probability, s.Model })
            .ToListAsync();
        var truths = truth.OpenDeals.ToDictionary(d => d.DealId);
        var matched = scores.Where(s => truths.ContainsKey(s.SourceKey)).ToList();
        var models = string.Join(", ", matched.GroupBy(s => s.Model).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
        return new WinFigures(
            truth.OpenDeals.Count, matched.Count,
            TruthFigures.Pearson(matched.Select(s => s.Probability).ToArray(), matched.Select(s => truths[s.SourceKey].WinProbability).ToArray()),
            truth.OpenDeals.Count > 0 ? truth.OpenDeals.Average(d => d.WinProbability) : double.NaN,
            matched.Count > 0 ? matched.Average(s => s.Probability) : double.NaN,
            models, truth.OpenDeals.Count(d => d.Won),
            matched.Count > 0 ? matched.Min(s => s.Probability) : double.NaN,
            matched.Count > 0 ? matched.Max(s => s.Probability) : double.NaN,
            matched.Count(s => s.Probability is < 0.02 or > 0.98),
            matched.Count > 0 ? matched.Max(s => Math.Abs(s.Probability - truths[s.SourceKey].WinProbability)) : double.NaN);
    }

    private static async Task<LinkFigures> MeasureLinksAsync(ForecastDbContext db, SecondWorldTruth truth)
    {
        var auto = await db.CustomerMatchCandidates.AsNoTracking().Where(c => c.Decision == MatchDecision.AutoLinked)
            .Select(c => new { Account = c.CrmAccount!.SourceKey, Customer = c.ErpCustomer!.Code })
            .ToListAsync();
        var inReview = await db.CustomerMatchCandidates.Where(c => c.Decision == MatchDecision.NeedsReview).Select(c => c.CrmAccountId).Distinct().CountAsync();
        var truths = truth.Links.ToDictionary(l => l.AccountId, l => l.CustomerCode);
        var correct = auto.Count(a => truths.GetValueOrDefault(a.Account) == a.Customer);
        var withCustomer = truth.Links.Count(l => l.CustomerCode is not null);
        var linked = auto.ToDictionary(a => a.Account, a => a.Customer);
        var byKind = truth.Links.GroupBy(l => l.NameKind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LinkKindFigures(
                g.Key, g.Count(), g.Count(l => l.CustomerCode is not null), g.Count(l => l.HasTaxId), g.Count(l => l.HasWebsite),
                g.Count(l => l.CustomerCode is not null && linked.GetValueOrDefault(l.AccountId) == l.CustomerCode),
                g.Count(l => linked.TryGetValue(l.AccountId, out var customer) && customer != l.CustomerCode)))
            .ToList();
        return new LinkFigures(
            truth.Links.Count, withCustomer, auto.Count, correct,
            auto.Count > 0 ? correct / (double)auto.Count : double.NaN,
            withCustomer > 0 ? correct / (double)withCustomer : double.NaN,
            inReview, byKind);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
