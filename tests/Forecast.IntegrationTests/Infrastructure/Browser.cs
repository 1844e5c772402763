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

    /// <summary>
    /// A page in its own browser context, <paramref name="width"/> px wide, in <paramref name="culture"/> (en or zh-TW:
    /// the browser locale and the culture cookie both), signed in as the given user.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(Uri baseAddress, string email, string password, string culture = "en", int width = 1400)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = culture == "en" ? "en-US" : culture,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        await context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={culture}|uic={culture}"), Url = baseAddress.ToString() }]);
        var page = await context.NewPageAsync();
        await SignInAsync(page, email, password);
        return page;
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
