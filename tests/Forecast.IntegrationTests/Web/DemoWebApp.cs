using Forecast.Core.Access;
using Forecast.Core.Data;
using Forecast.Core.Inventory;
using Forecast.Core.Jobs;
using Forecast.Core.ModelStore;
using Forecast.DemoWorld;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.IntegrationTests.Web;

/// <summary>A rep login with the CRM rep it stands for, and an API token (role Rep) that acts for the same rep.</summary>
public sealed record RepLogin(long RepId, IssuedLogin Login, string Token);

/// <summary>
/// The web app over a small demo world with the nightly stages run once in process (customers, win probability,
/// demand, reorder, inventory, in the nightly order), so the pages and the API show real numbers; plus a login and an API token for each
/// of two reps who both own customers. Shared by the test classes of one kind (read only: tests must not change its rows).
/// </summary>
public sealed class DemoWebApp : IAsyncLifetime
{
    private static readonly string[] Stages = ["customers", "win-probability", "demand", "reorder", "inventory"];

    public WebApp App { get; } = new();
    public DemoWorld.DemoWorld World { get; } = DemoWorldGenerator.Generate(new DemoWorldOptions { Customers = 40, Products = 25, Years = 2 });
    public RepLogin RepA { get; private set; } = null!;
    public RepLogin RepB { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        await using (var db = App.Database.CreateContext())
            await DemoWorldSeeder.SeedAsync(db, World, DemoSeedParts.All);

        await PipelineRunner.RunAsync(App.Database, World.Options.AsOf, Stages);

        await using (var db = App.Database.CreateContext())
        {
            var run = await db.PipelineRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstAsync();
            if (run.Status != RunStatus.Succeeded)
                throw new InvalidOperationException($"The demo pipeline ended {run.Status}: the web tests need its numbers.");
            var owners = await db.UnifiedCustomers.Where(c => c.OwnerRepId != null)
                .GroupBy(c => c.OwnerRepId!.Value).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).Take(2).ToListAsync();
            if (owners.Count < 2)
                throw new InvalidOperationException("The demo world needs two reps who own customers.");
            await using var scope = App.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            RepA = new RepLogin(owners[0], await users.CreateOrResetAsync("rep-a@test.local", "Rep A", Roles.Rep, owners[0]), await App.IssueTokenAsync(Roles.Rep, owners[0]));
            RepB = new RepLogin(owners[1], await users.CreateOrResetAsync("rep-b@test.local", "Rep B", Roles.Rep, owners[1]), await App.IssueTokenAsync(Roles.Rep, owners[1]));
        }
    }

    /// <summary>A customer the rep owns (the one with the most orders, so its page has rows).</summary>
    public async Task<long> CustomerOwnedByAsync(long repId)
    {
        await using var db = App.Database.CreateContext();
        return await db.UnifiedCustomers.Where(c => c.OwnerRepId == repId)
            .OrderByDescending(c => db.SalesOrders.Count(o => o.CustomerId == c.ErpCustomerId)).ThenBy(c => c.Id)
            .Select(c => c.Id).FirstAsync();
    }

    /// <summary>The product at the top of the planners' at-risk list.</summary>
    public async Task<AtRiskItem> TopAtRiskAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var list = await scope.ServiceProvider.GetRequiredService<InventoryQueries>().AtRiskAsync(new AtRiskFilter(Take: 1), default);
        return list.Items[0];
    }

    public Task DisposeAsync() => App.DisposeAsync();
}
