using System.Globalization;
using System.IO.Compression;
using Forecast.Modeling.Lifetimes;
using Forecast.Modeling.Reorder;
using nietras.SeparatedValues;

namespace Forecast.Benchmarks;

/// <summary>Reads the public data sets of the reorder benchmark into the model's inputs.</summary>
internal static class ReorderBenchmarkData
{
    /// <summary>One (customer, product, day) with the units ordered that day.</summary>
    public readonly record struct PairDay(long Customer, long Product, int Day, double Quantity);

    public sealed record OnlineRetail(IReadOnlyList<PairDay> Days, int LinesRead, int LinesKept, int Products, int Customers, DateOnly First, DateOnly Last);

    /// <summary>
    /// UCI Online Retail (CSV, optionally gzip): lines with a customer id, not cancellations (invoice number starting
    /// with C) and with a positive quantity, summed per customer, stock code and calendar day.
    /// </summary>
    public static OnlineRetail LoadOnlineRetail(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        using var csv = Open(reader);
        RequireColumns(csv, path, "InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "CustomerID");
        var products = new Dictionary<string, long>(StringComparer.Ordinal);
        var sums = new Dictionary<(long, long, int), double>();
        int read = 0, kept = 0;
        foreach (var row in csv)
        {
            read++;
            var customer = row["CustomerID"].ToString();
            var invoice = row["InvoiceNo"].ToString();
            if (string.IsNullOrWhiteSpace(customer) || invoice.StartsWith('C'))
                continue;
            var quantity = double.Parse(row["Quantity"].Span, CultureInfo.InvariantCulture);
            if (quantity <= 0)
                continue;
            kept++;
            var code = row["StockCode"].ToString();
            if (!products.TryGetValue(code, out var product))
                products[code] = product = products.Count + 1;
            var day = DateOnly.FromDateTime(DateTime.ParseExact(row["InvoiceDate"].Span[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture)).DayNumber;
            var key = (long.Parse(customer, CultureInfo.InvariantCulture), product, day);
            sums[key] = sums.GetValueOrDefault(key) + quantity;
        }
        var days = sums.Select(kv => new PairDay(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Value)).ToArray();
        return new OnlineRetail(days, read, kept, products.Count, days.Select(d => d.Customer).Distinct().Count(),
            DateOnly.FromDayNumber(days.Min(d => d.Day)), DateOnly.FromDayNumber(days.Max(d => d.Day)));
    }

    /// <summary>
    /// The demo world of <paramref name="seed"/> at its default size and as-of day (Forecast.DemoWorld), as the
    /// reorder job reads it after an import: lines of orders not cancelled, not returns and with a positive quantity,
    /// summed per customer, product and order day. Its truth is the generator's, so a holdout after an earlier cutoff
    /// scores the model on data it was not fitted to, with cycles it was written against (Gamma renewals).
    /// </summary>
    public static (IReadOnlyList<PairDay> Days, DateOnly AsOf) LoadDemoWorld(int seed)
    {
        var world = Forecast.DemoWorld.DemoWorldGenerator.Generate(new Forecast.DemoWorld.DemoWorldOptions { Seed = seed });
        var sums = new Dictionary<(long, long, int), double>();
        foreach (var history in world.Histories())
        {
            foreach (var order in history.Orders.Where(o => o.Status != Forecast.Core.Data.SalesOrderStatus.Cancelled))
            {
                foreach (var line in order.Lines.Where(l => !l.IsReturn && l.Quantity > 0))
                {
                    var key = ((long)order.Customer.Index, (long)line.Product.Index, order.OrderDate.DayNumber);
                    sums[key] = sums.GetValueOrDefault(key) + (double)line.Quantity;
                }
            }
        }
        return (sums.Select(kv => new PairDay(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Value)).ToArray(), world.Options.AsOf);
    }

    /// <summary>Pair histories from the days on or before <paramref name="cutoff"/>, and each pair's first order day in (cutoff, end].</summary>
    public static (List<PairHistory> Pairs, Dictionary<(long, long), int> FirstAfter) Split(IReadOnlyList<PairDay> days, int cutoff, int end)
    {
        var pairs = new List<PairHistory>();
        var firstAfter = new Dictionary<(long, long), int>();
        foreach (var group in days.Where(d => d.Day <= end).GroupBy(d => (d.Customer, d.Product)))
        {
            var ordered = group.OrderBy(d => d.Day).ToArray();
            var before = ordered.Where(d => d.Day <= cutoff).ToArray();
            if (before.Length == 0)
                continue;
            pairs.Add(new PairHistory(group.Key.Customer, group.Key.Product, before.Select(d => d.Day).ToArray(), before.Select(d => d.Quantity).ToArray()));
            var after = ordered.FirstOrDefault(d => d.Day > cutoff);
            if (after.Day > cutoff)
                firstAfter[group.Key] = after.Day;
        }
        return (pairs, firstAfter);
    }

    /// <summary>The CDNOW calibration/holdout summary (columns x, t_x, T, x_star; see the data set's SOURCE.md).</summary>
    public static (RepeatPurchaseSummary[] Customers, int[] Holdout) LoadCdnowSummary(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = Open(reader);
        RequireColumns(csv, path, "x", "t_x", "T", "x_star");
        var customers = new List<RepeatPurchaseSummary>();
        var holdout = new List<int>();
        foreach (var row in csv)
        {
            customers.Add(new RepeatPurchaseSummary(Number(row, "x"), Number(row, "t_x"), Number(row, "T")));
            holdout.Add((int)Number(row, "x_star"));
        }
        return (customers.ToArray(), holdout.ToArray());
    }

    private static SepReader Open(TextReader reader) => Sep.New(',').Reader(o => o with { HasHeader = true, Unescape = true }).From(reader);

    private static double Number(SepReader.Row row, string column) => double.Parse(row[column].Span, CultureInfo.InvariantCulture);

    private static void RequireColumns(SepReader csv, string path, params string[] columns)
    {
        var missing = columns.Where(c => !csv.Header.ColNames.Contains(c)).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException($"{path} lacks column(s) {string.Join(", ", missing)}; it has {string.Join(", ", csv.Header.ColNames)}.");
    }
}
