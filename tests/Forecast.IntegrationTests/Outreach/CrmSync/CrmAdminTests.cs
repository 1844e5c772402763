using System.Globalization;
using System.Net;
using System.Text;
using Forecast.Core.Access;
using Forecast.Core.Outreach.CrmSync;
using Forecast.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Forecast.IntegrationTests.Outreach.CrmSync;

/// <summary>The web app with the CRM webhook pointed at a real receiver on loopback (Hangfire off: the tests run the sender).</summary>
public sealed class CrmAdminWebApp : IAsyncLifetime
{
    internal WebhookReceiver Receiver { get; } = new("/activities", json => json.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("key").GetString()!).ToArray());
    public WebApp App { get; } = new();

    public async Task InitializeAsync()
    {
        await Receiver.StartAsync();
        App.Settings["Crm:ActivityWebhook:Url"] = Receiver.Url;
        App.Settings["Crm:ActivityWebhook:Secret"] = WebhookReceiver.Secret;
        await App.InitializeAsync();
    }

    /// <summary>An empty database with the standard logins, then Amy's three actions (sent, dismissed, snoozed).</summary>
    public async Task<(long Sent, long Dismissed, long Snoozed)> SeedAsync()
    {
        await App.Database.ResetAsync();
        await App.SeedLoginsAsync();
        Receiver.Requests.Clear();
        using var host = CrmFlowWorld.Host(App.Database, CrmFlowWorld.ClockAt(CrmFlowWorld.Today));
        return await CrmFlowWorld.SeedAndActAsync(App.Database, host);
    }

    public async Task<int> DeliverAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CrmWebhook>().DeliverDueAsync(default);
    }

    public async Task<List<CrmActivityDelivery>> DeliveriesAsync()
    {
        await using var db = App.Database.CreateContext();
        return await db.Set<CrmActivityDelivery>().AsNoTracking().OrderBy(d => d.ReminderActionId).ToListAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>
/// What an administrator does with the CRM flow: downloads the activity file (a rep cannot), sees the activities the CRM
/// refused and re-sends one after the receiver is fixed, under the same key. The tests share one receiver: one class.
/// </summary>
public sealed partial class CrmAdminTests(CrmAdminWebApp web, Browser browser) : IClassFixture<CrmAdminWebApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task ActivitiesCsv_IsRefusedToARep_RefusesABadDate_ThenGivesTheAdminEachActionOnce()
    {
        var (sent, dismissed, snoozed) = await web.SeedAsync();
        long amy;
        await using (var db = web.App.Database.CreateContext())
            amy = await db.Reps.Where(r => r.Name == "Amy Lin").Select(r => r.Id).SingleAsync();
        using var rep = web.App.CreateClient(await web.App.IssueTokenAsync(Roles.Rep, amy));
        using var admin = web.App.CreateClient(await web.App.IssueTokenAsync(Roles.Admin));

        var refused = await rep.GetAsync("/admin/crm-activities.csv");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(CrmActivities.KeyPrefix, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var badDate = await admin.GetAsync("/admin/crm-activities.csv?since=01/06/2026");
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("\"since\"", await badDate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(await web.DeliveriesAsync(), d => Assert.Null(d.ExportedAt));

        var response = await admin.GetAsync("/admin/crm-activities.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment; filename=\"crm-activities-", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        foreach (var id in new[] { sent, dismissed, snoozed })
            Assert.Contains(CrmActivities.KeyOf(id) + ",", csv, StringComparison.Ordinal);
        // The server marks the rows once the whole body has gone out, which is after the client may have read it.
        var deliveries = await web.DeliveriesAsync();
        for (var wait = 0; wait < 50 && deliveries.Count(d => d.ExportedAt is not null) < 3; wait++)
        {
            await Task.Delay(100);
            deliveries = await web.DeliveriesAsync();
        }
        Assert.Equal(3, deliveries.Count(d => d.ExportedAt is not null));

        var again = await admin.GetStringAsync("/admin/crm-activities.csv");
        Assert.DoesNotContain(CrmActivities.KeyPrefix, again, StringComparison.Ordinal);
        Assert.Equal(deliveries.Select(d => d.ExportedAt), (await web.DeliveriesAsync()).Select(d => d.ExportedAt));
    }

    [Theory]
    [InlineData("en", 1400)]
    [InlineData("zh-TW", 1400)]
    [InlineData("en", 375)]
    [InlineData("zh-TW", 375)]
    public async Task RefusedActivity_IsListedWithTheReceiversAnswer_AndReSentUnderTheSameKey_OnceTheReceiverIsFixed(string culture, int width)
    {
        var (sent, dismissed, snoozed) = await web.SeedAsync();
        web.Receiver.Answer(400);
        Assert.Equal(0, await web.DeliverAsync());
        Assert.All(await web.DeliveriesAsync(), d => Assert.NotNull(d.GaveUpAt));
        var admin = web.App.Logins[Roles.Admin];
        var page = await browser.SignedInPageAsync(web.App.BaseAddress, admin.Email, admin.Password, culture, width);

        await page.GotoAsync("/admin");
        await page.ClickAsync("#crm-deliveries-link");

        Assert.Equal(culture == "en" ? "Activities the CRM refused" : "CRM 拒收的活動", (await page.InnerTextAsync("h1")).Trim());
        Assert.Equal(3, await page.Locator("#deliveries tbody tr").CountAsync());
        Assert.StartsWith("400", (await page.InnerTextAsync($"#delivery-{dismissed} td.answer")).Trim(), StringComparison.Ordinal);
        Assert.Contains(culture == "en" ? "Dismissed" : "已略過", await page.InnerTextAsync($"#delivery-{dismissed}"), StringComparison.Ordinal);
        await AssertFitsAsync(page, width);
        await Browser.ScreenshotAsync(page, $"crm-deliveries-{culture}-{width}");

        // The receiver is fixed (it answers 200 from now on); the admin re-sends one activity.
        await page.ClickAsync($"#delivery-{dismissed} button.resend");

        Assert.Contains(CrmActivities.KeyOf(dismissed), await page.InnerTextAsync("#deliveries-message"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"#delivery-{dismissed}").CountAsync());
        Assert.Equal(2, await page.Locator("#deliveries tbody tr").CountAsync());
        await AssertFitsAsync(page, width);
        Assert.Equal(1, await web.DeliverAsync());
        var requests = web.Receiver.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal([400, 200], requests.Select(r => r.Status));
        Assert.Equal([CrmActivities.KeyOf(sent), CrmActivities.KeyOf(dismissed), CrmActivities.KeyOf(snoozed)], requests[0].Keys);
        Assert.Equal([CrmActivities.KeyOf(dismissed)], requests[1].Keys);
        var deliveries = (await web.DeliveriesAsync()).ToDictionary(d => d.ReminderActionId);
        Assert.NotNull(deliveries[dismissed].DeliveredAt);
        Assert.Null(deliveries[dismissed].LastError);
        Assert.All(new[] { sent, snoozed }, id => Assert.NotNull(deliveries[id].GaveUpAt));

        // Re-sending what was delivered, or an action that does not exist, changes nothing.
        var token = await page.InputValueAsync("form input[name=__RequestVerificationToken]");
        var twice = await page.APIRequest.PostAsync("/admin/crm-deliveries?handler=Resend", new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData().Append("action", dismissed.ToString(CultureInfo.InvariantCulture)).Append("__RequestVerificationToken", token),
        });
        Assert.Equal(400, twice.Status);
        Assert.Contains(culture == "en" ? "nothing was changed" : "未做任何變更", await twice.TextAsync(), StringComparison.Ordinal);
        var unknown = await page.APIRequest.PostAsync("/admin/crm-deliveries?handler=Resend", new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData().Append("action", "987654").Append("__RequestVerificationToken", token),
        });
        Assert.Equal(404, unknown.Status);
        Assert.Equal(0, await web.DeliverAsync());
        Assert.Equal(2, web.Receiver.Requests.Count);
    }

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide in a {width} px window");
    }
}
