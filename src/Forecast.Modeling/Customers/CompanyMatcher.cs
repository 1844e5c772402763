using System.Globalization;
using System.Text;
using F23.StringSimilarity;

namespace Forecast.Modeling.Customers;

/// <summary>What one system knows about a company, as given (nothing normalised yet).</summary>
/// <param name="Name">Company name in any script, with or without legal form (an ERP's registered name).</param>
/// <param name="TaxId">Tax id (Taiwanese 統一編號 or any other); separators are ignored.</param>
/// <param name="EmailOrDomain">An email address (<c>buyer@tatung.com.tw</c>) or a domain (<c>www.tatung.com.tw</c>).</param>
/// <param name="Country">ISO 3166 alpha-2 country code.</param>
public sealed record CompanyRecord(string? Name, string? TaxId, string? EmailOrDomain, string? Country)
{
    /// <summary>
    /// Other names of the same company: the English name next to a registered Chinese one, a short name. Each is
    /// compared like <see cref="Name"/>; the best-agreeing pair of names counts (see <see cref="CompanyMatcher"/>).
    /// </summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The company's website (<c>https://www.tatung.com.tw/en/</c>); only its domain is used.</summary>
    public string? Website { get; init; }

    /// <summary>Email addresses of people at the company (CRM contacts); only their domains are used, free-mail ignored.</summary>
    public IReadOnlyList<string> ContactEmails { get; init; } = [];
}

/// <summary>Where a company's domain was read.</summary>
public enum DomainSource
{
    /// <summary>The company's email address or email domain (ERP customer email, CRM account domain).</summary>
    Email,
    /// <summary>The company's website.</summary>
    Website,
    /// <summary>The email address of a contact person at the company.</summary>
    ContactEmail,
}

/// <summary>One of a company's own domains (never a free-mail provider's), with where it was read.</summary>
/// <param name="Domain">Lower case, without <c>www.</c> (<c>tatung.com.tw</c>).</param>
/// <param name="Source">Where it was read, for the evidence text.</param>
public sealed record CompanyDomain(string Domain, DomainSource Source);

/// <summary>A <see cref="CompanyRecord"/> normalised once, so that scoring many pairs does not normalise again.</summary>
public sealed class PreparedCompany
{
    internal PreparedCompany(IReadOnlyList<CompanyName> names, string? taxId, IReadOnlyList<CompanyDomain> domains, bool freeMail,
        string? rawDomain, string? country)
    {
        Names = names;
        TaxId = taxId;
        Domains = domains;
        IsFreeMail = freeMail;
        RawDomain = rawDomain;
        Country = country;
    }

    /// <summary>The main name (<see cref="CompanyRecord.Name"/>).</summary>
    public CompanyName Name => Names[0];
    /// <summary>The main name first, then each alias whose key differs from every earlier name's (empty keys dropped).</summary>
    public IReadOnlyList<CompanyName> Names { get; }
    /// <summary>Digits and letters of the tax id, upper case; null when absent.</summary>
    public string? TaxId { get; }
    /// <summary>The company's own email domain; null when absent or a free-mail provider's.</summary>
    public string? Domain => Domains.Count > 0 && Domains[0].Source == DomainSource.Email ? Domains[0].Domain : null;
    /// <summary>
    /// Every domain of the company's own, each once: its email's first, then its website's, then its contacts' (sorted);
    /// free-mail domains are left out.
    /// </summary>
    public IReadOnlyList<CompanyDomain> Domains { get; }
    /// <summary>The email domain given belongs to a free-mail provider (gmail.com, hinet.net...): says nothing about the company.</summary>
    public bool IsFreeMail { get; }
    /// <summary>The email domain as given, lower case (also when free-mail), for the evidence text.</summary>
    public string? RawDomain { get; }
    public string? Country { get; }

    /// <summary>
    /// Keys under which candidate pairs are looked for (blocking, Christen 2012 ch. 4): the tax id, every domain, and for
    /// every name (aliases too) each Latin word of two or more letters, the first four letters of the Latin key (catches
    /// typos in later words) and each pair of adjacent Han characters. Two records are compared only if they share a key.
    /// </summary>
    public IEnumerable<string> BlockingKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (TaxId is not null)
            keys.Add("t:" + TaxId);
        foreach (var domain in Domains)
            keys.Add("d:" + domain.Domain);
        foreach (var name in Names)
        {
            var key = name.Key;
            if (name.Script == NameScript.Han)
            {
                for (var i = 0; i + 1 < key.Length; i++)
                    keys.Add("h:" + key.Substring(i, 2));
            }
            else if (key.Length > 0)
            {
                foreach (var token in name.Tokens.Where(t => t.Length >= 2))
                    keys.Add("w:" + token);
                keys.Add("p:" + key[..Math.Min(4, key.Length)]);
            }
        }
        return keys;
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
        var names = new List<CompanyName> { CompanyName.Parse(record.Name) };
        foreach (var alias in record.Aliases)
        {
            var parsed = CompanyName.Parse(alias);
            // An alias that normalises to a name already known adds no evidence, only cost.
            if (parsed.Key.Length > 0 && names.TrueForAll(n => n.Key != parsed.Key))
                names.Add(parsed);
        }

