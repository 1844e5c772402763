using System.Diagnostics;

namespace Forecast.IntegrationTests.Infrastructure;

/// <summary>Runs the real <c>forecast</c> CLI as a separate process (so it can be killed like a crashed worker).</summary>
public static class CliProcess
{
    public static Process Start(IDictionary<string, string> environment, params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "forecast.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(cli);
        foreach (var a in args)
            info.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
            info.Environment[k] = v;
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the forecast CLI");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(IDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Standard output and standard error apart: what a pipe gets, and what a person reads.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunSplitAsync(IDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
