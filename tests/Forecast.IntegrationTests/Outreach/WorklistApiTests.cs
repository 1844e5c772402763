using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forecast.Core.Outreach.Reminders;
using Forecast.IntegrationTests.Web;
using Microsoft.EntityFrameworkCore;

namespace Forecast.IntegrationTests.Outreach;

/// <summary>
/// The worklist in the JSON API, called as a rep with an API token: list (view, sort, paging), detail, edit, mark sent,
/// dismiss with a reason, snooze; open deals. Bad input is a 400 problem naming the field and changes nothing; another
/// rep's reminder or deal is 404.
/// </summary>
public sealed class WorklistApiTests(WorklistWorld world) : IClassFixture<WorklistWorld>
{
    private HttpClient Amy() => world.App.CreateClient(world.AmyToken);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A 400 problem whose errors name exactly this field.</summary>
    private static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field)
    {
        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList());
    }

    private static List<long> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();

    [Fact]
    public async Task List_RanksByExpectedValue_SortsAndPages_AndRefusesAnUnknownSort()
    {
        using var client = Amy();

        var all = await client.GetFromJsonAsync<JsonElement>("/api/reminders?take=500");
        var values = all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("expectedValue").GetDecimal()).ToList();
        Assert.True(values.Count > 10);
        Assert.Equal(values.OrderDescending(), values);
        Assert.Equal(12_000m, values[0]);
        Assert.Equal("TWD", all.GetProperty("items")[0].GetProperty("currency").GetString());
        Assert.DoesNotContain(all.GetProperty("items").EnumerateArray(), i => i.GetProperty("customerName").GetString() == WorklistWorld.Taiwan);

        var byDue = await client.GetFromJsonAsync<JsonElement>("/api/reminders?sort=dueDate&take=500");
        var due = byDue.GetProperty("items").EnumerateArray().Select(i => DateOnly.Parse(i.GetProperty("dueDate").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(due.Order(), due);
        var byCustomer = await client.GetFromJsonAsync<JsonElement>("/api/reminders?sort=Customer&take=500");
        var names = byCustomer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("customerName").GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);

        var second = await client.GetFromJsonAsync<JsonElement>("/api/reminders?skip=2&take=2");
        Assert.Equal(Ids(all).Skip(2).Take(2), Ids(second));
        Assert.Equal(all.GetProperty("total").GetInt32(), second.GetProperty("total").GetInt32());

        await AssertFieldErrorAsync(await client.GetAsync("/api/reminders?sort=value"), "sort");
        await AssertFieldErrorAsync(await client.GetAsync("/api/reminders?status=2"), "status");
        await AssertFieldErrorAsync(await client.GetAsync("/api/reminders?take=0"), "take");
    }

    [Fact]
    public async Task Detail_GivesTheValueAndWhatItIsMadeOf_ForAReorderAPriceLessReorderAndADeal()
    {
        using var client = Amy();
        var acme = await world.ReminderAsync(WorklistWorld.Acme);
        var cobalt = await world.ReminderAsync(WorklistWorld.Cobalt);
        var gamma = await world.ReminderAsync(WorklistWorld.Gamma);

        var a = await client.GetFromJsonAsync<JsonElement>($"/api/reminders/{acme.Id}");
        Assert.Equal((2_800m, 4_000m, 0.7, "UsualOrder", 30, "TWD", "2026-06-06"),
            (a.GetProperty("expectedValue").GetDecimal(), a.GetProperty("valueBasis").GetDecimal(), a.GetProperty("valueProbability").GetDouble(),
             a.GetProperty("valueBasisKind").GetString(), a.GetProperty("valueHorizonDays").GetInt32(), a.GetProperty("currency").GetString(), a.GetProperty("dueDate").GetString()));
        Assert.Equal("ReorderDue", a.GetProperty("kind").GetString());

        var c = await client.GetFromJsonAsync<JsonElement>($"/api/reminders/{cobalt.Id}");
        Assert.Equal((2_000m, "ListPrice", "TWD"), (c.GetProperty("expectedValue").GetDecimal(), c.GetProperty("valueBasisKind").GetString(), c.GetProperty("currency").GetString()));

        var g = await client.GetFromJsonAsync<JsonElement>($"/api/reminders/{gamma.Id}");
        Assert.Equal(("StalledDeal", 12_000m, 20_000m, "Deal", "2026-06-21"),
            (g.GetProperty("kind").GetString(), g.GetProperty("expectedValue").GetDecimal(), g.GetProperty("valueBasis").GetDecimal(),
             g.GetProperty("valueBasisKind").GetString(), g.GetProperty("dueDate").GetString()));
    }

    [Fact]
    public async Task EveryReminderRoute_AnswersNotFound_ForAnotherRepsReminder_AndChangesNothing()
    {
        using var client = Amy();
        var theirs = await world.ReminderAsync(WorklistWorld.Taiwan);

        var get = await client.GetAsync($"/api/reminders/{theirs.Id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.DoesNotContain(WorklistWorld.Taiwan, await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/reminders/{theirs.Id}/draft", new { subject = "Hi", body = "Hello" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/reminders/{theirs.Id}/sent", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/reminders/{theirs.Id}/dismiss", new { reason = "NotBuying" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/reminders/{theirs.Id}/snooze", new { until = "2026-06-10" })).StatusCode);

        var after = await world.ReminderAsync(WorklistWorld.Taiwan);
        Assert.Equal((ReminderStatus.New, null, null, (DateOnly?)null), (after.Status, after.EditedSubject, after.DismissReasonCode, after.SnoozedUntil));
        Assert.Empty(await world.HistoryAsync(theirs.Id));
        // Wang himself sees it.
        using var wang = world.App.CreateClient(world.WangToken);
        Assert.Equal(HttpStatusCode.OK, (await wang.GetAsync($"/api/reminders/{theirs.Id}")).StatusCode);
    }

    [Fact]
    public async Task EditDraft_KeepsTheEdit_AndRefusesATwoLineSubject()
    {
        using var client = Amy();
        var r = await world.ReminderAsync("Mike Motors");

        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/draft", new { subject = "Hi\r\nBcc: x@evil.example", body = "Hello" }), "subject");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/draft", new { subject = "Hi", body = " " }), "body");
        Assert.Null((await world.ReminderAsync("Mike Motors")).EditedSubject);

        var done = await JsonAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/draft", new { subject = "Bearings for June?", body = "Dear buyer,\nShall I reserve 10?" }), HttpStatusCode.OK);
        Assert.Equal(("Bearings for June?", true), (done.GetProperty("subject").GetString(), done.GetProperty("draftEdited").GetBoolean()));
        Assert.Equal("DraftEdited", Assert.Single(done.GetProperty("history").EnumerateArray()).GetProperty("kind").GetString());
        Assert.Equal(r.DraftSubject, (await world.ReminderAsync("Mike Motors")).DraftSubject);
    }

    [Fact]
    public async Task MarkSent_RecordsWhoAndWhen_AndAnswersConflictTheSecondTime()
    {
        using var client = Amy();
        var r = await world.ReminderAsync("November Co");

        var done = await JsonAsync(await client.PostAsync($"/api/reminders/{r.Id}/sent", null), HttpStatusCode.OK);
        Assert.Equal("SentByRep", done.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/reminders/{r.Id}/sent", null)).StatusCode);

        var action = Assert.Single(await world.HistoryAsync(r.Id));
        Assert.Equal((ReminderActionKind.MarkedSent, "token:test-Rep"), (action.Kind, action.By));
        Assert.Equal(world.Clock.UtcNow, action.At);
    }

    [Fact]
    public async Task Dismiss_StoresTheCodeAndTheWords_AndRefusesAnUnknownReasonOrOtherWithoutWords()
    {
        using var client = Amy();
        var r = await world.ReminderAsync("Oscar Supply");

        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/dismiss", new { reason = "Bored" }), "reason");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/dismiss", new { }), "reason");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/dismiss", new { reason = "Other", note = "  " }), "note");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/dismiss", new { reason = "Other", note = new string('x', 501) }), "note");
        Assert.Equal(ReminderStatus.New, (await world.ReminderAsync("Oscar Supply")).Status);
        Assert.Empty(await world.HistoryAsync(r.Id));

        var done = await JsonAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/dismiss", new { reason = "wrongContact", note = "Buyer left in March" }), HttpStatusCode.OK);
        Assert.Equal(("Dismissed", "WrongContact", "Buyer left in March"),
            (done.GetProperty("status").GetString(), done.GetProperty("dismissReason").GetString(), done.GetProperty("dismissNote").GetString()));
        var action = Assert.Single(await world.HistoryAsync(r.Id));
        Assert.Equal((ReminderActionKind.Dismissed, DismissReason.WrongContact, "Buyer left in March"), (action.Kind, action.ReasonCode, action.Note));
    }

    [Fact]
    public async Task Snooze_HidesItFromTheOpenList_UntilTheDate_AndRefusesThePastAYearAheadAndNonDates()
    {
        using var client = Amy();
        var r = await world.ReminderAsync("Papa Machines");

        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/snooze", new { until = "2026-05-31" }), "until");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/snooze", new { until = "2026-06-01" }), "until");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/snooze", new { until = "2027-06-02" }), "until");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/snooze", new { until = "next week" }), "until");
        await AssertFieldErrorAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/snooze", new { }), "until");
        Assert.Null((await world.ReminderAsync("Papa Machines")).SnoozedUntil);

        var done = await JsonAsync(await client.PostAsJsonAsync($"/api/reminders/{r.Id}/snooze", new { until = "2027-06-01" }), HttpStatusCode.OK);
        Assert.Equal("2027-06-01", done.GetProperty("snoozedUntil").GetString());
        Assert.DoesNotContain(r.Id, Ids(await client.GetFromJsonAsync<JsonElement>("/api/reminders?take=500")));
        Assert.Contains(r.Id, Ids(await client.GetFromJsonAsync<JsonElement>("/api/reminders?status=snoozed&take=500")));
        var action = Assert.Single(await world.HistoryAsync(r.Id));
        Assert.Equal((ReminderActionKind.Snoozed, new DateOnly(2027, 6, 1)), (action.Kind, action.SnoozedUntil));
    }

    [Fact]
    public async Task BrowserSession_NeedsTheAntiforgeryToken_ToAct()
    {
        using var client = await SignedInClient.CreateAsync(world.App, world.Amy.Email, world.Amy.Password);
        var r = await world.ReminderAsync("Quebec Steel");

        var forged = await client.PostAsync($"/api/reminders/{r.Id}/sent", null);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(ReminderStatus.New, (await world.ReminderAsync("Quebec Steel")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/reminders/{r.Id}")).StatusCode);
    }

    [Fact]
    public async Task Deals_ListTheRepsOpenDeals_AndAnotherRepsDealIsNotFound()
    {
        using var client = Amy();

        var deals = await client.GetFromJsonAsync<JsonElement>("/api/deals");
        var deal = Assert.Single(deals.GetProperty("items").EnumerateArray());
        Assert.Equal((world.AmyDeal, 20_000m, "TWD", 0.6, 12_000m, "2026-06-21"),
            (deal.GetProperty("id").GetInt64(), deal.GetProperty("amount").GetDecimal(), deal.GetProperty("currency").GetString(),
             deal.GetProperty("winProbability").GetDouble(), deal.GetProperty("expectedValue").GetDecimal(), deal.GetProperty("expectedClose").GetString()));
        Assert.Contains("won 3 of the last 4 deals", deal.GetProperty("factors")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/deals/{world.AmyDeal}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/deals/{world.WangDeal}")).StatusCode);
        await AssertFieldErrorAsync(await client.GetAsync("/api/deals?sort=biggest"), "sort");

        using var wang = world.App.CreateClient(world.WangToken);
        var his = await wang.GetFromJsonAsync<JsonElement>("/api/deals?sort=CloseDate");
        Assert.Equal([world.WangDeal], Ids(his));
    }

    [Fact]
    public async Task OpenApi_DescribesEveryWorklistRoute_WithItsSchemas()
    {
        using var client = world.App.CreateClient();

        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/reminders", "/api/reminders/{id}", "/api/reminders/{id}/draft", "/api/reminders/{id}/sent", "/api/reminders/{id}/dismiss", "/api/reminders/{id}/snooze", "/api/deals", "/api/deals/{id}" })
            Assert.True(paths.EnumerateObject().Any(p => p.Name.TrimEnd('/') == path), $"{path} is not in the OpenAPI document");
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        foreach (var schema in new[] { "ReminderPage", "ReminderDetailResponse", "DismissRequest", "SnoozeRequest", "DraftEditRequest", "OpenDealList" })
            Assert.True(schemas.TryGetProperty(schema, out _), $"schema {schema} missing");
    }
}