        var raw = NormalizeDomain(record.EmailOrDomain);
        var free = raw is not null && IsFreeMail(raw);
        var domains = new List<CompanyDomain>();
        void AddDomain(string? domain, DomainSource source)
        {
            if (domain is not null && !IsFreeMail(domain) && domains.TrueForAll(d => d.Domain != domain))
                domains.Add(new CompanyDomain(domain, source));
        }
        AddDomain(raw, DomainSource.Email);
        AddDomain(NormalizeDomain(record.Website), DomainSource.Website);
        // Sorted, so the evidence text does not depend on the order contacts were loaded in.
        foreach (var domain in record.ContactEmails.Select(NormalizeDomain).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            AddDomain(domain, DomainSource.ContactEmail);

        return new PreparedCompany(
            names,
            NormalizeTaxId(record.TaxId),
            domains,
            free,
            raw,
            string.IsNullOrWhiteSpace(record.Country) ? null : record.Country.Trim().ToUpperInvariant());
    }

    /// <summary>Scores an ERP customer against a CRM account (the order only matters for the evidence words).</summary>
    public MatchScore Score(CompanyRecord erp, CompanyRecord crm) => Score(Prepare(erp), Prepare(crm));

    /// <summary>Scores an ERP customer against a CRM account.</summary>
    /// <remarks>
    /// Names and domains may have several values on each side; each is still one field of the comparison vector, so its
    /// evidence counts once (Fellegi–Sunter adds one log-likelihood ratio per field): the best-agreeing pair of names
    /// decides the name level, a disagreement counting only when no comparable pair agrees; any shared domain is one
    /// agreement, and domains disagree only when both sides have some and none is shared.
    /// </remarks>
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

        var names = CompareNameSets(erp, crm);
        evidence.Add(names.Evidence);

        var domain = CompareDomains(erp, crm);
        if (domain is not null)
        {
            evidence.Add(domain);
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
        return new MatchScore(1 / (1 + Math.Exp(-logOdds)), logOdds, names.Agreement, names.Similarity, evidence);
    }

