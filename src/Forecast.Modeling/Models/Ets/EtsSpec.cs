namespace Forecast.Modeling.Models.Ets;

/// <summary>Error component of an ETS model.</summary>
public enum EtsError
{
    /// <summary>Additive errors (A).</summary>
    Additive,
    /// <summary>Multiplicative (relative) errors (M).</summary>
    Multiplicative,
}

/// <summary>Trend component of an ETS model (multiplicative trends are excluded, as in R's default).</summary>
public enum EtsTrend
{
    /// <summary>No trend (N).</summary>
    None,
    /// <summary>Additive trend (A).</summary>
    Additive,
    /// <summary>Additive damped trend (Ad).</summary>
    Damped,
}

/// <summary>Seasonal component of an ETS model.</summary>
public enum EtsSeason
{
    /// <summary>No season (N).</summary>
    None,
    /// <summary>Additive season (A).</summary>
    Additive,
    /// <summary>Multiplicative season (M).</summary>
    Multiplicative,
}

/// <summary>
/// One member of the ETS family in the taxonomy of Hyndman, Koehler, Ord &amp; Snyder (2008),
/// <i>Forecasting with Exponential Smoothing: The State Space Approach</i>, Springer, Table 2.1 / §2.5.
/// </summary>
public readonly record struct EtsSpec(EtsError Error, EtsTrend Trend, EtsSeason Season)
{
    /// <summary>Parses the R notation, e.g. <c>MAdM</c>, <c>ANN</c>, <c>AAA</c>.</summary>
    public static EtsSpec Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var c = code.Replace("(", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim();
        if (c.StartsWith("ETS", StringComparison.OrdinalIgnoreCase))
            c = c[3..];
        var damped = c.Contains('d', StringComparison.Ordinal);
        c = c.Replace("d", "", StringComparison.Ordinal);
        if (c.Length != 3)
            throw new FormatException($"'{code}' is not an ETS code such as ANN, AAdN or MAM.");
        var error = c[0] switch { 'A' => EtsError.Additive, 'M' => EtsError.Multiplicative, _ => throw new FormatException($"Unknown error type in '{code}'.") };
        var trend = c[1] switch
        {
            'N' => EtsTrend.None,
            'A' => damped ? EtsTrend.Damped : EtsTrend.Additive,
            _ => throw new FormatException($"Unknown or unsupported trend type in '{code}' (N, A or Ad)."),
        };
        var season = c[2] switch { 'N' => EtsSeason.None, 'A' => EtsSeason.Additive, 'M' => EtsSeason.Multiplicative, _ => throw new FormatException($"Unknown season type in '{code}'.") };
        return new EtsSpec(error, trend, season);
    }

    /// <summary>True for a trend component.</summary>
    public bool HasTrend => Trend != EtsTrend.None;

    /// <summary>True for a seasonal component.</summary>
    public bool HasSeason => Season != EtsSeason.None;

    /// <summary>R's notation, e.g. <c>ETS(M,Ad,N)</c>.</summary>
    public override string ToString() =>
        $"ETS({(Error == EtsError.Additive ? "A" : "M")},{Trend switch { EtsTrend.None => "N", EtsTrend.Additive => "A", _ => "Ad" }},{Season switch { EtsSeason.None => "N", EtsSeason.Additive => "A", _ => "M" }})";
}
