using System.CommandLine;
using Forecast.Core.Access;
using Microsoft.Extensions.DependencyInjection;

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

        var tokens = new Command("tokens", "API tokens for machine clients (ERP/CRM push, scripts).");
        var tokenName = new Option<string>("--name") { Description = "What the token is for, e.g. erp-sync.", Required = true };
        var tokenRole = new Option<string>("--role") { Description = "Role the token acts with.", DefaultValueFactory = _ => Roles.Admin };
        var issue = new Command("issue", "Create a token; it is printed once.") { tokenName, tokenRole };
        issue.SetAction((parse, ct) => RunAsync(async (services, token) =>
        {
            var (issued, secret) = await services.GetRequiredService<ApiTokens>().IssueAsync(parse.GetValue(tokenName)!, parse.GetValue(tokenRole)!, token);
            Console.WriteLine($"Token #{issued.Id} '{issued.Name}' ({issued.Role}): {secret}");
            Console.WriteLine("Send it as 'Authorization: Bearer <token>'. It is stored only as a hash and cannot be shown again.");
            return 0;
        }, ct));
        var id = new Argument<long>("id") { Description = "Token number (from issue)." };
        var revoke = new Command("revoke", "Revoke a token.") { id };
        revoke.SetAction((parse, ct) => RunAsync(async (services, token) =>
        {
            var ok = await services.GetRequiredService<ApiTokens>().RevokeAsync(parse.GetValue(id), token);
            Console.WriteLine(ok ? "Revoked." : "No live token with that number.");
            return ok ? 0 : 1;
        }, ct));
        tokens.Subcommands.Add(issue);
        tokens.Subcommands.Add(revoke);
        return [users, tokens];
    }

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
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        }, cancellationToken);
    }
}
