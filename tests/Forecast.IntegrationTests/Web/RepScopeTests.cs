using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Forecast.IntegrationTests.Web;

/// <summary>How a rep's client proves who it is.</summary>
public enum RepCaller
{
    /// <summary>The rep signed in with the login form (the sign-in cookie).</summary>
    Cookie,
    /// <summary>An API token with the Rep role that acts for the rep (<c>forecast tokens issue --role Rep --rep-email</c>).</summary>
    Token,
}

/// <summary>
/// A rep sees only the customers they own: every page and API route that takes or lists customers, both for the rep
/// signed in with the form and for an API token that acts for the rep (the same scope, with no second code path).
/// </summary>
public sealed class RepScopeTests(DemoWebApp demo) : IClassFixture<DemoWebApp>
{
    /// <summary>Pages only planners or admins may open.</summary>
    public static readonly string[] PlannerAndAdminPages =
        ["/planner", "/planner/products/{product}", "/planner?handler=Csv", "/admin", "/admin/matches", "/admin/conflicts", "/admin/imports/1", "/hangfire"];

    /// <summary>API routes only planners or admins may call.</summary>
    public static readonly string[] PlannerAndAdminApiRoutes =
    [
        "/api/planner/at-risk", "/api/planner/filters", "/api/planner/suggested-orders", "/api/planner/suggested-orders.csv",
        "/api/planner/products/{product}", "/api/planner/products/{product}/chart.svg", "/api/planner/products/{product}/ship-date?quantity=1",
        "/api/admin/models", "/api/admin/prediction-runs", "/api/admin/pipeline-runs", "/api/admin/imports", "/api/admin/imports/1",
        "/api/admin/matches", "/api/admin/owner-conflicts",
    ];

    public static TheoryData<RepCaller> Callers => new(Enum.GetValues<RepCaller>());
    public static TheoryData<string, RepCaller> PlannerAndAdminPagesByCaller => ByCaller(PlannerAndAdminPages);
    public static TheoryData<string, RepCaller> PlannerAndAdminApiRoutesByCaller => ByCaller(PlannerAndAdminApiRoutes);

    private static TheoryData<string, RepCaller> ByCaller(string[] paths)
    {
        var data = new TheoryData<string, RepCaller>();
        foreach (var path in paths)
        {
            foreach (var caller in Enum.GetValues<RepCaller>())
                data.Add(path, caller);
        }
        return data;
    }

    private async Task<HttpClient> SignInAsync(RepLogin rep, RepCaller caller) => caller switch
    {
        RepCaller.Cookie => await SignedInClient.CreateAsync(demo.App, rep.Login.Email, rep.Login.Password),
        RepCaller.Token => demo.App.CreateClient(rep.Token),
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };

    private async Task<string> CustomerNameAsync(long id)
    {
        await using var db = demo.App.Database.CreateContext();
        return await db.UnifiedCustomers.Where(c => c.Id == id).Select(c => c.DisplayName).SingleAsync();
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task CustomerPageAndApi_ShowTheCustomer_WhenTheRepOwnsIt(RepCaller caller)
    {
        using var client = await SignInAsync(demo.RepA, caller);
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

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task CustomerPageAndApi_AnswerNotFoundWithoutData_WhenAnotherRepOwnsTheCustomer(RepCaller caller)
    {
        using var client = await SignInAsync(demo.RepA, caller);
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

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task CustomerListPageAndApi_ListExactlyTheRepsOwnCustomers(RepCaller caller)
    {
        using var client = await SignInAsync(demo.RepA, caller);
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

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task CustomerListApi_CannotBeWidened_WhenTheRepSearchesForAnotherRepsCustomer(RepCaller caller)
    {
        using var client = await SignInAsync(demo.RepA, caller);
        var theirs = await demo.CustomerOwnedByAsync(demo.RepB.RepId);
        var name = await CustomerNameAsync(theirs);

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/customers?q={Uri.EscapeDataString(name)}");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == theirs);
        var html = await client.GetStringAsync($"/reps/customers?q={Uri.EscapeDataString(name)}");
        Assert.DoesNotContain($"/reps/customers/{theirs}\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PlannerAndAdminPagesByCaller))]
    public async Task PlannerAndAdminPages_AreRefused_ToARep(string path, RepCaller caller)
    {
        using var client = await SignInAsync(demo.RepA, caller);
        var product = (await demo.TopAtRiskAsync()).ProductId;

        var response = await client.GetAsync(path.Replace("{product}", product.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
            Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PlannerAndAdminApiRoutesByCaller))]
    public async Task PlannerAndAdminApi_AnswerForbidden_ToARep(string path, RepCaller caller)
    {
        using var client = await SignInAsync(demo.RepA, caller);
        var product = (await demo.TopAtRiskAsync()).ProductId;

        var response = await client.GetAsync(path.Replace("{product}", product.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task MeApi_TellsTheRepWhoseCustomersItSees(RepCaller caller)
    {
        using var client = await SignInAsync(demo.RepB, caller);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(demo.RepB.RepId, me.GetProperty("repScope").GetInt64());
        Assert.Equal(["Rep"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList());
    }
}
