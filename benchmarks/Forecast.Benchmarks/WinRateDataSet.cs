using System.Globalization;
using Forecast.Modeling.WinRates;
using nietras.SeparatedValues;

namespace Forecast.Benchmarks;

/// <summary>
/// Reads the Maven Analytics "CRM Sales Opportunities" files (sales_pipeline, accounts, products, sales_teams)
/// into deals the win-probability model can use without leakage:
/// <list type="bullet">
/// <item>the amount is the product's list price: <c>close_value</c> is 0 for every lost deal, so it is the outcome;</item>
/// <item>the stage of a closed deal is its outcome, so the only stage the model sees is "Engaging", observed on
/// the engage date (the data set keeps no stage history);</item>
/// <item>the opened day is the engage date; Prospecting deals have no date at all and are left out;</item>
/// <item>the pipeline's <c>GTXPro</c> is products.csv's <c>GTX Pro</c>, and the sector typo <c>technolgy</c> is mended.</item>
/// </list>
/// There are no activities and no ERP history in this data set.
/// </summary>
internal sealed class WinRateDataSet
{
    public required IReadOnlyList<Deal> Deals { get; init; }
    public required DealHistoryData History { get; init; }
    public int SkippedWithoutDate { get; init; }
    public int Rows { get; init; }

    public static WinRateDataSet Load(string folder)
    {
        string PathOf(string file)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
                throw new FileNotFoundException($"{path} is missing: --data must be the crm-sales-opportunities folder (sales_pipeline.csv, accounts.csv, products.csv, sales_teams.csv).", path);
            return path;
        }

        var prices = Read(PathOf("products.csv")).ToDictionary(r => r["product"], r => r, StringComparer.Ordinal);
        var accounts = Read(PathOf("accounts.csv")).ToDictionary(r => r["account"], r => r, StringComparer.Ordinal);
        var teams = Read(PathOf("sales_teams.csv")).ToDictionary(r => r["sales_agent"], r => r, StringComparer.Ordinal);

        var deals = new List<Deal>();
        var observations = new List<DealObservation>();
        var rows = 0;
        var skipped = 0;
        foreach (var r in Read(PathOf("sales_pipeline.csv")))
        {
            rows++;
            if (string.IsNullOrEmpty(r["engage_date"]))
            {
                skipped++;
                continue;
            }
            var product = r["product"] == "GTXPro" ? "GTX Pro" : r["product"];
            var opened = DateOnly.ParseExact(r["engage_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var outcome = r["deal_stage"] switch
            {
                "Won" => DealOutcome.Won,
                "Lost" => DealOutcome.Lost,
                _ => DealOutcome.Open,
            };
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            var measures = new Dictionary<string, double>(StringComparer.Ordinal);
            if (prices.TryGetValue(product, out var p))
                attributes["series"] = p["series"];
            string? account = string.IsNullOrEmpty(r["account"]) ? null : r["account"];
            if (account is not null && accounts.TryGetValue(account, out var a))
            {
                attributes["sector"] = a["sector"] == "technolgy" ? "technology" : a["sector"];
                attributes["office"] = a["office_location"];
                attributes["subsidiary"] = string.IsNullOrEmpty(a["subsidiary_of"]) ? "no" : "yes";
                measures["revenue"] = Number(a["revenue"]);
                measures["employees"] = Number(a["employees"]);
                measures["established"] = Number(a["year_established"]);
            }
            if (teams.TryGetValue(r["sales_agent"], out var t))
                attributes["region"] = t["regional_office"];

            var deal = new Deal(r["opportunity_id"], opened)
            {
                AccountKey = account,
                RepKey = r["sales_agent"],
                TeamKey = t?["manager"],
                Outcome = outcome,
                ClosedOn = string.IsNullOrEmpty(r["close_date"]) ? null : DateOnly.ParseExact(r["close_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Amount = p is null ? null : Number(p["sales_price"]),
                ProductFamily = product,
                Attributes = attributes,
                Measures = measures,
            };
            deals.Add(deal);
            observations.Add(new DealObservation(deal.Id, opened, "Engaging", null));
        }
        return new WinRateDataSet
        {
            Deals = deals,
            History = new DealHistoryData { Deals = deals, Observations = observations },
            SkippedWithoutDate = skipped,
            Rows = rows,
        };
    }

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    private static List<Dictionary<string, string>> Read(string path)
    {
        using var csv = Sep.New(',').Reader(o => o with { HasHeader = true, Unescape = true }).FromFile(path);
        var header = csv.Header.ColNames;
        var result = new List<Dictionary<string, string>>();
        foreach (var row in csv)
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in header)
                cells[name] = row[name].ToString();
            result.Add(cells);
        }
        return result;
    }
}
