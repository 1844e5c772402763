using System.Globalization;
using Forecast.Modeling.Lifetimes;

namespace Forecast.UnitTests.Lifetimes;

/// <summary>The CDNOW 2,357-customer sample summarised for the 39-week calibration (Fixtures/README.md).</summary>
internal static class CdnowFixture
{
    private static readonly Lazy<(RepeatPurchaseSummary[] Customers, int[] Holdout, SpendSummary[] Spend)> Data = new(Load);

    public static RepeatPurchaseSummary[] Customers => Data.Value.Customers;

    /// <summary>Transactions of each customer in the 39-week holdout (x_star), in the same order.</summary>
    public static int[] Holdout => Data.Value.Holdout;

    /// <summary>Repeat transactions and their mean value (z̄, USD) of each customer, in the same order.</summary>
    public static SpendSummary[] Spend => Data.Value.Spend;

    private static (RepeatPurchaseSummary[], int[], SpendSummary[]) Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Lifetimes", "Fixtures", "cdnow_sample_cbs.csv");
        var lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToArray();
        var customers = new RepeatPurchaseSummary[lines.Length];
        var holdout = new int[lines.Length];
        var spend = new SpendSummary[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            customers[i] = new RepeatPurchaseSummary(
                double.Parse(f[2], CultureInfo.InvariantCulture),
                double.Parse(f[3], CultureInfo.InvariantCulture),
                double.Parse(f[4], CultureInfo.InvariantCulture));
            holdout[i] = int.Parse(f[6], CultureInfo.InvariantCulture);
            spend[i] = new SpendSummary(customers[i].Frequency, double.Parse(f[5], CultureInfo.InvariantCulture));
        }
        return (customers, holdout, spend);
    }
}
