using Forecast.Core.Customers;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Forecast.DemoWorld;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Forecast.IntegrationTests.Customers;

public sealed class CustomerUnificationTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    private static readonly Lazy<DemoWorld.DemoWorld> World = new(() => DemoWorldGenerator.Generate(new DemoWorldOptions()));

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task RunAsync_LinksWithHighPrecisionAndRecall_WhenGivenTheDemoWorld()
    {
        var world = await SeedAsync();

        var summary = await RunAsync();

        await using var db = database.CreateContext();
        var truth = world.Accounts.ToDictionary(a => a.Id, a => a.Company.Customer?.Code);
        var autoLinks = await db.CustomerMatchCandidates.Where(c => c.Decision == MatchDecision.AutoLinked)
            .Select(c => new { Account = c.CrmAccount!.SourceKey, Customer = c.ErpCustomer!.Code })
            .ToListAsync();
        var correct = autoLinks.Count(l => truth[l.Account] == l.Customer);
        var trueLinks = truth.Count(t => t.Value is not null);
        var precision = correct / (double)autoLinks.Count;
        var recall = correct / (double)trueLinks;
        var queue = await db.CustomerMatchCandidates.CountAsync(c => c.Decision == MatchDecision.NeedsReview);
        output.WriteLine($"seed 42, default size: {summary.CrmAccounts} accounts, {trueLinks} true links, {autoLinks.Count} auto-links, " +
            $"{correct} correct: precision {precision:0.000}, recall {recall:0.000}; {summary.AccountsInReview} accounts ({queue} candidates) in review; " +
            $"{summary.PairsScored} pairs scored");
        var review = await db.CustomerMatchCandidates.Where(c => c.Decision == MatchDecision.NeedsReview).OrderBy(c => c.Id).Take(6)
            .Select(c => new { Account = c.CrmAccount!.SourceKey, c.CrmAccount.Name, Customer = c.ErpCustomer!.Code, ErpName = c.ErpCustomer.Name, c.Score, c.Evidence })
            .ToListAsync();
        foreach (var r in review)
            output.WriteLine($"  review: {r.Account} '{r.Name}' ~ {r.Customer} '{r.ErpName}' {r.Score:0.00} (truly {truth[r.Account] ?? "a prospect"}): {r.Evidence}");
        foreach (var wrong in autoLinks.Where(l => truth[l.Account] != l.Customer))
            output.WriteLine($"  wrong auto-link: {wrong.Account} -> {wrong.Customer} (truly {truth[wrong.Account] ?? "a prospect"})");

        Assert.True(precision >= 0.95, $"precision {precision:0.000} < 0.95");
        Assert.True(recall >= 0.90, $"recall {recall:0.000} < 0.90");
        // One unified customer per ERP customer, every account in exactly one unified customer.
        Assert.Equal(world.Customers.Count, await db.UnifiedCustomers.CountAsync(u => u.ErpCustomerId != null));
        Assert.Equal(world.Accounts.Count, await db.CustomerAccountLinks.CountAsync());
    }

    [Fact]
    public async Task RunAsync_ReportsOwnerConflicts_WhenTheGeneratorMadeTwoRepsWorkACustomer()
    {
        var world = await SeedAsync();

        await RunAsync();

        await using var db = database.CreateContext();
        var conflicts = await db.OwnerConflicts.Where(c => c.ResolvedAt == null)
            .Select(c => new { c.UnifiedCustomerId, c.RepIds, Accounts = c.UnifiedCustomer!.Accounts.Select(a => a.CrmAccount!.SourceKey).ToList() })
            .ToListAsync();
        var repKeys = await db.Reps.ToDictionaryAsync(r => r.Id, r => r.SourceKey);
        var found = 0;
        foreach (var expected in world.OwnerConflicts)
        {
            var accountIds = expected.Accounts.Select(a => a.Id).ToHashSet();
            var match = conflicts.FirstOrDefault(c => accountIds.IsSubsetOf(c.Accounts));
            var together = match is not null;
            if (!together)
            {
                // A duplicate account the matcher did not link to its customer cannot show the conflict: say so.
                output.WriteLine($"  not found: {expected.Company.Customer?.Code} {string.Join(";", accountIds)} ({expected.Reason})");
                continue;
            }
            found++;
            Assert.Superset(expected.Reps.Select(r => r.Id).ToHashSet(), match!.RepIds.Select(id => repKeys[id]).ToHashSet());
        }
        var secondRep = world.OwnerConflicts.Where(c => c.Reason == "second-rep").ToList();
        output.WriteLine($"owner conflicts: {world.OwnerConflicts.Count} made by the generator ({secondRep.Count} second-rep), {found} found; {conflicts.Count} reported in all");
        Assert.NotEmpty(secondRep);
        // A second rep on one account is always visible; a duplicate account only once the matcher links it to its customer.
        var linked = await db.CustomerAccountLinks.Where(l => l.UnifiedCustomer!.ErpCustomerId != null)
            .Select(l => new { l.CrmAccount!.SourceKey, l.UnifiedCustomer!.ErpCustomer!.Code }).ToDictionaryAsync(l => l.SourceKey, l => l.Code);
        var visible = world.OwnerConflicts.Count(c => c.Accounts.All(a => linked.GetValueOrDefault(a.Id) == c.Company.Customer!.Code) || c.Accounts.Count == 1);
        Assert.Equal(visible, found);
        // Each unified customer has at most one owner by construction; those with an active-owner account have one.
        Assert.Equal(0, await db.UnifiedCustomers.CountAsync(u => u.Accounts.Count > 0 && u.OwnerRepId == null));
    }

    [Fact]
    public async Task RunAsync_ChangesNothing_WhenRunTwiceOnTheSameData()
    {
        await SeedAsync();
        var first = await RunAsync();
        var before = await SnapshotAsync();

        _clock.Advance(TimeSpan.FromDays(1));
        var second = await RunAsync();

        Assert.True(first.Changes > 0);
        Assert.Equal(0, second.Changes);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task RunAsync_KeepsManualDecisions_WhenRunAgain()
    {
        var world = await SeedAsync();
        // Contact domains leave the demo world with no review queue, so make one: the ERP has a customer twice, and
        // the account that matches both cannot be linked without a person.
        var twice = world.Accounts.First(a => a.Company.Customer is { TaxId: not null } && a.TaxNumber is not null).Company.Customer!;
        await using (var db = database.CreateContext())
        {
            var original = await db.ErpCustomers.AsNoTracking().SingleAsync(c => c.Code == twice.Code);
            db.ErpCustomers.Add(new ErpCustomer
            {
                SourceSystem = original.SourceSystem, SourceKey = "C99999", Code = "C99999", Name = original.Name, TaxId = original.TaxId,
                Email = original.Email, Country = original.Country, UpdatedAt = original.UpdatedAt,
            });
            await db.SaveChangesAsync();
        }
        await RunAsync();
        long rejectedAccount, rejectedCustomer, confirmedAccount, confirmedCustomer;
        await using (var db = database.CreateContext())
        {
            var auto = await db.CustomerMatchCandidates.Where(c => c.Decision == MatchDecision.AutoLinked).OrderBy(c => c.Id).FirstAsync();
            auto.Decision = MatchDecision.Rejected;
            auto.DecidedAt = _clock.GetUtcNow();
            (rejectedAccount, rejectedCustomer) = (auto.CrmAccountId, auto.ErpCustomerId);
            var review = await db.CustomerMatchCandidates.Where(c => c.Decision == MatchDecision.NeedsReview).OrderBy(c => c.Id).FirstAsync();
            review.Decision = MatchDecision.Confirmed;
            review.DecidedAt = _clock.GetUtcNow();
            (confirmedAccount, confirmedCustomer) = (review.CrmAccountId, review.ErpCustomerId);
            await db.SaveChangesAsync();
        }

        await RunAsync();
        var again = await RunAsync();

        await using var check = database.CreateContext();
        var rejectedLink = await check.CustomerAccountLinks.Include(l => l.UnifiedCustomer).SingleAsync(l => l.CrmAccountId == rejectedAccount);
        Assert.NotEqual(rejectedCustomer, rejectedLink.UnifiedCustomer!.ErpCustomerId);
        Assert.Equal(MatchDecision.Rejected, (await check.CustomerMatchCandidates.SingleAsync(c => c.CrmAccountId == rejectedAccount && c.ErpCustomerId == rejectedCustomer)).Decision);
        var confirmedLink = await check.CustomerAccountLinks.Include(l => l.UnifiedCustomer).SingleAsync(l => l.CrmAccountId == confirmedAccount);
        Assert.Equal(confirmedCustomer, confirmedLink.UnifiedCustomer!.ErpCustomerId);
        Assert.Equal("manual", confirmedLink.Method);
        Assert.Equal(0, await check.CustomerMatchCandidates.CountAsync(c => c.CrmAccountId == confirmedAccount && c.Decision == MatchDecision.NeedsReview));
        Assert.Equal(0, again.Changes);
    }

    private async Task<DemoWorld.DemoWorld> SeedAsync()
    {
        await database.ResetAsync();
        var world = World.Value;
        await using var db = database.CreateContext();
        await DemoWorldSeeder.SeedAsync(db, world, DemoSeedParts.MasterData | DemoSeedParts.Activities);
        return world;
    }

    private async Task<UnificationSummary> RunAsync()
    {
        await using var db = database.CreateContext();
        var calendar = new BusinessCalendar(db, _clock, Options.Create(new ScheduleOptions()));
        var job = new CustomerUnification(db, calendar, _clock, Options.Create(new CustomerMatchingOptions()), NullLogger<CustomerUnification>.Instance);
        return await job.RunAsync(World.Value.Options.AsOf, CancellationToken.None);
    }

    private async Task<string> SnapshotAsync()
    {
        await using var db = database.CreateContext();
        var unified = await db.UnifiedCustomers.OrderBy(u => u.Id).Select(u => $"{u.Id}:{u.ErpCustomerId}:{u.OwnerRepId}:{u.DisplayName}:{u.OwnerReason}").ToListAsync();
        var links = await db.CustomerAccountLinks.OrderBy(l => l.CrmAccountId).Select(l => $"{l.CrmAccountId}:{l.UnifiedCustomerId}:{l.Method}:{l.Score}").ToListAsync();
        var candidates = await db.CustomerMatchCandidates.OrderBy(c => c.Id).Select(c => $"{c.Id}:{c.CrmAccountId}:{c.ErpCustomerId}:{c.Decision}:{c.Score}:{c.ScoredAt}").ToListAsync();
        var conflicts = await db.OwnerConflicts.OrderBy(c => c.Id).Select(c => $"{c.Id}:{c.UnifiedCustomerId}:{c.Detail}:{c.ResolvedAt}").ToListAsync();
        return string.Join("\n", unified.Concat(links).Concat(candidates).Concat(conflicts));
    }
}
