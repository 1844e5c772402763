using System.Globalization;
using System.CommandLine;
using Forecast.Core.Data;
using Forecast.Core.Outreach;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forecast.Cli.Outreach;

internal static class OutboxCommands
{
    public static Command Create()
    {
        var outbox = new Command("outbox", "Email waiting to be sent, sent and failed.");
        var send = new Command("send", "Send every due message now (what the outbox-sender job does every few minutes).");
        send.SetAction((_, ct) => CliHost.RunAsync(SendAsync, ct));
        var list = new Command("list", "Show the outbox: counts by status and the latest failures.");
        list.SetAction((parse, ct) => CliHost.RunAsync((services, token) => ListAsync(services, parse, token), ct));
        outbox.Subcommands.Add(send);
        outbox.Subcommands.Add(list);
        return outbox;
    }

    private static async Task<int> SendAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            var sent = await services.GetRequiredService<OutboxSender>().SendDueAsync(cancellationToken);
            Console.WriteLine($"Sent {sent} message(s).");
            return 0;
        }
        catch (SmtpUnavailableException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            await Console.Error.WriteLineAsync("The messages stay queued and are retried with a back-off; check the Mail settings (see README, Configuration).");
            return 1;
        }
    }

    private static async Task<int> ListAsync(IServiceProvider services, ParseResult parse, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ForecastDbContext>();
        var counts = await db.OutboxMessages.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var table = new CliTable("status", CliColumn.Number("messages"));
        foreach (var c in counts.OrderBy(c => c.Key))
            table.Add(c.Key.ToString(), c.Count.ToString(CultureInfo.InvariantCulture));
        table.Write(parse);
        var failures = await db.OutboxMessages.Where(m => m.Status == OutboxStatus.Failed).OrderByDescending(m => m.Id).Take(20)
            .Select(m => new { m.Id, m.Key, m.ToAddress, m.LastResult }).ToListAsync(cancellationToken);
        if (failures.Count > 0)
        {
            CliTable.Say(parse, "Latest failures:");
            foreach (var f in failures)
                CliTable.Say(parse, $"  #{f.Id} {f.Key} -> {f.ToAddress}: {f.LastResult}");
        }
        return 0;
    }
}
