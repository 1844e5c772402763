using Forecast.Cli.Customers;
using Forecast.Core.Customers;
using Forecast.DemoWorld;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forecast.IntegrationTests.Customers;

/// <summary>The CLI commands against a real database: unify, review with accept/reject, conflicts.</summary>
public sealed class CustomersCommandsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Review_AppliesTheDecision_WhenACandidateIsAcceptedOrRejected()
    {
        await database.ResetAsync();
        var world = DemoWorldGenerator.Generate(new DemoWorldOptions { Customers = 60, Products = 40, Years = 2 });
        await using (var db = database.CreateContext())
            await DemoWorldSeeder.SeedAsync(db, world, DemoSeedParts.MasterData | DemoSeedParts.Activities);

        var previous = Environment.GetEnvironmentVariable("ConnectionStrings__Forecast");
        Environment.SetEnvironmentVariable("ConnectionStrings__Forecast", database.ConnectionString);
        try
        {
            Assert.Equal(0, await InvokeAsync("customers", "unify", "--as-of", "2026-11-27"));
            long rejected, accountOfRejected;
            await using (var db = database.CreateContext())
            {
                var auto = await db.CustomerMatchCandidates.OrderBy(c => c.Id).FirstAsync(c => c.Decision == MatchDecision.AutoLinked);
                (rejected, accountOfRejected) = (auto.Id, auto.CrmAccountId);
            }

            Assert.Equal(0, await InvokeAsync("customers", "review", "--reject", rejected.ToString(System.Globalization.CultureInfo.InvariantCulture), "--by", "tester"));
            Assert.Equal(2, await InvokeAsync("customers", "review", "--accept", "999999"));
            Assert.Equal(0, await InvokeAsync("customers", "conflicts"));

            await using var check = database.CreateContext();
            var row = await check.CustomerMatchCandidates.SingleAsync(c => c.Id == rejected);
            Assert.Equal(MatchDecision.Rejected, row.Decision);
            Assert.Equal("tester", row.DecidedBy);
            var link = await check.CustomerAccountLinks.Include(l => l.UnifiedCustomer).SingleAsync(l => l.CrmAccountId == accountOfRejected);
            Assert.NotEqual(row.ErpCustomerId, link.UnifiedCustomer!.ErpCustomerId);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Forecast", previous);
        }
    }

    private static Task<int> InvokeAsync(params string[] args)
    {
        var root = new System.CommandLine.RootCommand();
        root.Subcommands.Add(CustomersCommands.Create());
        return root.Parse(args).InvokeAsync();
    }
}
