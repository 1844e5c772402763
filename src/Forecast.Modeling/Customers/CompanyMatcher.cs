using System.Globalization;
using System.Text;
using F23.StringSimilarity;

namespace Forecast.Modeling.Customers;

/// <summary>What one system knows about a company, as given (nothing normalised yet).</summary>
/// <param name="Name">Company name in any script, with or without legal form.</param>
/// <param name="TaxId">Tax id (Taiwanese 統一編號 or any other); separators are ignored.</param>
/// <param name="EmailOrDomain">An email address (<c>buyer@tatung.com.tw</c>) or a domain (<c>www.tatung.com.tw</c>).</param>
/// <param name="Country">ISO 3166 alpha-2 country code.</param>
public sealed record CompanyRecord(string? Name, string? TaxId, string? EmailOrDomain, string? Country);

/// <summary>A <see cref="CompanyRecord"/> normalised once, so that scoring many pairs does not normalise again.</summary>
public sealed class PreparedCompany
{
    internal PreparedCompany(CompanyName name, string? taxId, string? domain, bool freeMail, string? rawDomain, string? country)
    {
        Name = name;
        TaxId = taxId;
        Domain = domain;
        IsFreeMail = freeMail;
        RawDomain = rawDomain;
        Country = country;
    }

    public CompanyName Name { get; }
    /// <summary>Digits and letters of the tax id, upper case; null when absent.</summary>
    public string? TaxId { get; }
    /// <summary>The company's own email domain; null when absent or a free-mail provider's.</summary>
    public string? Domain { get; }
    /// <summary>The domain given belongs to a free-mail provider (gmail.com, hinet.net...): says nothing about the company.</summary>
    public bool IsFreeMail { get; }
    /// <summary>The domain as given, lower case (also when free-mail), for the evidence text.</summary>
    public string? RawDomain { get; }
    public string? Country { get; }

    /// <summary>
    /// Keys under which candidate pairs are looked for (blocking, Christen 2012 ch. 4): the tax id, the email domain,
    /// each Latin word of two or more letters, the first four letters of the Latin key (catches typos in later words),
    /// and each pair of adjacent Han characters. Two records are compared only if they share a key.
    /// </summary>
    public IEnumerable<string> BlockingKeys()
    {
        if (TaxId is not null)
            yield return "t:" + TaxId;
        if (Domain is not null)
            yield return "d:" + Domain;
        var key = Name.Key;
        if (Name.Script == NameScript.Han)
        {
            for (var i = 0; i + 1 < key.Length; i++)
                yield return "h:" + key.Substring(i, 2);
        }
        else if (key.Length > 0)
        {
            foreach (var token in Name.Tokens.Where(t => t.Length >= 2).Distinct(StringComparer.Ordinal))
                yield return "w:" + token;
            yield return "p:" + key[..Math.Min(4, key.Length)];
        }
    }
}

/// <summary>How two names compare.</summary>
public enum NameAgreement
{
    /// <summary>One or both names are missing.</summary>
    Missing,
    /// <summary>Different scripts (Chinese vs English): spelling says nothing; the same company often has both names.</summary>
    NotComparable,
    /// <summary>Equal after normalisation.</summary>
    Exact,
    /// <summary>One or two typing errors apart in a long Latin name (normalised Levenshtein similarity ≥ 0.9).</summary>
    NearlyExact,
    /// <summary>Equal once generic words (工業, Industrial...) are removed: 大同工業 and 大同實業 are not always one company.</summary>
    CoreEqual,
    /// <summary>One name contains the other (a city prefix or a trade word more): 台中大同精密 and 大同精密.</summary>
    Contains,
    /// <summary>Similar (similarity ≥ 0.75) but not close enough to trust: 大同精密 and 大同精機.</summary>
    Similar,
    /// <summary>Same script, different names.</summary>
    Different,
}

/// <summary>One comparison's contribution to a match score.</summary>
/// <param name="Field">What was compared: <c>tax-id</c>, <c>name</c>, <c>domain</c>, <c>country</c>.</param>
/// <param name="Weight">Its log-likelihood ratio (natural log): positive for agreement, negative for disagreement, 0 when unknown.</param>
/// <param name="Text">The evidence in words.</param>
public sealed record MatchEvidence(string Field, double Weight, string Text);

