using System.CommandLine;
using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Cli.Database;

internal static class DatabaseCommands
{
    public static Command Create()
    {
        var db = new Command("db", "Database schema.");
        var migrate = new Command("migrate", "Apply pending migrations (creates the schema on an empty database).");
        migrate.SetAction((_, ct) => CliHost.RunAsync(MigrateAsync, ct));
        db.Subcommands.Add(migrate);
        return db;
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var context = services.GetRequiredService<ForecastDbContext>();
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            Console.WriteLine("Database is up to date.");
            return 0;
        }
        foreach (var name in pending)
            Console.WriteLine($"  applying {name}");
        await context.Database.MigrateAsync(cancellationToken);
        Console.WriteLine($"Applied {pending.Count} migration(s).");
        return 0;
    }
}
