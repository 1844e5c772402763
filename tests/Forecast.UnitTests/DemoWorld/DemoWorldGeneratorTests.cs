using System.Globalization;
using System.Security.Cryptography;
using Forecast.Core.Data;
using Forecast.DemoWorld;

namespace Forecast.UnitTests.DemoWorld;

public sealed class DemoWorldGeneratorTests
{
    private static readonly DemoWorldOptions Small = new() { Customers = 60, Products = 40, Years = 2 };
    private static readonly Lazy<Forecast.DemoWorld.DemoWorld> SmallWorld = new(() => DemoWorldGenerator.Generate(Small));

    [Fact]
    public void Write_GivesTheSameBytes_WhenTheSeedIsTheSame()
    {
        var a = WriteToTemp(DemoWorldGenerator.Generate(Small));
        var b = WriteToTemp(DemoWorldGenerator.Generate(Small));
        var c = WriteToTemp(DemoWorldGenerator.Generate(Small with { Seed = 7 }));
        try
        {
            Assert.Equal(Hashes(a), Hashes(b));
            Assert.NotEqual(Hashes(a)["erp/SO_LINE.csv"], Hashes(c)["erp/SO_LINE.csv"]);
        }
        finally
        {
            foreach (var dir in new[] { a, b, c })
                Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Write_WritesTheDocumentedFilesAndColumns_WhenGivenAWorld()
    {
        var dir = WriteToTemp(SmallWorld.Value);
        try
        {
            var expected = new Dictionary<string, string>
            {
                ["erp/CUSTOMER.csv"] = "CUST_NO,CUST_NM,TAX_ID,CNTRY,LANG,PAY_TERM,CREDIT_LMT,EMAIL",
                ["erp/ITEM.csv"] = "ITEM_NO,ITEM_DESC,FAMILY,UOM,VENDOR,LT_DAYS,MOQ,PACK_QTY,STD_COST,LIST_PRICE",
                ["erp/SO_HEADER.csv"] = "SO_NO,CUST_NO,SO_DATE,REQ_DATE,STATUS,CURR",
                ["erp/SO_LINE.csv"] = "SO_NO,LINE_NO,ITEM_NO,QTY,PRICE,RTN_FLAG",
                ["erp/AR_INVOICE.csv"] = "INV_NO,CUST_NO,SO_NO,INV_DATE,DUE_DATE,AMT,PAID_AMT,CURR",
                ["erp/STOCK.csv"] = "ITEM_NO,WH,QTY_ON_HAND,AS_OF",
                ["erp/PO_OPEN.csv"] = "PO_NO,LINE_NO,ITEM_NO,QTY,ETA,VENDOR",
                ["erp/ITEM_COST.csv"] = "ITEM_NO,EFF_DATE,UNIT_COST",
                ["crm/Users.csv"] = "User_Id,Full_Name,Email,Team,Is_Active",
                ["crm/Accounts.csv"] = "Account_Id,Client_Name,Email_Domain,Tax_Number,Country,Phone,Owner_Id,City,Address",
                ["crm/Contacts.csv"] = "Contact_Id,Account_Id,Contact_Name,Email,Phone,Preferred_Language,Email_Opt_Out,Nickname",
                ["crm/Opportunities.csv"] = "Opportunity_Id,Account_Id,Owner_Id,Opportunity_Name,Stage,Amount,Created_Date,Close_Date,Closed_Date,Status,Lead_Source",
                ["crm/Opportunity_Products.csv"] = "Line_Id,Opportunity_Id,Product_Code,Quantity,Sales_Price",
                ["crm/Activities.csv"] = "Activity_Id,Account_Id,Owner_Id,Contact_Id,Type,Activity_Date,Subject",
                ["truth/customer_links.csv"] = "Account_Id,CUST_NO",
                ["truth/reorder_cycles.csv"] = "CUST_NO,ITEM_NO,mean_cycle_days,cycle_cv,mean_qty,start_date,churn_date,growth_per_year,pattern",
                ["truth/opportunities.csv"] = "Opportunity_Id,true_win_probability,price_ratio,price_logit_intercept,price_logit_slope",
                ["truth/cost_changes.csv"] = "ITEM_NO,EFF_DATE,UNIT_COST,reason",
                ["truth/owner_conflicts.csv"] = "CUST_NO,Account_Ids,User_Ids,reason",
            };
            foreach (var (file, header) in expected)
            {
                var bytes = File.ReadAllBytes(Path.Combine(dir, file));
                Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, $"{file} starts with a BOM");
                var firstLine = File.ReadLines(Path.Combine(dir, file)).First();
                Assert.Equal(header, firstLine);
                Assert.True(File.ReadLines(Path.Combine(dir, file)).Skip(1).Any() || file.Contains("conflicts", StringComparison.Ordinal), $"{file} has no rows");
            }
            Assert.True(File.Exists(Path.Combine(dir, "truth/world.json")));
            Assert.Equal(Small.Customers + 1, File.ReadLines(Path.Combine(dir, "erp/CUSTOMER.csv")).Count());
            Assert.Equal(Small.Products + 1, File.ReadLines(Path.Combine(dir, "erp/ITEM.csv")).Count());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(2024, 5, 2, "113/05/02")]
    [InlineData(2011, 1, 1, "100/01/01")]
    [InlineData(2010, 12, 31, "099/12/31")]
    public void Roc_WritesMinguoYears_WhenGivenADate(int year, int month, int day, string expected)
    {
        Assert.Equal(expected, DemoWorldWriter.Roc(new DateOnly(year, month, day)));
    }

    [Fact]
    public void Generate_GivesValidTaiwaneseTaxIds_WhenCustomersAreDomestic()
    {
        int[] weights = [1, 2, 1, 2, 1, 2, 4, 1];
        var ids = SmallWorld.Value.Customers.Where(c => c.TaxId is not null).Select(c => c.TaxId!).ToList();
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            var sum = id.Select((ch, i) => (ch - '0') * weights[i]).Sum(p => (p / 10) + (p % 10));
            Assert.True(sum % 10 == 0, $"{id}: weighted digit sum {sum}");
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Histories_RealiseTheTrueCycles_WhenPairsHaveEnoughOrders()
    {
        var world = SmallWorld.Value;
        var dates = new Dictionary<(string, string), List<DateOnly>>();
        foreach (var h in world.Histories())
        {
            foreach (var o in h.Orders.Where(o => o.OpportunityId is null))
            {
                foreach (var l in o.Lines.Where(l => !l.IsReturn))
                {
                    var key = (o.Customer.Code, l.Product.Sku);
                    if (!dates.TryGetValue(key, out var list))
                        dates[key] = list = [];
                    list.Add(o.OrderDate);
                }
            }
        }
        var ratios = new List<double>();
        foreach (var c in world.Customers)
        {
            foreach (var p in c.Pairs)
            {
                if (!dates.TryGetValue((c.Code, p.Product.Sku), out var d) || d.Count < 6)
                    continue;
                d.Sort();
                var meanGap = (d[^1].DayNumber - d[0].DayNumber) / (double)(d.Count - 1);
                ratios.Add(meanGap / p.MeanCycleDays);
            }
        }
        Assert.True(ratios.Count >= 20, $"only {ratios.Count} pairs with six orders");
        ratios.Sort();
        var median = ratios[ratios.Count / 2];
        Assert.InRange(median, 0.85, 1.15);
    }

    [Fact]
    public void Histories_OrderTheLinesOfWonDeals_WhenAnOpportunityIsWon()
    {
        var world = SmallWorld.Value;
        var won = world.Opportunities.Where(o => o.Outcome == OpportunityOutcome.Won).ToList();
        Assert.NotEmpty(won);
        var orders = world.Histories().SelectMany(h => h.Orders).Where(o => o.OpportunityId is not null).ToDictionary(o => o.OpportunityId!);
        foreach (var o in won)
        {
            var order = orders[o.Id];
            Assert.Equal(o.OrderedOn, order.OrderDate);
            Assert.True(order.OrderDate >= o.ClosedOn, $"{o.Id} ordered before it closed");
            Assert.Equal(o.Lines.Select(l => (l.Product.Sku, l.Quantity)), order.Lines.Select(l => (l.Product.Sku, l.Quantity)));
        }
        Assert.DoesNotContain(world.Opportunities, o => o.Outcome != OpportunityOutcome.Won && orders.ContainsKey(o.Id));
    }

    [Fact]
    public void Histories_HaveNoOrders_AfterACustomerChurnsOrForProspects()
    {
        var world = SmallWorld.Value;
        foreach (var h in world.Histories())
        {
            if (h.Company.Customer is null)
            {
                Assert.Empty(h.Orders);
                continue;
            }
            if (h.Company.Customer.ChurnOn is { } churn)
                Assert.DoesNotContain(h.Orders, o => o.OrderDate >= churn && o.Lines.Any(l => !l.IsReturn));
        }
        Assert.Contains(world.Customers, c => c.ChurnOn is not null);
        Assert.NotEmpty(world.Prospects);
    }

    [Fact]
    public void Generate_LeavesOpenDealsAndStockOuts_WhenTheWorldEnds()
    {
        var world = SmallWorld.Value;
        var asOf = world.Options.AsOf;
        Assert.Contains(world.Opportunities, o => o.Outcome == OpportunityOutcome.Open && o.ExpectedClose > asOf);
        var daily = world.Products.ToDictionary(p => p, _ => 0.0);
        foreach (var c in world.Customers.Where(c => c.ChurnOn is null))
        {
            foreach (var p in c.Pairs)
                daily[p.Product] += p.MeanQuantity / p.MeanCycleDays;
        }
        var onHand = world.Stock.GroupBy(s => s.Product).ToDictionary(g => g.Key, g => g.Sum(s => s.Quantity));
        Assert.Contains(world.Products, p => daily[p] > 0 && (double)onHand[p] < daily[p] * p.LeadTimeDays * 0.5);
    }

    [Fact]
    public void Generate_WritesSomeCompaniesDifferentlyInCrm_WhenAccountsAreLinked()
    {
        var linked = SmallWorld.Value.Accounts.Where(a => a.Company.Customer is not null).ToList();
        Assert.Contains(linked, a => a.Name != a.Company.Customer!.Name);
        Assert.Contains(linked, a => a.TaxNumber is null);
        Assert.Contains(linked, a => a.TaxNumber is not null);
    }

    [Fact]
    public void Validate_ExplainsTheProblem_WhenASizeIsOutOfRange()
    {
        Assert.Contains("--customers", new DemoWorldOptions { Customers = 1 }.Validate(), StringComparison.Ordinal);
        Assert.Null(new DemoWorldOptions().Validate());
    }

    private static string WriteToTemp(Forecast.DemoWorld.DemoWorld world)
    {
        var dir = Path.Combine(Path.GetTempPath(), "forecast-world-" + Guid.NewGuid().ToString("N"));
        DemoWorldWriter.Write(world, dir);
        return dir;
    }

    private static Dictionary<string, string> Hashes(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(
                f => Path.GetRelativePath(dir, f).Replace('\\', '/'),
                f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))).ToLower(CultureInfo.InvariantCulture));
}
