using Forecast.Core.Ingest;
using Forecast.IntegrationTests.Infrastructure;

namespace Forecast.IntegrationTests.Ingest;

/// <summary>What a new integrator reads in the report: merged rows said as merged, unknown deal stages, other systems' rows.</summary>
public sealed class IntegratorMessagesTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly IngestTestKit _kit = new(database);

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        Assert.Equal(ImportStatus.Succeeded, (await _kit.ImportAsync("demo-erp", IngestTestKit.Fixture("demo", "erp"))).Status);
    }

    public Task DisposeAsync()
    {
        _kit.Dispose();
        return Task.CompletedTask;
    }

    private static TargetMapping Target(ImportMapping mapping, string entity) => mapping.Files.SelectMany(f => f.Targets).Single(t => t.Entity == entity);

    [Fact]
    public async Task ImportAsync_CountsAndWarnsOfMergedRows_WhenAnExportWithoutAnIdIsKeyedByAccount()
    {
        var mapping = ImportMappings.Load("demo-crm");
        var activities = Target(mapping, "activities");
        activities.Key = ["Account_Id"];
        activities.Duplicates = "first";

        var result = await _kit.ImportAsync(mapping, IngestTestKit.Fixture("demo", "crm"));

        Assert.Equal(ImportStatus.Succeeded, result.Status);
        var report = result.Report.Files.Single(f => f.File == "Activities.csv").Targets.Single();
        Assert.Equal((3L, 2L, 1L, "first"), (report.Staged, report.Rows, report.Merged, report.MergedBy));
        Assert.Contains(result.Report.Warnings, w => w.Contains("Activities.csv: 1 activities row(s) shared a key (Account_Id)", StringComparison.Ordinal));
        Assert.Equal(2L, await _kit.ScalarAsync<long>("SELECT count(*) FROM crm.activities"));
    }

    [Fact]
    public async Task ImportAsync_SpellsKnownStagesCanonically_AndWarnsOfUnknownStagesOfOpenDeals()
    {
        var folder = _kit.Copy("demo/crm");
        IngestTestKit.Edit(folder, "Opportunities.csv", t => t.Replace(",Negotiation,", ",NEGOTIATION,", StringComparison.Ordinal)
            + "OP03,A001,U01,Taps,Verbal,10,15.03.2024,,,Open,Referral\nOP04,A001,U01,Dies,Lost Cause,10,15.03.2024,,01.04.2024,Lost,Referral\n");

        var result = await _kit.ImportAsync("demo-crm", folder);

        Assert.Equal(ImportStatus.Succeeded, result.Status);
        Assert.Equal("Negotiation", await _kit.ScalarAsync<string>("SELECT stage FROM crm.opportunities WHERE source_key = 'OP01'"));
        var warning = Assert.Single(result.Report.Warnings);
        Assert.Contains("\"Verbal\" (1)", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("Lost Cause", warning, StringComparison.Ordinal);
        Assert.Contains("\"codes\"", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_SaysHowToReferToAnotherSystemsRow_WhenTheProductExistsUnderTheErp()
    {
        var mapping = ImportMappings.Load("demo-crm");
        Target(mapping, "opportunity-lines").Fields["product"].System = null;

        var result = await _kit.ImportAsync(mapping, IngestTestKit.Fixture("demo", "crm"));

        Assert.Equal(ImportStatus.Rejected, result.Status);
        var error = result.Report.Errors.First(e => e.File == "Opportunity_Products.csv");
        Assert.Equal((2L, "Product_Code", "CN-1001"), (error.Line, error.Column, error.Value));
        Assert.Contains("exists under source system erp: to refer to it, set \"system\": \"erp\" on the field product", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_LinksAccountsToReps_WhenTheExportNamesRepsByEmail()
    {
        var folder = _kit.Copy("demo/crm");
        IngestTestKit.Edit(folder, "Accounts.csv", t => t.Replace(",U01\n", ",Amy.Chen@example.com\n", StringComparison.Ordinal).Replace(",U02\n", ",brian.wu@example.com\n", StringComparison.Ordinal));
        var mapping = ImportMappings.Load("demo-crm");
        Target(mapping, "accounts").Fields["ownerRep"] = new FieldMapping { Column = "Owner_Id", By = "email" };
        Assert.Empty(ImportMappings.Validate(mapping));

        var result = await _kit.ImportAsync(mapping, folder);

        Assert.True(result.Status == ImportStatus.Succeeded, result.Report.ToJson());
        Assert.Equal([["A001", "Amy Chen"], ["A002", "Brian Wu"]], await _kit.RowsAsync(
            "SELECT a.source_key, r.name FROM crm.accounts a JOIN crm.reps r ON r.id = a.owner_rep_id WHERE a.source_key IN ('A001', 'A002') ORDER BY 1"));
    }

    [Fact]
    public async Task ImportAsync_RejectsAReferenceByEmail_WhenNoRepHasTheAddress()
    {
        var folder = _kit.Copy("demo/crm");
        IngestTestKit.Edit(folder, "Accounts.csv", t => t.Replace(",U01\n", ",nobody@example.com\n", StringComparison.Ordinal));
        var mapping = ImportMappings.Load("demo-crm");
        Target(mapping, "accounts").Fields["ownerRep"] = new FieldMapping { Column = "Owner_Id", By = "email" };

        var result = await _kit.ImportAsync(mapping, folder);

        Assert.Equal(ImportStatus.Rejected, result.Status);
        Assert.Contains(result.Report.Errors, e => e.File == "Accounts.csv" && e.Line == 2 && e.Column == "Owner_Id"
            && e.Reason.Contains("no reps row with email 'nobody@example.com'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RefusesByOnAFieldTheReferredEntityDoesNotHave()
    {
        var mapping = ImportMappings.Load("demo-crm");
        Target(mapping, "accounts").Fields["ownerRep"] = new FieldMapping { Column = "Owner_Id", By = "phone" };
        Assert.Contains(ImportMappings.Validate(mapping), p => p.Contains("fields.ownerRep.by: \"phone\" is not a text field of reps", StringComparison.Ordinal));
    }
}
