using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Ingest;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using System.Text.Json;

namespace Forecast.IntegrationTests.Customers;

/// <summary>Unification with several names per ERP customer and several domains per CRM account (issue 10).</summary>
public sealed class CustomerAliasUnificationTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 11, 27);
    private static readonly DateTimeOffset Stamp = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));
    private IHost? _host;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        // The production composition (not a hand-made constructor call), with the test's clock.
        _host = TestHost.CreateBuilder(database, s => s.AddSingleton<TimeProvider>(_clock)).Build();
        await using var db = database.CreateContext();
        db.ErpCustomers.AddRange(
            Customer("C0001", "台灣精密螺絲股份有限公司", null, "Taiwan Precision Screw Co., Ltd.", "TPS"),
            // Shares "Taiwan Precision" with C0001: the alias must pick the right one, not just any Taiwan Precision.
            Customer("C0002", "台灣精密機械股份有限公司", null, "Taiwan Precision Machinery Co., Ltd."),
            Customer("C0003", "大同精密工業股份有限公司", "purchasing@tatung-prec.com.tw"),
            Customer("C0004", "永進機械工業股份有限公司", "sales@ycm.com.tw"));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        _host?.Dispose();
        await Task.CompletedTask;
    }

    private static ErpCustomer Customer(string code, string name, string? email, params string[] aliases) => new()
    {
        SourceSystem = "erp", SourceKey = code, Code = code, Name = name, Email = email, Country = "TW", Aliases = [.. aliases], UpdatedAt = Stamp,
    };

    private static CrmAccount Account(string key, string name, string? domain = null) => new()
    {
        SourceSystem = "crm", SourceKey = key, Name = name, EmailDomain = domain, Country = "TW", UpdatedAt = Stamp,
    };

    private async Task<UnificationSummary> UnifyAsync()
    {
        await using var scope = _host!.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CustomerUnification>().RunAsync(AsOf, CancellationToken.None);
    }

    private async Task<(string? Customer, string Method, string? Evidence)> LinkAsync(string account)
    {
        await using var db = database.CreateContext();
        var link = await db.CustomerAccountLinks.Where(l => l.CrmAccount!.SourceKey == account)
            .Select(l => new { Customer = l.UnifiedCustomer!.ErpCustomer!.Code, l.Method, l.CrmAccountId }).SingleAsync();
        var evidence = await db.CustomerMatchCandidates.Where(c => c.CrmAccountId == link.CrmAccountId && c.Decision == MatchDecision.AutoLinked)
            .Select(c => c.Evidence).SingleOrDefaultAsync();
        return (link.Customer, link.Method, evidence);
    }

    [Fact]
    public async Task RunAsync_LinksAnEnglishAccountWithoutTaxId_ThroughTheErpCustomersEnglishAlias()
    {
        await using (var db = database.CreateContext())
        {
            db.CrmAccounts.Add(Account("ACC-1", "Taiwan Precision Screw"));
            await db.SaveChangesAsync();
        }

        await UnifyAsync();

        var (customer, method, evidence) = await LinkAsync("ACC-1");
        Assert.Equal(("C0001", "name"), (customer, method));
        Assert.Contains("English name 'Taiwan Precision Screw Co., Ltd.' equals 'Taiwan Precision Screw'", evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LinksThroughAContactsEmailDomain_WhenTheAccountHasOnlyAFreeMailDomain()
    {
        await using (var db = database.CreateContext())
        {
            var account = Account("ACC-2", "Tatung Precision", "yahoo.com.tw");
            db.CrmAccounts.Add(account);
            await db.SaveChangesAsync();
            db.Contacts.AddRange(
                new Contact { SourceSystem = "crm", SourceKey = "CON-1", AccountId = account.Id, Name = "林美玲", Email = "amy.lin@tatung-prec.com.tw", UpdatedAt = Stamp },
                new Contact { SourceSystem = "crm", SourceKey = "CON-2", AccountId = account.Id, Name = "陳志明", Email = "cm.chen@gmail.com", UpdatedAt = Stamp });
            await db.SaveChangesAsync();
        }

        await UnifyAsync();

        var (customer, method, evidence) = await LinkAsync("ACC-2");
        Assert.Equal(("C0003", "domain"), (customer, method));
        Assert.Contains("contact email domain tatung-prec.com.tw equals the ERP email's", evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LinksThroughTheWebsite_WhenTheAccountWasPushedWithOne()
    {
        await using (var db = database.CreateContext())
        {
            var importer = new ImportService(database.DataSource, db, _clock);
            using var records = JsonDocument.Parse("""[ { "key": "ACC-3", "name": "YCM", "website": "https://www.ycm.com.tw/en/index.html" } ]""");
            var pushed = await importer.ImportRecordsAsync(IngestCatalog.Find("accounts")!, "crm", records.RootElement, CancellationToken.None);
            Assert.Equal(ImportStatus.Succeeded, pushed.Status);
        }

        await UnifyAsync();

        var (customer, method, evidence) = await LinkAsync("ACC-3");
        Assert.Equal(("C0004", "domain"), (customer, method));
        Assert.Contains("website domain ycm.com.tw equals the ERP email's", evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ChangesNothing_WhenRunAgainWithAliasesAndContacts()
    {
        await using (var db = database.CreateContext())
        {
            var account = Account("ACC-4", "TPS Taiwan Precision Screw");
            db.CrmAccounts.AddRange(account, Account("ACC-5", "Taiwan Precision Machinery"));
            await db.SaveChangesAsync();
            db.Contacts.AddRange(
                new Contact { SourceSystem = "crm", SourceKey = "CON-3", AccountId = account.Id, Name = "Amy", Email = "amy@twps.com.tw", UpdatedAt = Stamp },
                new Contact { SourceSystem = "crm", SourceKey = "CON-4", AccountId = account.Id, Name = "Bob", Email = "bob@sales.twps.com.tw", UpdatedAt = Stamp });
            await db.SaveChangesAsync();
        }
        var first = await UnifyAsync();
        _clock.Advance(TimeSpan.FromDays(1));

        var second = await UnifyAsync();

        Assert.True(first.Changes > 0);
        Assert.Equal(0, second.Changes);
        Assert.Equal("C0002", (await LinkAsync("ACC-5")).Customer);
    }
}
