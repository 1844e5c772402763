using System.Text.RegularExpressions;
using Forecast.Core.Access;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Forecast.IntegrationTests.Infrastructure;
using Forecast.Web.Pages.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Web;

/// <summary>
/// The codes the database keeps in English (order status, activity kind, link method, owner reason, run status, stage,
/// outbox status) reach a zh-TW reader in Chinese, on the demo world's real rows.
/// </summary>
public sealed partial class TraditionalChinesePagesTests(DemoWebApp demo, Browser browser) : IClassFixture<DemoWebApp>, IClassFixture<Browser>
{
    private async Task<IPage> SignedInAsync(IssuedLogin login)
    {
        var page = await browser.NewPageAsync(demo.App.BaseAddress, "zh-TW");
        await Browser.SignInAsync(page, login.Email, login.Password);
        return page;
    }

    private static async Task AssertNoEnglishAsync(ILocator cells, string what)
    {
        var texts = await cells.AllInnerTextsAsync();
        Assert.True(texts.Count > 0, $"no {what} on the page: the test would prove nothing");
        var english = texts.Where(t => Latin().IsMatch(t)).Distinct().ToList();
        Assert.True(english.Count == 0, $"{what} left in English: {string.Join(", ", english)}");
    }

    [Fact]
    public async Task Customer360_ShowsOrderStatusActivityKindLinkMethodAndOwnerReasonInChinese()
    {
        var page = await SignedInAsync(demo.RepA.Login);
        var own = await demo.CustomerOwnedByAsync(demo.RepA.RepId);

        await page.GotoAsync($"/reps/customers/{own}");

        await AssertNoEnglishAsync(page.Locator("#orders tbody td:nth-child(3)"), "order statuses");
        await AssertNoEnglishAsync(page.Locator("#activities tbody td:nth-child(2)"), "activity kinds");
        await AssertNoEnglishAsync(page.Locator("#accounts tbody td:nth-child(3)"), "link methods");
        var main = await page.InnerTextAsync("main");
        foreach (var word in new[] { "Meeting", "Call", "Visit", "Shipped", "Invoiced", "Linked by", "Why this owner", "owner of", "most active rep" })
            Assert.False(Regex.IsMatch(main, $@"\b{word}\b"), $"'{word}' on the zh-TW customer page");
        Assert.DoesNotContain("owner of", await page.InnerTextAsync("#owner-reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminPage_ShowsStatusesStagesAndModelKindsInChinese()
    {
        var page = await SignedInAsync(demo.App.Logins[Roles.Admin]);

        await page.GotoAsync("/admin");

        await AssertNoEnglishAsync(page.Locator("main td[class^='status-']"), "statuses");
        await AssertNoEnglishAsync(page.Locator("main button.secondary[name=stage]"), "stage buttons");
        await AssertNoEnglishAsync(page.Locator("#models tbody td:nth-child(1), #prediction-runs tbody td:nth-child(1)"), "model kinds");
        var main = await page.InnerTextAsync("main");
        foreach (var word in new[] { "Succeeded", "Queued", "win-probability" })
            Assert.False(Regex.IsMatch(main, $@"\b{word}\b"), $"'{word}' on the zh-TW admin page");

        // Metric names and their worded values: Chinese, but for the names of scores that have none (AUC, MASE, Brier).
        var metrics = (await page.Locator("#models dt, #models dd, #prediction-runs dt, #prediction-runs dd").AllInnerTextsAsync())
            .Select(t => Regex.Replace(t, @"\b(AUC|MASE|Brier|P)\b", "")).ToList();
        Assert.True(metrics.Count > 40, $"only {metrics.Count} metric cells: the test would prove little");
        var english = metrics.Where(t => Latin().IsMatch(t)).Distinct().ToList();
        Assert.True(english.Count == 0, "metrics left in English: " + string.Join(" | ", english));
        // Times say which zone they are in: the business zone (Asia/Taipei), not the server's UTC without a word.
        Assert.All(await page.Locator("#prediction-runs tbody td:nth-child(6)").AllInnerTextsAsync(), t => Assert.EndsWith("UTC+8", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryMetricTheStagesWrite_HasAName()
    {
        // A stage that adds a metric to its summary must name it (RunMetrics.Names) or the admin page shows a humanised key.
        await using var scope = demo.App.Services.CreateAsyncScope();
        var history = scope.ServiceProvider.GetRequiredService<RunHistory>();
        var paths = (await history.VersionsAsync(1, default)).SelectMany(m => RunMetrics.Leaves(m.Metrics).Select(l => $"model {m.Kind}: {l.Path}"))
            .Concat((await history.LatestRunsAsync(default)).SelectMany(r => RunMetrics.Leaves(r.Metrics).Select(l => $"run {r.Kind}: {l.Path}")))
            .ToList();
        Assert.True(paths.Count > 40, $"only {paths.Count} metrics: did the pipeline run?");
        var unnamed = paths.Where(p => RunMetrics.Find(p[(p.IndexOf(": ", StringComparison.Ordinal) + 2)..]) is null).ToList();
        Assert.True(unnamed.Count == 0, "metrics without a name:\n" + string.Join("\n", unnamed));
    }

    [Fact]
    public async Task AdminPage_ShowsMetricNamesAsWords_InEnglish()
    {
        var page = await browser.NewPageAsync(demo.App.BaseAddress);
        var login = demo.App.Logins[Roles.Admin];
        await Browser.SignInAsync(page, login.Email, login.Password);
        await page.GotoAsync("/admin");

        var names = await page.Locator("#models dt, #prediction-runs dt").AllInnerTextsAsync();
        Assert.Contains("Mean backtest MASE (below 1 beats the naive forecast)", names);
        Assert.Contains("Validation: AUC (0.5 = chance)", names);
        Assert.DoesNotContain(names, n => Regex.IsMatch(n, "[a-z][A-Z]|[a-z]\\.[a-z]") || n.EndsWith(':'));
    }

    [Fact]
    public async Task Pages_ShowWholeUnitsForPieces_AndMoneyWithItsCurrency()
    {
        var rep = await browser.NewPageAsync(demo.App.BaseAddress);
        await Browser.SignInAsync(rep, demo.RepA.Login.Email, demo.RepA.Login.Password);
        await rep.GotoAsync($"/reps/customers/{await demo.CustomerOwnedByAsync(demo.RepA.RepId)}");
        var values = await rep.Locator("#orders tbody td:nth-child(5)").AllInnerTextsAsync();
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.Matches(@"^-?(TWD [\d,]+|USD [\d,]+\.\d\d)$", v));
        Assert.DoesNotMatch(@"\b1 (days|invoices)\b", await rep.InnerTextAsync("main"));

        var planner = await browser.NewPageAsync(demo.App.BaseAddress);
        var login = demo.App.Logins[Roles.Planner];
        await Browser.SignInAsync(planner, login.Email, login.Password);
        var top = await demo.TopAtRiskAsync();
        await planner.GotoAsync($"/planner/products/{top.ProductId}");
        Assert.Matches(@"^[\d,]+$", await planner.InnerTextAsync("#kpi-reorder-point"));
    }

    [Fact]
    public async Task CustomerPages_KeepEachCurrencyApart_AndWarnAboveTheCreditLimit()
    {
        // A TWD customer who also owes a USD invoice: the totals are two amounts, never one sum in no currency.
        var customerId = await demo.CustomerOwnedByAsync(demo.RepA.RepId);
        Invoice usd;
        decimal? creditLimit;
        await using (var db = demo.App.Database.CreateContext())
        {
            var erpId = await db.UnifiedCustomers.Where(c => c.Id == customerId).Select(c => c.ErpCustomerId!.Value).SingleAsync();
            var erp = await db.ErpCustomers.SingleAsync(c => c.Id == erpId);
            Assert.Equal("TWD", await db.Invoices.Where(i => i.CustomerId == erpId).OrderByDescending(i => i.InvoiceDate).Select(i => i.Currency).FirstAsync());
            usd = new Invoice
            {
                SourceSystem = "test", SourceKey = "USD-1", InvoiceNumber = "USD-1", CustomerId = erpId, InvoiceDate = demo.World.Options.AsOf.AddDays(-90),
                DueDate = demo.World.Options.AsOf.AddDays(-60), Amount = 1234.5m, PaidAmount = 0, Currency = "USD", UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Invoices.Add(usd);
            creditLimit = erp.CreditLimit;
            erp.CreditLimit = 1000;
            await db.SaveChangesAsync();
        }
        try
        {
            var page = await browser.NewPageAsync(demo.App.BaseAddress);
            await Browser.SignInAsync(page, demo.RepA.Login.Email, demo.RepA.Login.Password);
            await page.GotoAsync($"/reps/customers/{customerId}");
            Assert.Matches(@"^TWD [\d,]+ · USD 1,234\.50$", await page.InnerTextAsync("#kpi-overdue"));
            Assert.Matches(@"^TWD [\d,]+ · USD 1,234\.50$|^USD 1,234\.50 · TWD [\d,]+$", await page.InnerTextAsync("#kpi-open"));
            Assert.Contains("TWD", await page.InnerTextAsync("#over-credit-limit"), StringComparison.Ordinal);
            Assert.All(await page.Locator("#opportunities tbody td:nth-child(3)").AllInnerTextsAsync(), a => Assert.Matches(@"^TWD [\d,]+$", a));

            await page.GotoAsync("/reps/customers");
            var open = await page.Locator("#customers tbody td:nth-child(4)").AllInnerTextsAsync();
            Assert.Contains(open, t => t.Contains("USD 1,234.50", StringComparison.Ordinal) && t.Contains("TWD", StringComparison.Ordinal));
            Assert.All(open, t => Assert.Matches(@"^(0|(TWD [\d,]+|USD [\d,]+\.\d\d)( · (TWD [\d,]+|USD [\d,]+\.\d\d))*)$", t));
        }
        finally
        {
            await using var db = demo.App.Database.CreateContext();
            await db.Invoices.Where(i => i.SourceSystem == "test" && i.SourceKey == "USD-1").ExecuteDeleteAsync();
            await db.ErpCustomers.Where(c => c.Id == usd.CustomerId).ExecuteUpdateAsync(u => u.SetProperty(c => c.CreditLimit, creditLimit));
        }
    }

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex Latin();
}
