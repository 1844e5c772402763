using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forecast.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
/// The routes come from the running app's endpoint data source: a new planner or admin route is checked against a
/// rep automatically, and a new route a rep can reach fails the test until a scope test or a reason covers it.
/// </summary>
public sealed class RepScopeTests(DemoWebApp demo) : IClassFixture<DemoWebApp>
{
    public static TheoryData<RepCaller> Callers => new(Enum.GetValues<RepCaller>());

    /// <summary>
    /// Routes a rep may call, each with the test that shows it gives the rep only their own customers. A new route
    /// that a rep may reach must be added here with its test, or <see cref="EveryRoute_IsCheckedForRepScope_OrExemptedWithAReason"/> fails.
    /// </summary>
    private static readonly Dictionary<string, string> RepRoutes = new()
    {
        ["/reps/customers"] = nameof(CustomerListPageAndApi_ListExactlyTheRepsOwnCustomers),
        ["/reps/customers/{id:long}"] = nameof(CustomerPageAndApi_AnswerNotFoundWithoutData_WhenAnotherRepOwnsTheCustomer),
        ["/api/customers/"] = nameof(CustomerListApi_CannotBeWidened_WhenTheRepSearchesForAnotherRepsCustomer),
        ["/api/customers/{id:long}"] = nameof(CustomerPageAndApi_AnswerNotFoundWithoutData_WhenAnotherRepOwnsTheCustomer),
        ["/api/me"] = nameof(MeApi_TellsTheRepWhoseCustomersItSees),
        ["/reps/reminders"] = "Outreach.ReminderPagesTests.OtherRep_DoesNotSeeTheReminder_AndGets404OnItsId",
        ["/reps/reminders/{id:long}"] = "Outreach.ReminderPagesTests.OtherRep_DoesNotSeeTheReminder_AndGets404OnItsId",
        ["/reps/deals"] = "Outreach.WorklistBrowserTests.MyOpenDeals_ShowsTheRepsDealsWithWinProbabilityAndFactors_NotAnotherReps",
        ["/reps/deals/{id:long}"] = "Pricing.PriceSuggestionTests.PageAndApi_AnswerNotFound_ForAnotherRepsDeal",
        ["/api/deals/{id:long}/pricing"] = "Pricing.PriceSuggestionTests.PageAndApi_AnswerNotFound_ForAnotherRepsDeal",
        ["/api/reminders/"] = "Outreach.WorklistApiTests.List_RanksByExpectedValue_SortsAndPages_AndRefusesAnUnknownSort",
        ["/api/reminders/{id:long}"] = "Outreach.WorklistApiTests.EveryReminderRoute_AnswersNotFound_ForAnotherRepsReminder_AndChangesNothing",
        ["/api/reminders/{id:long}/draft"] = "Outreach.WorklistApiTests.EveryReminderRoute_AnswersNotFound_ForAnotherRepsReminder_AndChangesNothing",
        ["/api/reminders/{id:long}/sent"] = "Outreach.WorklistApiTests.EveryReminderRoute_AnswersNotFound_ForAnotherRepsReminder_AndChangesNothing",
        ["/api/reminders/{id:long}/dismiss"] = "Outreach.WorklistApiTests.EveryReminderRoute_AnswersNotFound_ForAnotherRepsReminder_AndChangesNothing",
        ["/api/reminders/{id:long}/snooze"] = "Outreach.WorklistApiTests.EveryReminderRoute_AnswersNotFound_ForAnotherRepsReminder_AndChangesNothing",
        ["/api/deals/"] = "Outreach.WorklistApiTests.Deals_ListTheRepsOpenDeals_AndAnotherRepsDealIsNotFound",
        ["/api/deals/{id:long}"] = "Outreach.WorklistApiTests.Deals_ListTheRepsOpenDeals_AndAnotherRepsDealIsNotFound",
        ["/reps/profitability"] = "Web.ProfitabilityTests.Page_ShowsOnlyTheRepsOwnCustomers_ForARep",
        ["/api/profitability"] = "Web.ProfitabilityTests.Api_GivesARepOnlyTheirOwnCustomers_AndNoRepTotals",
        ["/reps/won-deals"] = "ErpSync.WonDealsPageTests.Rep_SeesOwnWonDeals_TheirConversionTimeAndTheWonNotOrdered_NotAnotherReps",
        ["/api/won-deals"] = "ErpSync.WonDealsPageTests.WonDealsApi_GivesEachRepOnlyTheirOwnDeals",
        ["/reps/assistant"] = "Assistant.AssistantApiTests.Ask_AnswersNotFound_ForAnotherRepsCustomer_ByNameAndById_AsForNoCustomer",
        ["/api/assistant/ask"] = "Assistant.AssistantApiTests.Ask_AnswersNotFound_ForAnotherRepsCustomer_ByNameAndById_AsForNoCustomer",
    };

