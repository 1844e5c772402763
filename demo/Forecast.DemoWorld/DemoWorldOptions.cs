namespace Forecast.DemoWorld;

/// <summary>The generator's parameters; the same parameters always give the same world, byte for byte.</summary>
public sealed record DemoWorldOptions
{
    /// <summary>The default export date: fixed, so that seed 42 always gives the same files.</summary>
    public static readonly DateOnly DefaultAsOf = new(2026, 11, 27);

    public int Seed { get; init; } = 42;
    /// <summary>ERP customers (CRM prospects come on top, roughly one for every five customers).</summary>
    public int Customers { get; init; } = 300;
    public int Products { get; init; } = 200;
    /// <summary>Years of history up to <see cref="AsOf"/>.</summary>
    public int Years { get; init; } = 3;
    /// <summary>The day of the exports: the last day with data.</summary>
    public DateOnly AsOf { get; init; } = DefaultAsOf;

    public DateOnly Start => AsOf.AddYears(-Years).AddDays(1);

    /// <summary>Says what is wrong with the parameters, or null when they are fine.</summary>
    public string? Validate()
    {
        if (Customers is < 10 or > 1_000_000)
            return $"--customers must be between 10 and 1,000,000 (got {Customers}).";
        if (Products is < 20 or > 200_000)
            return $"--products must be between 20 and 200,000 (got {Products}).";
        if (Years is < 1 or > 20)
            return $"--years must be between 1 and 20 (got {Years}).";
        if (AsOf.Year is < 1990 or > 2100)
            return $"--as-of must be between 1990 and 2100 (got {AsOf:yyyy-MM-dd}).";
        return null;
    }
}