/// <summary>The result of comparing two company records.</summary>
/// <param name="Probability">Posterior probability that both records are the same company.</param>
/// <param name="LogOdds">The same on the log-odds scale (prior plus the sum of evidence weights).</param>
/// <param name="Name">How the names compared.</param>
/// <param name="NameSimilarity">Normalised Levenshtein similarity of the name keys (0 when not comparable).</param>
/// <param name="Evidence">Each comparison with its weight and words.</param>
public sealed record MatchScore(double Probability, double LogOdds, NameAgreement Name, double NameSimilarity, IReadOnlyList<MatchEvidence> Evidence)
{
    /// <summary>The decisive evidence first, joined into one sentence for a reviewer.</summary>
    public string Explain() => string.Join("; ", Evidence.OrderByDescending(e => Math.Abs(e.Weight)).Select(e => e.Text));
}

/// <summary>
/// Scores whether an ERP customer and a CRM account are the same company, with the evidence in words.
/// </summary>
/// <remarks>
/// Fellegi and Sunter, "A theory for record linkage", <i>JASA</i> 64 (1969) 1183–1210: each field comparison adds its
/// log-likelihood ratio log(m/u) on agreement or log((1−m)/(1−u)) on disagreement to the prior log-odds, and a missing
/// field adds nothing. The m (agreement among true matches) and u (agreement among non-matches within a block)
/// probabilities are set from what ERP/CRM pairs look like in the field and are listed in
/// <see cref="CompanyMatchWeights"/>; the thresholds that turn probabilities into decisions live with the caller.
/// Name similarity is the normalised Levenshtein similarity (Levenshtein 1966) of the normalised keys
/// (<see cref="CompanyName"/>); Jaro-Winkler was rejected because its prefix bonus rates
/// "Tatung Precision" and "Tatung Precision Machinery" as near-identical.
/// </remarks>
public sealed class CompanyMatcher(CompanyMatchWeights weights)
{
    private static readonly NormalizedLevenshtein Levenshtein = new();

    private static readonly string[] FreeMailDomains =
    [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.com.tw", "yahoo.co.jp", "hotmail.com", "hotmail.com.tw",
        "outlook.com", "live.com", "msn.com", "icloud.com", "me.com", "aol.com", "protonmail.com", "proton.me",
        "hinet.net", "seed.net.tw", "pchome.com.tw", "so-net.net.tw", "qq.com", "163.com", "126.com", "sina.com",
        "gmx.de", "gmx.net", "web.de", "t-online.de", "naver.com", "mail.com", "yandex.ru",
    ];

    public CompanyMatcher()
        : this(CompanyMatchWeights.Default)
    {
    }

    public CompanyMatchWeights Weights { get; } = weights;

    /// <summary>Normalises a record for scoring and blocking.</summary>
    public static PreparedCompany Prepare(CompanyRecord record)
    {
        var raw = NormalizeDomain(record.EmailOrDomain);
        var free = raw is not null && IsFreeMail(raw);
        return new PreparedCompany(
            CompanyName.Parse(record.Name),
            NormalizeTaxId(record.TaxId),
            free ? null : raw,
            free,
            raw,
            string.IsNullOrWhiteSpace(record.Country) ? null : record.Country.Trim().ToUpperInvariant());
    }

    /// <summary>Scores an ERP customer against a CRM account (the order only matters for the evidence words).</summary>
    public MatchScore Score(CompanyRecord erp, CompanyRecord crm) => Score(Prepare(erp), Prepare(crm));

