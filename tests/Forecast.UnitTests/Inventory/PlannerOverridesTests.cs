using Forecast.Core.Data;
using Forecast.Core.Demand;
using Forecast.Core.Inventory;
using Forecast.Modeling.Evaluation;
using Forecast.Modeling.Inventory;

namespace Forecast.UnitTests.Inventory;

public sealed class PlannerOverridesTests
{
    private static readonly double[] Levels = [0.1, 0.25, 0.5, 0.75, 0.9];

    [Fact]
    public void Quantiles_ScaleWithTheMean_WhenTheModelExpectsDemand()
    {
        var q = ForecastAdjustment.Quantiles(10, [4, 7, 10, 13, 16], Levels, 13);

        Assert.Equal([5.2, 9.1, 13, 16.9, 20.8], q.Select(v => Math.Round(v, 6)));
    }

    [Fact]
    public void Quantiles_ArePoissonLikeAroundTheOverride_WhenTheModelExpectsNothing()
    {
        var q = ForecastAdjustment.Quantiles(0, [0, 0, 0, 0, 0], Levels, 16);

        Assert.Equal(16, q[2], 6);
        Assert.Equal(16 - 1.2815515655 * 4, q[0], 4);
        Assert.True(q.Zip(q.Skip(1)).All(p => p.First <= p.Second));
        Assert.All(ForecastAdjustment.Quantiles(0, [0, 0, 0, 0, 0], Levels, 0), v => Assert.Equal(0, v));
    }

    [Fact]
    public void ByPercent_ChangesTheMean_AndNeverGoesBelowZero()
    {
        Assert.Equal(13, ForecastAdjustment.ByPercent(10, 30), 9);
        Assert.Equal(0, ForecastAdjustment.ByPercent(10, -100), 9);
    }

    [Fact]
    public void ValueAdded_IsTheModelsErrorMinusTheOverrides_WithHelpedAndHurtCounted()
    {
        OverrideOutcome[] outcomes = [new(Actual: 10, Model: 6, Override: 9), new(Actual: 10, Model: 11, Override: 14), new(Actual: 5, Model: 5, Override: 5)];

        var summary = ValueAddedSummary.Of(outcomes);

        Assert.Equal((3, 1, 1, 1), (summary.Periods, summary.Helped, summary.Hurt, summary.Unchanged));
        Assert.Equal((4 + 1 + 0) / 3.0, summary.ModelMae, 9);
        Assert.Equal((1 + 4 + 0) / 3.0, summary.OverrideMae, 9);
        Assert.Equal(0, summary.ValueAdded, 9);
        Assert.Equal((-4 + 1 + 0) / 3.0, summary.ModelBias, 9);
        Assert.Equal((-1 + 4 + 0) / 3.0, summary.OverrideBias, 9);
    }

