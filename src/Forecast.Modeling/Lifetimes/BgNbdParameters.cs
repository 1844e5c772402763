namespace Forecast.Modeling.Lifetimes;

/// <summary>
/// BG/NBD parameters (Fader, Hardie &amp; Lee 2005): while alive a customer buys at Poisson rate
/// lambda ~ Gamma(shape <see cref="R"/>, rate <see cref="Alpha"/>); after each purchase (and, in the MBG/NBD
/// variant of Batislam, Denizel &amp; Filiztekin 2007, also at time zero) the customer drops out with
/// probability p ~ Beta(<see cref="A"/>, <see cref="B"/>). Alpha is in the time unit of the data.
/// </summary>
public readonly record struct BgNbdParameters(double R, double Alpha, double A, double B)
{
    public bool IsValid => R > 0 && Alpha > 0 && A > 0 && B > 0
        && double.IsFinite(R) && double.IsFinite(Alpha) && double.IsFinite(A) && double.IsFinite(B);

    public override string ToString() =>
        FormattableString.Invariant($"r={R:G6}, alpha={Alpha:G6}, a={A:G6}, b={B:G6}");
}

/// <summary>Which dropout process: the original BG/NBD, or MBG/NBD where a customer may also drop out before any repeat purchase.</summary>
public enum BgNbdVariant
{
    /// <summary>Fader, Hardie &amp; Lee (2005): a customer can only die right after a purchase, so a customer with no repeat purchase is alive for sure.</summary>
    BgNbd,

    /// <summary>Batislam, Denizel &amp; Filiztekin (2007), "Empirical validation and comparison of models for customer base analysis": dropout also at time zero.</summary>
    ModifiedBgNbd,
}