    /// <summary>Scores an ERP customer against a CRM account.</summary>
    public MatchScore Score(PreparedCompany erp, PreparedCompany crm)
    {
        var evidence = new List<MatchEvidence>(4);
        var w = Weights;

        if (erp.TaxId is not null && crm.TaxId is not null)
        {
            evidence.Add(erp.TaxId == crm.TaxId
                ? new MatchEvidence("tax-id", w.TaxIdAgree, $"tax id {erp.TaxId} is the same in both")
                : new MatchEvidence("tax-id", w.TaxIdDisagree, $"tax ids differ (ERP {erp.TaxId}, CRM {crm.TaxId})"));
        }

        var (agreement, similarity) = CompareNames(erp.Name, crm.Name);
        evidence.Add(agreement switch
        {
            NameAgreement.Exact => new MatchEvidence("name", w.NameExact, $"names are equal once normalised ('{erp.Name.Key}')"),
            NameAgreement.NearlyExact => new MatchEvidence("name", w.NameNearlyExact,
                $"names differ by a typo ('{erp.Name.Key}' vs '{crm.Name.Key}', similarity {similarity:0.00})"),
            NameAgreement.CoreEqual => new MatchEvidence("name", w.NameCoreEqual,
                $"names share '{erp.Name.Core}' but differ in generic words ('{erp.Name.Key}' vs '{crm.Name.Key}')"),
            NameAgreement.Contains => new MatchEvidence("name", w.NameContains,
                $"one name contains the other ('{erp.Name.Key}' vs '{crm.Name.Key}')"),
            NameAgreement.Similar => new MatchEvidence("name", w.NameSimilar,
                $"names are similar, not equal ('{erp.Name.Key}' vs '{crm.Name.Key}', similarity {similarity:0.00})"),
            NameAgreement.Different => new MatchEvidence("name", w.NameDifferent,
                $"names differ ('{erp.Name.Key}' vs '{crm.Name.Key}', similarity {similarity:0.00})"),
            NameAgreement.NotComparable => new MatchEvidence("name", 0,
                $"names are in different scripts ('{erp.Name.Original}' vs '{crm.Name.Original}'): not compared"),
            _ => new MatchEvidence("name", 0, "a name is missing"),
        });

        if (erp.Domain is not null && crm.Domain is not null)
        {
            evidence.Add(SameDomain(erp.Domain, crm.Domain)
                ? new MatchEvidence("domain", w.DomainAgree, $"email domain {crm.Domain} is the same in both")
                : new MatchEvidence("domain", w.DomainDisagree, $"email domains differ (ERP {erp.Domain}, CRM {crm.Domain})"));
        }
        else if (erp.IsFreeMail || crm.IsFreeMail)
        {
            var which = erp.IsFreeMail ? $"ERP email is at free-mail {erp.RawDomain}" : $"CRM domain is free-mail {crm.RawDomain}";
            evidence.Add(new MatchEvidence("domain", 0, which + ": domain not used"));
        }

        if (erp.Country is not null && crm.Country is not null)
        {
            evidence.Add(erp.Country == crm.Country
                ? new MatchEvidence("country", w.CountryAgree, $"country {erp.Country} is the same")
                : new MatchEvidence("country", w.CountryDisagree, $"countries differ (ERP {erp.Country}, CRM {crm.Country})"));
        }

        var logOdds = w.PriorLogOdds + evidence.Sum(e => e.Weight);
        return new MatchScore(1 / (1 + Math.Exp(-logOdds)), logOdds, agreement, similarity, evidence);
    }

    /// <summary>Compares two normalised names (see <see cref="NameAgreement"/> for the levels).</summary>
    public static (NameAgreement Agreement, double Similarity) CompareNames(CompanyName a, CompanyName b)
    {
        if (a.Key.Length == 0 || b.Key.Length == 0)
            return (NameAgreement.Missing, 0);
        if (a.Script != b.Script)
            return (NameAgreement.NotComparable, 0);
        if (a.Key == b.Key)
            return (NameAgreement.Exact, 1);
        var similarity = Levenshtein.Similarity(a.Key, b.Key);
        // One typo in a short key (or any one-character change in Chinese, where one character is a word) changes
        // the company as often as it is a slip of the finger, so only long Latin keys earn the near-exact level.
        if (a.Script == NameScript.Latin && similarity >= 0.9 && Math.Min(a.Key.Length, b.Key.Length) >= 8)
            return (NameAgreement.NearlyExact, similarity);
        if (a.Core.Length >= 2 && a.Core == b.Core)
            return (NameAgreement.CoreEqual, similarity);
        var (shorter, longer) = a.Key.Length <= b.Key.Length ? (a.Key, b.Key) : (b.Key, a.Key);
        if (shorter.Length >= (a.Script == NameScript.Han ? 3 : 6) && shorter.Length * 2 >= longer.Length
            && longer.Contains(shorter, StringComparison.Ordinal))
            return (NameAgreement.Contains, similarity);
        return similarity >= 0.75 ? (NameAgreement.Similar, similarity) : (NameAgreement.Different, similarity);
    }

