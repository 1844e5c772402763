namespace Forecast.IntegrationTests.SecondWorld;

/// <summary>
/// Size and seed of the second world: an industrial-fastener and tooling distributor in Kaohsiung whose ERP and CRM
/// export differently from the demo's, and whose customers order by other laws. Written without reading the demo
/// world's generator, so that the product is tested on assumptions it was not built against.
/// </summary>
public sealed record SecondWorldOptions
{
    public int Seed { get; init; } = 2718;

    /// <summary>ERP customers at the start (prospects that are won later add a few).</summary>
    public int Customers { get; init; } = 200;

    public int Products { get; init; } = 90;

    /// <summary>CRM prospects (companies with no ERP customer when they enter the CRM) per ERP customer.</summary>
    public double ProspectsPerCustomer { get; init; } = 0.3;

    /// <summary>The export day D: every file holds only what was known by the end of this day.</summary>
    public DateOnly AsOf { get; init; } = new(2026, 3, 31);

    /// <summary>Years of ERP history before D (the ERP went live then: nothing older is exported).</summary>
    public int HistoryYears { get; init; } = 3;

    /// <summary>Days simulated after D to know the truth (next orders, deal outcomes).</summary>
    public int FutureDays { get; init; } = 365;

    /// <summary>
    /// The world's first day (the ERP's go-live); default: <see cref="HistoryYears"/> before D. With
    /// <see cref="LastDay"/> it fixes the world, so that several replay days D view the same company.
    /// </summary>
    public DateOnly? FirstDay { get; init; }

    /// <summary>The world's last simulated day; default: D + <see cref="FutureDays"/>.</summary>
    public DateOnly? LastDay { get; init; }

    public DateOnly Start => FirstDay ?? AsOf.AddYears(-HistoryYears).AddDays(1);

    public DateOnly End => LastDay ?? AsOf.AddDays(FutureDays);

    /// <summary>
    /// Where the world's own calendar puts "recent" (new customers, launches, prospects end 90, 120, 5 days before it):
    /// a year before its last day, so it does not move with the replay day D.
    /// </summary>
    public DateOnly Anchor => End.AddDays(-365);
}
