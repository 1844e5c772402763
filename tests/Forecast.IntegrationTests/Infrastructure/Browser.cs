using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (nothing is downloaded: the executable path is given). One browser per
/// test class; each test gets a fresh context (its own cookies). Screenshots go to artifacts/screenshots.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Instance { get; private set; } = null!;

    public static string ExecutablePath => Environment.GetEnvironmentVariable("FORECAST_CHROMIUM") ?? "/usr/bin/chromium";

    public static string ScreenshotDirectory
    {
        get
        {
            var repo = AppContext.BaseDirectory;
            while (repo is not null && !File.Exists(Path.Combine(repo, "Forecast.sln")))
                repo = Path.GetDirectoryName(repo);
            var dir = Path.Combine(repo ?? Path.GetTempPath(), "artifacts", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"Chromium not found at {ExecutablePath}: run scripts/test.sh (it installs Debian's chromium) or set FORECAST_CHROMIUM.");
        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> NewPageAsync(Uri baseAddress, string locale = "en-US")
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), Locale = locale, ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        return await context.NewPageAsync();
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Instance is not null)
            await Instance.DisposeAsync();
        _playwright?.Dispose();
    }
}