    /// <summary>The domain part of an email or URL, lower case, without <c>www.</c>; null when there is none.</summary>
    public static string? NormalizeDomain(string? emailOrDomain)
    {
        if (string.IsNullOrWhiteSpace(emailOrDomain))
            return null;
        var s = emailOrDomain.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var at = s.LastIndexOf('@');
        if (at >= 0)
            s = s[(at + 1)..];
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
            s = s[(scheme + 3)..];
        var slash = s.IndexOfAny(['/', '?', '#', ':']);
        if (slash >= 0)
            s = s[..slash];
        s = s.Trim('.', ' ', '>', '<');
        if (s.StartsWith("www.", StringComparison.Ordinal))
            s = s[4..];
        return s.Contains('.', StringComparison.Ordinal) ? s : null;
    }

    /// <summary>True for free-mail and ISP mail providers (also their subdomains, such as <c>ms1.hinet.net</c>).</summary>
    public static bool IsFreeMail(string domain) =>
        FreeMailDomains.Any(f => domain == f || domain.EndsWith("." + f, StringComparison.Ordinal));

    /// <summary>Letters and digits of a tax id, upper case; null when it has none.</summary>
    public static string? NormalizeTaxId(string? taxId)
    {
        if (string.IsNullOrWhiteSpace(taxId))
            return null;
        var sb = new StringBuilder(taxId.Length);
        foreach (var c in taxId.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
                sb.Append(char.ToUpperInvariant(c));
        }
        return sb.Length > 0 ? sb.ToString() : null;
    }

    /// <summary>Same registrable domain: equal, or one a subdomain of the other (<c>mail.tatung.com.tw</c>, <c>tatung.com.tw</c>).</summary>
    public static bool SameDomain(string a, string b) =>
        a == b || a.EndsWith("." + b, StringComparison.Ordinal) || b.EndsWith("." + a, StringComparison.Ordinal);

    /// <summary>Formats a probability for people: <c>0.97</c>.</summary>
    public static string Format(double probability) => probability.ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>
/// The log-likelihood ratios (natural log) that <see cref="CompanyMatcher"/> adds per comparison, after
/// Fellegi and Sunter (1969). Each default is log(m/u) or log((1−m)/(1−u)) for the m and u stated beside it.
/// </summary>
public sealed record CompanyMatchWeights
{
    /// <summary>log-odds before any evidence: about 1 in 20 pairs that share a blocking key are the same company.</summary>
    public double PriorLogOdds { get; init; } = -3.0;
    /// <summary>m = 0.99, u = 1e-5: two companies share a tax id only by a typing error.</summary>
    public double TaxIdAgree { get; init; } = 11.5;
    /// <summary>m = 0.99 (1% of true pairs carry a mistyped tax id), u ≈ 1: ln(0.01).</summary>
    public double TaxIdDisagree { get; init; } = -4.6;
    /// <summary>m = 0.45, u = 4e-4.</summary>
    public double NameExact { get; init; } = 7.0;
    /// <summary>m = 0.08, u = 5e-4.</summary>
    public double NameNearlyExact { get; init; } = 5.0;
    /// <summary>m = 0.1, u = 3e-3.</summary>
    public double NameCoreEqual { get; init; } = 3.5;
    /// <summary>m = 0.05, u = 2.5e-3: a prefix or a word more, as often a sister company as the same one.</summary>
    public double NameContains { get; init; } = 3.0;
    /// <summary>m = 0.1, u = 0.04.</summary>
    public double NameSimilar { get; init; } = 0.9;
    /// <summary>m = 0.08, u = 0.95 among same-script pairs.</summary>
    public double NameDifferent { get; init; } = -2.5;
    /// <summary>m = 0.9, u = 1.4e-3 (group companies sometimes share one domain).</summary>
    public double DomainAgree { get; init; } = 6.5;
    /// <summary>m = 0.9: a company with two domains, ln(0.1/1) ≈ −2.3, softened to −1.5 for subsidiaries' domains.</summary>
    public double DomainDisagree { get; init; } = -1.5;
    /// <summary>m = 0.98, u = 0.7 (most customers are domestic).</summary>
    public double CountryAgree { get; init; } = 0.3;
    /// <summary>m = 0.98, u = 0.3: ln(0.02/0.3).</summary>
    public double CountryDisagree { get; init; } = -2.7;

    public static CompanyMatchWeights Default { get; } = new();
}