    /// <summary>
    /// Every name of one side against every name of the other; the comparable pair with the highest weight decides,
    /// ties going to the main names (listed first). Pairs in different scripts say nothing.
    /// </summary>
    private (NameAgreement Agreement, double Similarity, MatchEvidence Evidence) CompareNameSets(PreparedCompany erp, PreparedCompany crm)
    {
        var best = (Agreement: NameAgreement.Missing, Similarity: 0.0, Weight: double.NegativeInfinity, Erp: 0, Crm: 0);
        var notComparable = false;
        for (var i = 0; i < erp.Names.Count; i++)
        {
            for (var j = 0; j < crm.Names.Count; j++)
            {
                var (agreement, similarity) = CompareNames(erp.Names[i], crm.Names[j]);
                if (agreement == NameAgreement.NotComparable)
                    notComparable = true;
                if (agreement is NameAgreement.Missing or NameAgreement.NotComparable)
                    continue;
                var weight = NameWeight(agreement);
                if (weight > best.Weight)
                    best = (agreement, similarity, weight, i, j);
            }
        }

        if (best.Agreement == NameAgreement.Missing)
        {
            return notComparable
                ? (NameAgreement.NotComparable, 0, new MatchEvidence("name", 0,
                    $"names are in different scripts ('{erp.Name.Original}' vs '{crm.Name.Original}'): not compared"))
                : (NameAgreement.Missing, 0, new MatchEvidence("name", 0, "a name is missing"));
        }

        var a = erp.Names[best.Erp];
        var b = crm.Names[best.Crm];
        var s = best.Similarity;
        string text;
        if (best.Erp == 0 && best.Crm == 0)
        {
            text = best.Agreement switch
            {
                NameAgreement.Exact => $"names are equal once normalised ('{a.Key}')",
                NameAgreement.NearlyExact => $"names differ by a typo ('{a.Key}' vs '{b.Key}', similarity {s:0.00})",
                NameAgreement.CoreEqual => $"names share '{a.Core}' but differ in generic words ('{a.Key}' vs '{b.Key}')",
                NameAgreement.Contains => $"one name contains the other ('{a.Key}' vs '{b.Key}')",
                NameAgreement.Similar => $"names are similar, not equal ('{a.Key}' vs '{b.Key}', similarity {s:0.00})",
                _ => $"names differ ('{a.Key}' vs '{b.Key}', similarity {s:0.00})",
            };
        }
        else
        {
            // An alias decided: say which name, as written, so a reviewer sees why a Chinese-named customer matched.
            var left = $"{AliasLabel(erp, best.Erp)} '{a.Original}'";
            var right = best.Crm == 0 ? $"'{b.Original}'" : $"the CRM's {AliasLabel(crm, best.Crm)} '{b.Original}'";
            text = best.Agreement switch
            {
                NameAgreement.Exact => $"{left} equals {right}",
                NameAgreement.NearlyExact => $"{left} and {right} differ by a typo (similarity {s:0.00})",
                NameAgreement.CoreEqual => $"{left} and {right} share '{a.Core}' but differ in generic words",
                NameAgreement.Contains => $"{left} and {right}: one contains the other",
                NameAgreement.Similar => $"{left} is similar to {right}, not equal (similarity {s:0.00})",
                _ => $"{left} differs from {right} (similarity {s:0.00})",
            };
        }
        if (best.Agreement == NameAgreement.Different && erp.Names.Count * crm.Names.Count > 1)
            text += "; no other name agrees either";
        return (best.Agreement, s, new MatchEvidence("name", best.Weight, text));
    }

    /// <summary>An alias named by its script when it differs from the main name's: "English name", "Chinese name".</summary>
    private static string AliasLabel(PreparedCompany company, int index)
    {
        if (index == 0)
            return "name";
        var script = company.Names[index].Script;
        if (script == company.Name.Script)
            return "other name";
        return script switch
        {
            NameScript.Latin => "English name",
            NameScript.Han => "Chinese name",
            _ => "other name",
        };
    }

    private double NameWeight(NameAgreement agreement) => agreement switch
    {
        NameAgreement.Exact => Weights.NameExact,
        NameAgreement.NearlyExact => Weights.NameNearlyExact,
        NameAgreement.CoreEqual => Weights.NameCoreEqual,
        NameAgreement.Contains => Weights.NameContains,
        NameAgreement.Similar => Weights.NameSimilar,
        NameAgreement.Different => Weights.NameDifferent,
        _ => 0,
    };

    /// <summary>One domain comparison over all domains of both sides, or null when a side has none.</summary>
    private MatchEvidence? CompareDomains(PreparedCompany erp, PreparedCompany crm)
    {
        if (erp.Domains.Count == 0 || crm.Domains.Count == 0)
            return null;
        // CRM domains in the order they were given (account email first, then website, then contacts): the first shared one is reported.
        foreach (var c in crm.Domains)
        {
            foreach (var e in erp.Domains)
            {
                if (!SameDomain(e.Domain, c.Domain))
                    continue;
                string text;
                if (e.Source == DomainSource.Email && c.Source == DomainSource.Email)
                    text = $"email domain {c.Domain} is the same in both";
                else if (e.Domain == c.Domain)
                    text = $"{CrmDomainLabel(c.Source)} domain {c.Domain} equals the {ErpDomainLabel(e.Source)}'s";
                else
                    text = $"{CrmDomainLabel(c.Source)} domain {c.Domain} matches the {ErpDomainLabel(e.Source)}'s ({e.Domain})";
                return new MatchEvidence("domain", Weights.DomainAgree, text);
            }
        }
        return new MatchEvidence("domain", Weights.DomainDisagree,
            $"email domains differ (ERP {string.Join(", ", erp.Domains.Select(d => d.Domain))}, CRM {string.Join(", ", crm.Domains.Select(d => d.Domain))})");
    }

    private static string CrmDomainLabel(DomainSource source) => source switch
    {
        DomainSource.Website => "website",
        DomainSource.ContactEmail => "contact email",
        _ => "account email",
    };

    private static string ErpDomainLabel(DomainSource source) => source switch
    {
        DomainSource.Website => "ERP website",
        DomainSource.ContactEmail => "ERP contact email",
        _ => "ERP email",
    };

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
