using System.CommandLine;
using System.Globalization;
using Forecast.Core.Access;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Forecast.Cli.Users;

/// <summary><c>forecast users ...</c> and <c>forecast tokens ...</c>: people and machine clients.</summary>
internal static class UserCommands
{
    public static IEnumerable<Command> Create()
    {
        var users = new Command("users", "Users of the web app (roles: Planner, Rep, Admin).");

        var email = new Option<string>("--email") { Description = "Login email.", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name (default: the email)." };
        var role = new Option<string>("--role") { Description = "Planner, Rep or Admin.", Required = true };
        var repEmail = new Option<string?>("--rep-email") { Description = "For a Rep: the CRM rep's email this login is (decides which customers they see)." };
        var add = new Command("add", "Create a user (or reset their password). The password is generated and printed once.") { email, name, role, repEmail };
        add.SetAction((parse, ct) => RunAsync(async (services, token) =>
        {
            var admin = services.GetRequiredService<UserAdministration>();
            long? repId = null;
            if (parse.GetValue(repEmail) is { } rep)
            {
                repId = await admin.FindRepIdAsync(rep, token);
                if (repId is null)
                {
                    await Console.Error.WriteLineAsync($"error: no CRM rep has the email '{rep}'. Import the CRM first (forecast import crm <folder>).");
                    return 1;
                }
            }
            var login = await admin.CreateOrResetAsync(parse.GetValue(email)!, parse.GetValue(name) ?? parse.GetValue(email)!, parse.GetValue(role)!, repId);
            Console.WriteLine($"{login.Email} ({login.Role}) password: {login.Password}");
            Console.WriteLine("Hand it over securely; it is not stored in clear and cannot be shown again.");
            if (login.Role == Roles.Rep && !await services.GetRequiredService<RepAccess>().IsActiveAsync(repId, token))
                await Console.Error.WriteLineAsync($"warning: the CRM rep '{parse.GetValue(repEmail)}' is inactive: this login is refused until the CRM marks the rep active again.");
            return 0;
        }, ct));

        var output = new Option<FileInfo?>("--out") { Description = "Also write the logins to this file (mode 600)." };
        var demo = new Command("demo", "Create the demo users (an admin, a planner, one per CRM rep) with fresh random passwords.") { output };
        demo.SetAction((parse, ct) => RunAsync(async (services, token) =>
        {
            var logins = await services.GetRequiredService<UserAdministration>().CreateDemoUsersAsync(token);
            var lines = logins.Select(l => $"{l.Role,-8} {l.Email,-36} {l.Password}   {l.DisplayName}").ToList();
            foreach (var line in lines)
                Console.WriteLine(line);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllLinesAsync(file.FullName, lines, token);
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(file.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            return 0;
        }, ct));
        users.Subcommands.Add(add);
        users.Subcommands.Add(demo);

        var tokens = new Command("tokens", "API tokens for machine clients (ERP/CRM push, scripts, a rep's own app).");
        var tokenName = new Option<string>("--name") { Description = "What the token is for, e.g. erp-sync.", Required = true };
        var tokenRole = new Option<string>("--role") { Description = "Role the token acts with: Admin (push ingest), Planner, or Rep (with --rep-email).", DefaultValueFactory = _ => Roles.Admin };
        var tokenRep = new Option<string?>("--rep-email") { Description = "For a Rep token: the CRM rep's email; the token sees only that rep's customers." };
        var issue = new Command("issue", "Create a token; it is printed once.") { tokenName, tokenRole, tokenRep };
        issue.SetAction((parse, ct) => RunAsync(async (services, token) =>
        {
            long? repId = null;
            if (parse.GetValue(tokenRep) is { } rep)
            {
                repId = await services.GetRequiredService<UserAdministration>().FindRepIdAsync(rep, token);
                if (repId is null)
                {
                    await Console.Error.WriteLineAsync($"error: no CRM rep has the email '{rep}'. Check the spelling, or import the CRM first (forecast import crm <folder>).");
                    return 1;
                }
            }
            var (issued, secret) = await services.GetRequiredService<ApiTokens>().IssueAsync(parse.GetValue(tokenName)!, parse.GetValue(tokenRole)!, repId, token);
            var actsFor = repId is null ? "" : $" for rep {parse.GetValue(tokenRep)}";
            Console.WriteLine($"Token #{issued.Id} '{issued.Name}' ({issued.Role}{actsFor}): {secret}");
            Console.WriteLine("Send it as 'Authorization: Bearer <token>'. It is stored only as a hash and cannot be shown again.");
            return 0;
        }, ct));
        var list = new Command("list", "List tokens (newest first) with their role, rep and last use, to find the one to revoke.");
        list.SetAction((parse, ct) => RunAsync(async (services, token) =>
        {
            var rows = await services.GetRequiredService<ApiTokens>().ListAsync(token);
            if (rows.Count == 0)
            {
                Console.WriteLine("No API tokens. Create one with 'forecast tokens issue --name <what-for> --role <role>'.");
                return 0;
            }
            var table = new CliTable(CliColumn.Number("id"), "name", "role", "rep", "created", "last used", "revoked");
            foreach (var r in rows)
            {
                var rep = r.RepId is null ? null : $"{r.RepName} <{r.RepEmail}>{(r.RepActive == false ? " (inactive)" : "")}";
                table.Add(r.Id.ToString(CultureInfo.InvariantCulture), r.Name, r.Role, rep, Utc(r.CreatedAt), Utc(r.LastUsedAt), Utc(r.RevokedAt));
            }
            table.Write(parse);
            var live = rows.Count(r => r.RevokedAt is null);
            CliTable.Say(parse, $"{rows.Count} token(s), {live} live (times UTC). Revoke one with 'forecast tokens revoke <id>'.");
            return 0;
        }, ct));
        var id = new Argument<long>("id") { Description = "Token number (from issue or list)." };
        var revoke = new Command("revoke", "Revoke a token.") { id };
        revoke.SetAction((parse, ct) => RunAsync(async (services, token) =>
        {
            var ok = await services.GetRequiredService<ApiTokens>().RevokeAsync(parse.GetValue(id), token);
            Console.WriteLine(ok ? "Revoked." : "No live token with that number (see 'forecast tokens list').");
            return ok ? 0 : 1;
        }, ct));
        tokens.Subcommands.Add(issue);
        tokens.Subcommands.Add(list);
        tokens.Subcommands.Add(revoke);
        return [users, tokens];
    }

    private static string Utc(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";

    private static Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var builder = CliHost.CreateBuilder();
        builder.Services.AddForecastUserStore();
        return CliHost.RunAsync(builder, async (services, token) =>
        {
            try
            {
                return await body(services, token);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // ArgumentException appends " (Parameter 'x')", which means nothing to someone at a shell.
                var message = ex is ArgumentException { ParamName: { } parameter } ? ex.Message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal) : ex.Message;
                await Console.Error.WriteLineAsync($"error: {message}");
                return 1;
            }
        }, cancellationToken);
    }
}
