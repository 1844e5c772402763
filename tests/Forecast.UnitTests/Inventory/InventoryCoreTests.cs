using System.ComponentModel.DataAnnotations;
using Forecast.Core.Inventory;

namespace Forecast.UnitTests.Inventory;

public sealed class InventoryCoreTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 27);

    private static List<ValidationResult> Validate(InventoryOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Validate_AcceptsTheDefaults_AndRefusesOutOfRangeValues()
    {
        Assert.Empty(Validate(new InventoryOptions()));
        Assert.Single(Validate(new InventoryOptions { CycleServiceLevel = 1.2 }));
        Assert.Single(Validate(new InventoryOptions { FillRate = 0.2 }));
        Assert.Single(Validate(new InventoryOptions { SimulationPaths = 5 }));
        Assert.Single(Validate(new InventoryOptions { PeriodCorrelation = -0.1 }));
        var family = Assert.Single(Validate(new InventoryOptions { FamilyServiceLevels = new() { ["Bearings"] = 1.0 } }));
        Assert.Contains("Bearings", family.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceLevelFor_UsesTheFamilyOverride_WhenThereIsOne()
    {
        var options = new InventoryOptions { CycleServiceLevel = 0.9, FamilyServiceLevels = new() { ["Bearings"] = 0.98 } };

        Assert.Equal(0.98, options.ServiceLevelFor("Bearings"));
        Assert.Equal(0.9, options.ServiceLevelFor("Gears"));
        Assert.Equal(0.9, options.ServiceLevelFor(null));
    }

    [Fact]
    public void ToModel_FillsTheDaysBeforeTheFirstPeriod_ProRata_WhenTheGridStartsLate()
    {
        // Weeks start on Monday 2026-11-30; the projection starts on Saturday 11-28: two days of the first week's rate.
        var monday = new DateOnly(2026, 11, 30);
        var forecast = new ProductDemandForecast([monday, monday.AddDays(7)], monday.AddDays(14), [70, 35], [0.1, 0.5, 0.9], [[0, 70, 140], [0, 35, 70]]);
        var notes = new List<string>();

        var model = InventoryStage.ToModel(forecast, AsOf, notes);

        Assert.Equal([AsOf.AddDays(1), monday, monday.AddDays(7)], model.Grid.Starts);
        Assert.Equal([0, 20, 40], model.Periods[0].Values.Select(v => Math.Round(v, 9)));
        Assert.Equal(20, model.MeanOf(0), 6);
        Assert.Equal(70, model.MeanOf(1), 6);
        Assert.Single(notes);
    }

    [Fact]
    public void ToModel_Throws_WhenTheShapesDoNotAgree()
    {
        var day = AsOf.AddDays(1);
        var forecast = new ProductDemandForecast([day, day.AddDays(7)], day.AddDays(14), [70], [0.5], [[70], [70]]);

        Assert.Throws<ArgumentException>(() => InventoryStage.ToModel(forecast, AsOf, []));
    }

    [Fact]
    public void ProductSeed_DependsOnSeedAndProductOnly_AndSpreads()
    {
        Assert.Equal(InventoryStage.ProductSeed(42, 7), InventoryStage.ProductSeed(42, 7));
        Assert.NotEqual(InventoryStage.ProductSeed(42, 7), InventoryStage.ProductSeed(42, 8));
        Assert.NotEqual(InventoryStage.ProductSeed(42, 7), InventoryStage.ProductSeed(43, 7));
        var seeds = Enumerable.Range(1, 10_000).Select(id => InventoryStage.ProductSeed(42, id)).ToList();
        Assert.Equal(seeds.Count, seeds.Distinct().Count());
        Assert.All(seeds, s => Assert.True(s >= 0));
    }
}