    /// <summary>Routes that show no customer or stock data, so a rep's scope does not apply, and why.</summary>
    private static readonly Dictionary<string, string> Exempt = new()
    {
        ["/"] = "the start page: links only",
        ["/account/login"] = "anonymous sign-in form",
        ["/account/logout"] = "ends the caller's own session",
        ["/account/denied"] = "the 'not allowed' page",
        ["/status/{code:int}"] = "the error page: a title and a sentence",
        ["/culture"] = "sets the language cookie",
        ["/health"] = "anonymous liveness probe",
        ["/openapi/{documentName}.json"] = "the API description: no data",
        ["/scalar/{documentName?}"] = "the API reference viewer: no data",
        ["/scalar/{**path}"] = "the API reference viewer's assets",
        ["/scalar/scalar.js"] = "the API reference viewer's script",
        ["/scalar/scalar.aspnetcore.js"] = "the API reference viewer's script",
        ["/scalar/favicon.svg"] = "the API reference viewer's icon",
    };

    /// <summary>A page or route found in the app's endpoint data source, with the policies it requires.</summary>
    public sealed record AppRoute(string Pattern, string Method, IReadOnlyList<string> Policies, bool Anonymous)
    {
        public bool PlannerOrAdminOnly => Policies.Contains(WebRegistration.PlannerPolicy) || Policies.Contains(WebRegistration.AdminPolicy);
        public override string ToString() => $"{Method} {Pattern}";
    }

    /// <summary>Every route the running app serves (pages, minimal API, Hangfire), read from its endpoint data source.</summary>
    private List<AppRoute> Routes() =>
        demo.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ISuppressMatchingMetadata>()?.SuppressMatching != true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new AppRoute(
                "/" + e.RoutePattern.RawText!.TrimStart('/'), method,
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList(),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .Where(r => r.Method is "GET" or "POST")
            .DistinctBy(r => r.ToString())
            .ToList();

    /// <summary>A path a client can ask for: each route parameter filled with a value that exists (or a harmless one).</summary>
    private static string Concrete(string pattern, long product) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "\\{\\**([a-zA-Z]+)[^}]*\\}", m => m.Groups[1].Value switch
        {
            "id" when pattern.Contains("products", StringComparison.Ordinal) => product.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "id" => "1",
            "system" => "erp",
            "entity" => "customers",
            "path" => "",
            var name => throw new InvalidOperationException($"{pattern}: give the route parameter '{name}' a sample value in RepScopeTests.Concrete."),
        });

    [Fact]
    public void EveryRoute_IsCheckedForRepScope_OrExemptedWithAReason()
    {
        var routes = Routes();
        Assert.Contains(routes, r => r.Pattern == "/planner" && r.PlannerOrAdminOnly);
        Assert.Contains(routes, r => r.Pattern == "/api/admin/pipeline-runs" && r.Method == "POST" && r.PlannerOrAdminOnly);

        var uncovered = routes.Where(r => !r.PlannerOrAdminOnly && !RepRoutes.ContainsKey(r.Pattern) && !Exempt.ContainsKey(r.Pattern)).ToList();

        Assert.True(uncovered.Count == 0,
            "Routes a rep can reach that no rep-scope test covers (add each to RepRoutes with its test, or to Exempt with a reason):\n"
            + string.Join("\n", uncovered.Select(r => $"{r} (policies: {string.Join(", ", r.Policies)}{(r.Anonymous ? "; anonymous" : "")})")));
        // The lists stay honest: nothing listed that the app no longer serves.
        var gone = RepRoutes.Keys.Concat(Exempt.Keys).Where(p => routes.All(r => r.Pattern != p) && !p.StartsWith("/scalar", StringComparison.Ordinal)).ToList();
        Assert.True(gone.Count == 0, "Listed but not served any more: " + string.Join(", ", gone));
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EveryPlannerAndAdminRoute_IsRefusedToARep(RepCaller caller)
    {
        using var client = await SignInAsync(demo.RepA, caller);
        var product = (await demo.TopAtRiskAsync()).ProductId;
        var routes = Routes().Where(r => r.PlannerOrAdminOnly).ToList();
        Assert.True(routes.Count >= 20, $"only {routes.Count} planner and admin routes found");
        var wrong = new List<string>();

        foreach (var route in routes.Append(new AppRoute("/planner?handler=Csv", "GET", [WebRegistration.PlannerPolicy], false)))
        {
            var path = Concrete(route.Pattern, product);
            using var response = route.Method == "POST"
                ? await client.PostAsync(path, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))
                : await client.GetAsync(path);
            var refused = response.StatusCode == HttpStatusCode.Forbidden
                || (response.StatusCode == HttpStatusCode.Redirect && !path.StartsWith("/api", StringComparison.Ordinal)
                    && response.Headers.Location is { } location
                    && (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString).StartsWith("/account/denied", StringComparison.Ordinal));
            if (!refused)
                wrong.Add($"{route.Method} {path}: {(int)response.StatusCode} {response.Headers.Location}");
        }

        Assert.True(wrong.Count == 0, "Answered a rep instead of refusing:\n" + string.Join("\n", wrong));
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
    [MemberData(nameof(Callers))]
    public async Task MeApi_TellsTheRepWhoseCustomersItSees(RepCaller caller)
    {
        using var client = await SignInAsync(demo.RepB, caller);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(demo.RepB.RepId, me.GetProperty("repScope").GetInt64());
        Assert.Equal(["Rep"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList());
    }
}
