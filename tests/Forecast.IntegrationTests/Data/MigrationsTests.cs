using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forecast.IntegrationTests.Data;

public sealed class MigrationsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Migrate_LeavesNoPendingModelChanges_WhenAppliedToAnEmptyDatabase()
    {
        await using var context = database.CreateContext();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.False(context.Database.HasPendingModelChanges(), "The model has changes no migration captures: run dotnet ef migrations add.");
    }
}
