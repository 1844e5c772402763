using System.CommandLine;
using Forecast.Core.Data;
using Forecast.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Cli.Database;

internal static class DatabaseCommands
{
    public static Command Create()
    {
        var db = new Command("db", "Database schema.");
        var recreate = new Option<bool>("--recreate-pre-release")
        {
            Description = "Only for a database made by a pre-release build (before the migrations were squashed into one): drop every table of the service and create the schema anew.",
        };
        var migrate = new Command("migrate", "Apply pending migrations (creates the schema on an empty database).") { recreate };
        migrate.SetAction((parse, ct) => CliHost.RunAsync((services, token) => MigrateAsync(services, parse.GetValue(recreate), token), ct));
        db.Subcommands.Add(migrate);
        return db;
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, bool recreatePreRelease, CancellationToken cancellationToken)
    {
        var context = services.GetRequiredService<ForecastDbContext>();
        // Migrations this build does not know were made by a pre-release build: the schema was squashed into one
        // initial migration before the first release, and there is no upgrade path from those.
        var known = context.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = (await context.Database.GetAppliedMigrationsAsync(cancellationToken)).Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            if (!recreatePreRelease)
            {
                await Console.Error.WriteLineAsync(
                    $"error: this database was made by a pre-release build (migrations {string.Join(", ", unknown)}). The schema was squashed into one " +
                    "initial migration before the first release, so it cannot be upgraded in place.");
                await Console.Error.WriteLineAsync(
                    "Export what you need to keep, then run 'forecast db migrate --recreate-pre-release': it drops every table of the service and creates the schema anew (re-import your exports after).");
                return 1;
            }
            var schemas = context.Model.GetEntityTypes().Select(e => e.GetSchema()).OfType<string>().Append(JobsRegistration.HangfireSchema)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            Console.WriteLine($"Dropping the pre-release schema ({string.Join(", ", schemas)})...");
            foreach (var schema in schemas)
            {
                // Schema names come from the model, never from input; an identifier cannot be a parameter.
                var sql = "DROP SCHEMA IF EXISTS \"" + schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\" CASCADE";
                await context.Database.ExecuteSqlRawAsync(sql, cancellationToken);
            }
        }

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