    [Fact]
    public void Validate_NamesEveryBadField_AndAcceptsTheLimits()
    {
        Assert.Empty(PlanningSettings.Validate(new PlanningSettingsEdit(0, 50, 1, 1)));
        Assert.Empty(PlanningSettings.Validate(new PlanningSettingsEdit(365, 99.9m, 1000, 25)));
        Assert.Empty(PlanningSettings.Validate(new PlanningSettingsEdit()));

        var errors = PlanningSettings.Validate(new PlanningSettingsEdit(366, 99.95m, 2.5m, 0));

        Assert.Equal(["leadTimeDays", "serviceLevelPercent", "moq", "packSize"], errors.Select(e => e.Field));
        Assert.Contains("0 to 365", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(["leadTimeDays"], PlanningSettings.Validate(new PlanningSettingsEdit(LeadTimeDays: 1.5m)).Select(e => e.Field));
        Assert.Equal(["serviceLevelPercent"], PlanningSettings.Validate(new PlanningSettingsEdit(ServiceLevelPercent: 49.9m)).Select(e => e.Field));
    }

    [Fact]
    public void Effective_TakesThePlannersValue_WhereThereIsOne_AndTheImportedOneElsewhere()
    {
        var product = new Product { Id = 7, Family = "Bearings", LeadTimeDays = 14, Moq = 50, PackSize = 10 };
        var options = new InventoryOptions { CycleServiceLevel = 0.95, FamilyServiceLevels = new() { ["Bearings"] = 0.98 } };

        var imported = PlanningSettings.Effective(product, null, options);
        var planned = PlanningSettings.Effective(product, new ProductPlanningOverride { ProductId = 7, LeadTimeDays = 30, CycleServiceLevel = 0.9 }, options);

        Assert.Equal((14, 0.98, 50m, 10m), (imported.LeadTimeDays, imported.CycleServiceLevel, imported.Moq, imported.PackSize));
        Assert.Equal((30, 0.9, 50m, 10m), (planned.LeadTimeDays, planned.CycleServiceLevel, planned.Moq, planned.PackSize));
    }

    [Fact]
    public void Apply_ReplacesTheMeanOfOverriddenWeeksOnly_AndScalesTheirQuantiles()
    {
        var week1 = new DateOnly(2026, 12, 7);
        var week2 = week1.AddDays(7);
        var week3 = week2.AddDays(7);
        DemandForecast Row(DateOnly start, int step) => new()
        {
            ProductId = 1, PeriodStart = start, Step = step, Mean = 10, P10 = 4, P25 = 7, P75 = 13, P90 = 16, Model = "ets",
        };
        IReadOnlyList<DemandForecast> rows = [Row(week1, 1), Row(week2, 2), Row(week3, 3)];
        ForecastOverride[] overrides =
        [
            new() { ProductId = 1, PeriodStart = week2, Kind = ForecastOverrideKind.Percent, Value = 50 },
            new() { ProductId = 1, PeriodStart = week3, Kind = ForecastOverrideKind.Absolute, Value = 2 },
            new() { ProductId = 2, PeriodStart = week1, Kind = ForecastOverrideKind.Absolute, Value = 99 },
        ];

        var applied = ForecastOverrides.Apply(rows, overrides);

        Assert.Same(rows[0], applied[0]);
        Assert.Equal((15.0, 6.0, 24.0), (applied[1].Mean, applied[1].P10, applied[1].P90));
        Assert.Equal((2.0, 0.8, 3.2), (applied[2].Mean, Math.Round(applied[2].P10, 9), Math.Round(applied[2].P90, 9)));
        Assert.Equal(10, rows[1].Mean);
    }
}

public sealed class PurchaseProposalsCsvTests
{
    [Fact]
    public void ToCsv_ListsProposalsBySupplier_WithInvariantValues_AndDefusedText()
    {
        var at = new DateTimeOffset(2026, 12, 7, 8, 30, 0, TimeSpan.Zero);
        PurchaseProposal[] proposals =
        [
            new() { Key = "B-1@2026-11-27", Sku = "B-1", Supplier = "Zeta", Quantity = 1200, SuggestedQuantity = 1200, PlanAsOf = new(2026, 11, 27), ApprovedBy = "p@x", ApprovedAt = at },
            new() { Key = "=A@2026-11-27", Sku = "=A", Supplier = "Alpha", Unit = "PCS", Quantity = 60, SuggestedQuantity = 50, OrderBy = new(2026, 12, 1), PlanAsOf = new(2026, 11, 27), ApprovedBy = "p@x", ApprovedAt = at },
        ];

        var lines = System.Text.Encoding.UTF8.GetString(PurchaseProposals.ToCsv(proposals)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("proposal_key,supplier,sku,quantity,unit,order_by,suggested_quantity,plan_as_of,approved_by,approved_at_utc", lines[0]);
        Assert.Equal("'=A@2026-11-27,Alpha,'=A,60,PCS,2026-12-01,50,2026-11-27,p@x,2026-12-07T08:30:00Z", lines[1]);
        Assert.StartsWith("B-1@2026-11-27,Zeta,B-1,1200,,,1200,", lines[2], StringComparison.Ordinal);
    }
}
