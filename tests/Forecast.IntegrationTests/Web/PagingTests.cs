using System.Net;
using System.Text.RegularExpressions;
using Forecast.Core.Access;
using Forecast.DemoWorld;
using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.Web;

/// <summary>A world with more than one page of products and customers, for the lists' paging.</summary>
public sealed class PagingWorld : IAsyncLifetime
{
    public WebApp App { get; } = new();
    public DemoWorld.DemoWorld World { get; } = DemoWorldGenerator.Generate(new DemoWorldOptions { Customers = 70, Products = 60, Years = 1 });

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        await using (var db = App.Database.CreateContext())
            await DemoWorldSeeder.SeedAsync(db, World, DemoSeedParts.All);
        await PipelineRunner.RunAsync(App.Database, World.Options.AsOf, ["customers", "demand", "inventory"]);
    }

    public Task DisposeAsync() => App.DisposeAsync();
}

/// <summary>
/// "Next →" reaches the next page. It used to link to the first page: the query parameter was called <c>page</c>,
/// which is Razor Pages' own route value, so products 51+ and customers 51+ could not be reached.
/// </summary>
public sealed partial class PagingTests(PagingWorld world) : IClassFixture<PagingWorld>
{
    [Theory]
    [InlineData("/planner")]
    [InlineData("/reps/customers")]
    public async Task Next_ShowsPageTwo_WithOtherRows(string path)
    {
        using var client = world.App.CreateClient(await world.App.IssueTokenAsync(Roles.Admin));

        var first = await client.GetStringAsync(path);
        var pages = PageCount().Match(first);
        Assert.True(pages.Success && int.Parse(pages.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2, "the list has one page: nothing to check");
        var next = WebUtility.HtmlDecode(NextLink().Match(first).Groups["href"].Value);
        Assert.False(string.IsNullOrEmpty(next), "no rel=next link on page 1");

        var second = await client.GetStringAsync(next);

        Assert.Contains($"Page 2 of {pages.Groups["n"].Value}", second, StringComparison.Ordinal);
        var rowsOne = Rows().Matches(first).Select(m => m.Value).ToHashSet();
        var rowsTwo = Rows().Matches(second).Select(m => m.Value).ToList();
        Assert.NotEmpty(rowsTwo);
        Assert.DoesNotContain(rowsTwo, rowsOne.Contains);
    }

    [GeneratedRegex(@"Page 1 of (?<n>\d+)")]
    private static partial Regex PageCount();

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\" rel=\"next\"")]
    private static partial Regex NextLink();

    // The links of a list's rows: a product's or a customer's page.
    [GeneratedRegex("href=\"/(planner/products|reps/customers)/\\d+\"")]
    private static partial Regex Rows();
}
