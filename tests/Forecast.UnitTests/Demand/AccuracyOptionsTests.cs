using Forecast.Core.Accuracy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forecast.UnitTests.Demand;

// The accuracy feature scores the demand stage's forecasts; its tests sit here because a Forecast.UnitTests.Accuracy namespace would hide Modeling's Accuracy class from the other tests.
public sealed class AccuracyOptionsTests
{
    private static AccuracyOptions Resolve(params (string Key, string Value)[] settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config);
        services.AddAccuracy();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AccuracyOptions>>().Value;
    }

    [Fact]
    public void Defaults_AreTheDocumentedRule()
    {
        var o = Resolve();
        Assert.Equal((1.3, 4, 13, 8, 1), (o.DriftFactor, o.RecentWeeks, o.TrailingWeeks, o.MinTrailingWeeks, o.DriftStep));
    }

    [Theory]
    [InlineData("Accuracy:DriftFactor", "0.9")]
    [InlineData("Accuracy:RecentWeeks", "0")]
    [InlineData("Accuracy:MinTrailingWeeks", "20")]
    public void Validation_RefusesASettingThatCannotWork(string key, string value)
    {
        var e = Assert.Throws<OptionsValidationException>(() => Resolve((key, value)));
        Assert.Contains(key.Split(':')[1], e.Message, StringComparison.Ordinal);
    }
}
