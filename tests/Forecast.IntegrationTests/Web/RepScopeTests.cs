using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Forecast.IntegrationTests.Web;

/// <summary>A rep sees only the customers they own: every page and API route that takes or lists customers.</summary>
public sealed class RepScopeTests(DemoWebApp demo) : IClassFixture<DemoWebApp>
{
    private Task<HttpClient> SignInAsync(RepLogin rep) => SignedInClient.CreateAsync(demo.App, rep.Login.Email, rep.Login.Password);

    private async Task<string> CustomerNameAsync(long id)
    {
        await using var db = demo.App.Database.CreateContext();
        return await db.UnifiedCustomers.Where(c => c.Id == id).Select(c => c.DisplayName).SingleAsync();
    }

    [Fact]
    public async Task CustomerPageAndApi_ShowTheCustomer_WhenTheRepOwnsIt()
    {
        using var client = await SignInAsync(demo.RepA);
        var own = await demo.CustomerOwnedByAsync(demo.RepA.RepId);
        var name = await CustomerNameAsync(own);

        var page = await client.GetAsync($"/reps/customers/{own}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(name, WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var api = await client.GetAsync($"/api/customers/{own}");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        using var json = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        Assert.Equal(name, json.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task CustomerPageAndApi_AnswerNotFoundWithoutData_WhenAnotherRepOwnsTheCustomer()
    {
        using var client = await SignInAsync(demo.RepA);
        var theirs = await demo.CustomerOwnedByAsync(demo.RepB.RepId);
        var name = await CustomerNameAsync(theirs);

        var page = await client.GetAsync($"/reps/customers/{theirs}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain(name, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("id=\"status-title\"", html, StringComparison.Ordinal);

        var api = await client.GetAsync($"/api/customers/{theirs}");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(name, await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomerListPageAndApi_ListExactlyTheRepsOwnCustomers()
    {
        using var client = await SignInAsync(demo.RepA);
        await using var db = demo.App.Database.CreateContext();
        var own = await db.UnifiedCustomers.Where(c => c.OwnerRepId == demo.RepA.RepId).Select(c => c.Id).OrderBy(id => id).ToListAsync();
        var others = await db.UnifiedCustomers.Where(c => c.OwnerRepId != demo.RepA.RepId).Select(c => c.DisplayName).ToListAsync();
        Assert.NotEmpty(own);
        Assert.NotEmpty(others);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/customers?take=500");
        var ids = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Order().ToList();
        Assert.Equal(own, ids);
        Assert.Equal(own.Count, list.GetProperty("total").GetInt32());

        var html = await client.GetStringAsync("/reps/customers");
        foreach (var id in own.Take(5))
            Assert.Contains($"/reps/customers/{id}\"", html, StringComparison.Ordinal);
        var foreignIds = await db.UnifiedCustomers.Where(c => c.OwnerRepId != demo.RepA.RepId).Select(c => c.Id).ToListAsync();
        Assert.All(foreignIds, id => Assert.DoesNotContain($"/reps/customers/{id}\"", html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CustomerListApi_CannotBeWidened_WhenTheRepSearchesForAnotherRepsCustomer()
    {
        using var client = await SignInAsync(demo.RepA);
        var theirs = await demo.CustomerOwnedByAsync(demo.RepB.RepId);
        var name = await CustomerNameAsync(theirs);

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/customers?q={Uri.EscapeDataString(name)}");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == theirs);
        var html = await client.GetStringAsync($"/reps/customers?q={Uri.EscapeDataString(name)}");
        Assert.DoesNotContain($"/reps/customers/{theirs}\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/planner")]
    [InlineData("/planner/products/{product}")]
    [InlineData("/planner?handler=Csv")]
    [InlineData("/admin")]
    [InlineData("/admin/matches")]
    [InlineData("/admin/conflicts")]
    [InlineData("/admin/imports/1")]
    [InlineData("/hangfire")]
    public async Task PlannerAndAdminPages_AreRefused_ToARep(string path)
    {
        using var client = await SignInAsync(demo.RepA);
        var product = (await demo.TopAtRiskAsync()).ProductId;

        var response = await client.GetAsync(path.Replace("{product}", product.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
            Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/planner/at-risk")]
    [InlineData("/api/planner/filters")]
    [InlineData("/api/planner/suggested-orders")]
    [InlineData("/api/planner/suggested-orders.csv")]
    [InlineData("/api/planner/products/{product}")]
    [InlineData("/api/planner/products/{product}/chart.svg")]
    [InlineData("/api/planner/products/{product}/ship-date?quantity=1")]
    [InlineData("/api/admin/models")]
    [InlineData("/api/admin/prediction-runs")]
    [InlineData("/api/admin/pipeline-runs")]
    [InlineData("/api/admin/imports")]
    [InlineData("/api/admin/imports/1")]
    [InlineData("/api/admin/matches")]
    [InlineData("/api/admin/owner-conflicts")]
    public async Task PlannerAndAdminApi_AnswerForbidden_ToARep(string path)
    {
        using var client = await SignInAsync(demo.RepA);
        var product = (await demo.TopAtRiskAsync()).ProductId;

        var response = await client.GetAsync(path.Replace("{product}", product.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task MeApi_TellsTheRepWhoseCustomersItSees()
    {
        using var client = await SignInAsync(demo.RepB);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(demo.RepB.RepId, me.GetProperty("repScope").GetInt64());
        Assert.Equal(["Rep"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList());
    }
}
