using System.Diagnostics;
using System.Security.Cryptography;
using Forecast.DemoWorld;

namespace Forecast.IntegrationTests.Cli;

/// <summary>
/// The demo world and the benchmarks left the product for their own tools (issue 14): <c>forecast-demo generate</c>
/// writes what <c>forecast generate</c> wrote, <c>forecast-bench</c> has the old command names, and the old names on
/// <c>forecast</c> say where they went. No database: the commands run as the user runs them, as processes.
/// </summary>
public sealed class ToolCommandsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("forecast-tools-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ForecastDemoGenerate_WritesTheSameFilesAsTheGenerator_ForTheSameOptions()
    {
        var output = Path.Combine(_folder, "cli");
        var (exit, stdout, stderr) = await RunAsync("forecast-demo.dll",
            "generate", "--out", output, "--seed", "7", "--customers", "30", "--products", "20", "--years", "1");

        Assert.True(exit == 0, stderr);
        Assert.Contains("Wrote ", stdout, StringComparison.Ordinal);
        var direct = Path.Combine(_folder, "direct");
        DemoWorldWriter.Write(DemoWorldGenerator.Generate(new DemoWorldOptions { Seed = 7, Customers = 30, Products = 20, Years = 1 }), direct);
        Assert.Equal(Hashes(direct), Hashes(output));
        Assert.Contains("erp/SO_LINE.csv", Hashes(output).Keys);
    }

    [Fact]
    public async Task ForecastDemoGenerate_ExitsWith2_OnAnInvalidDate()
    {
        var (exit, _, stderr) = await RunAsync("forecast-demo.dll", "generate", "--out", Path.Combine(_folder, "w"), "--as-of", "27/11/2026");
        Assert.Equal(2, exit);
        Assert.Contains("yyyy-MM-dd", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "w")));
    }

    [Theory]
    [InlineData("generate", "forecast-demo generate")]
    [InlineData("backtest", "forecast-bench backtest")]
    [InlineData("benchmark", "forecast-bench benchmark")]
    public async Task Forecast_NamesTheToolACommandMovedTo_AndChangesNothing(string command, string replacement)
    {
        var output = Path.Combine(_folder, "moved");
        var (exit, stdout, stderr) = await RunAsync("forecast.dll", command, "import", "--out", output, "--seed", "42");
        Assert.Equal(2, exit);
        Assert.Contains($"run '{replacement}'", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task ForecastBench_KeepsTheBenchmarkNames()
    {
        var (exit, stdout, stderr) = await RunAsync("forecast-bench.dll", "benchmark", "--help");
        Assert.True(exit == 0, stderr);
        foreach (var name in new[] { "import", "customer-matching", "reorder", "winrate", "inventory", "pipeline" })
            Assert.Contains(name, stdout, StringComparison.Ordinal);
        var (backtest, backtestHelp, _) = await RunAsync("forecast-bench.dll", "backtest", "--help");
        Assert.Equal(0, backtest);
        Assert.Contains("--models", backtestHelp, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string tool, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, tool));
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f).Replace('\\', '/'),
            f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
