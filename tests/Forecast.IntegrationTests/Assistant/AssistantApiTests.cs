using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forecast.IntegrationTests.Web;

namespace Forecast.IntegrationTests.Assistant;

/// <summary><c>POST /api/assistant/ask</c> and the page's form: grounded answers, asking back, the rep scope, bad input.</summary>
public sealed class AssistantApiTests(AssistantWorld world) : IClassFixture<AssistantWorld>
{
    private static async Task<JsonElement> AskAsync(HttpClient client, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.PostAsJsonAsync("/api/assistant/ask", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Ask_AnswersInChinese_EverySentenceLinkedToItsRows_ForTheRepsOwnCustomer()
    {
        using var client = world.App.CreateClient(world.RepA.Token);
        var answer = await AskAsync(client, new { question = "幫我查一下台南張老闆的訂單進度" });

        Assert.Equal("Answer", answer.GetProperty("kind").GetString());
        Assert.Equal("zh-TW", answer.GetProperty("language").GetString());
        Assert.Equal(world.Customers["TN-ZHANG"], answer.GetProperty("customerId").GetInt64());
        var sentences = answer.GetProperty("sentences").EnumerateArray().ToList();
        Assert.True(sentences.Count >= 3, answer.ToString());
        Assert.All(sentences, s => Assert.NotEmpty(s.GetProperty("sources").EnumerateArray()));
        var hrefs = sentences.SelectMany(s => s.GetProperty("sources").EnumerateArray()).Select(l => l.GetProperty("href").GetString()).ToList();
        Assert.Contains($"/reps/customers/{world.Customers["TN-ZHANG"]}#order-{world.Orders["TN-ZHANG-OPEN"]}", hrefs);
        Assert.Contains($"/reps/customers/{world.Customers["TN-ZHANG"]}#invoice-INV-TN-ZHANG", hrefs);
        var text = string.Join(" ", sentences.Select(s => s.GetProperty("text").GetString()));
        Assert.Contains("TN-ZHANG-OPEN", text, StringComparison.Ordinal);
        Assert.Contains("未出貨", text, StringComparison.Ordinal);
        Assert.Contains("逾期", text, StringComparison.Ordinal);
        // Only this customer's rows: nothing of the other 張老闆s.
        Assert.DoesNotContain("TC-ZHANG", text, StringComparison.Ordinal);
        Assert.DoesNotContain("B-ZHANG", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_OnlyTheProductAsked_WhenTheQuestionNamesOne_InEnglish()
    {
        using var client = world.App.CreateClient(world.RepA.Token);
        var answer = await AskAsync(client, new { question = "where is Lin's order of bearings" });

        Assert.Equal("en", answer.GetProperty("language").GetString());
        Assert.Equal(world.Customers["LIN"], answer.GetProperty("customerId").GetInt64());
        var text = string.Join(" ", answer.GetProperty("sentences").EnumerateArray().Select(s => s.GetProperty("text").GetString()));
        Assert.Contains("LIN-OPEN", text, StringComparison.Ordinal);
        Assert.Contains("BR-1001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DR-1001", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_AsksBackWithTheRepsOwnCandidates_AndTheChoiceAnswers()
    {
        using var client = world.App.CreateClient(world.RepA.Token);
        var ask = await AskAsync(client, new { question = "張老闆的訂單到哪了" });

        Assert.Equal("AskBack", ask.GetProperty("kind").GetString());
        var choices = ask.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("customerId").GetInt64()).Order().ToList();
        Assert.Equal(new[] { world.Customers["TN-ZHANG"], world.Customers["TC-ZHANG"] }.Order().ToList(), choices);

        var answer = await AskAsync(client, new { question = "張老闆的訂單到哪了", customerId = world.Customers["TC-ZHANG"] });
        Assert.Equal("Answer", answer.GetProperty("kind").GetString());
        Assert.Equal(world.Customers["TC-ZHANG"], answer.GetProperty("customerId").GetInt64());
    }

    [Fact]
    public async Task Ask_AnswersNotFound_ForAnotherRepsCustomer_ByNameAndById_AsForNoCustomer()
    {
        using var client = world.App.CreateClient(world.RepA.Token);
        var byName = await AskAsync(client, new { question = "金豐鋼鐵的訂單" });
        var byId = await AskAsync(client, new { question = "訂單", customerId = world.Customers["B-STEEL"] });
        var nobody = await AskAsync(client, new { question = "訂單", customerId = 999_999_999L });

        Assert.Equal("NotFound", byName.GetProperty("kind").GetString());
        Assert.Equal(nobody.ToString(), byId.ToString());
        Assert.DoesNotContain("B-STEEL", byId.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("金豐", byId.ToString(), StringComparison.Ordinal);

        // Rep B, who owns it, is answered; and the page's form keeps the same rule for a signed-in rep A.
        using var owner = world.App.CreateClient(world.RepB.Token);
        Assert.Equal(world.Customers["B-STEEL"], (await AskAsync(owner, new { question = "金豐鋼鐵的訂單" })).GetProperty("customerId").GetInt64());
        using var browser = await SignedInClient.CreateAsync(world.App, world.RepA.Login.Email, world.RepA.Login.Password);
        var token = await SignedInClient.AntiforgeryTokenAsync(browser, "/reps/assistant");
        using var page = await browser.PostAsync("/reps/assistant", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Question"] = "訂單", ["CustomerId"] = world.Customers["B-STEEL"].ToString(System.Globalization.CultureInfo.InvariantCulture), ["__RequestVerificationToken"] = token,
        }));
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-kind=\"NotFound\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("金豐", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Ask_Refuses_AnEmptyQuestion_WithTheField(string question)
    {
        using var client = world.App.CreateClient(world.RepA.Token);
        var problem = await AskAsync(client, new { question }, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("question", out _), problem.ToString());
    }

    [Fact]
    public async Task Ask_Refuses_ATooLongQuestion_WithTheField()
    {
        using var client = world.App.CreateClient(world.RepA.Token);
        var problem = await AskAsync(client, new { question = new string('訂', 501) }, HttpStatusCode.BadRequest);
        Assert.Contains("500", problem.GetProperty("errors").GetProperty("question")[0].GetString(), StringComparison.Ordinal);
    }
}
