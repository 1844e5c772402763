using F23.StringSimilarity;
using Forecast.Modeling.Customers;

namespace Forecast.Core.Assistant;

/// <summary>A person at a customer as the CRM has them: the name and what the rep calls them.</summary>
public sealed record ProfileContact(string Name, string? Nickname);

/// <summary>
/// What the assistant may know a customer by: its company names (ERP name and other names, CRM account names), its
/// contacts, its cities, and the products it has ordered (names and families). Only the asking rep's customers are ever
/// turned into profiles, so a name of another rep's customer can only match nothing.
/// </summary>
public sealed record CustomerProfile(
    long Id,
    string DisplayName,
    IReadOnlyList<string> CompanyNames,
    IReadOnlyList<ProfileContact> Contacts,
    IReadOnlyList<string> Cities,
    IReadOnlyList<string> Products);

/// <summary>One customer the question may be about, with the score and the evidence in words (for the reply and for tests).</summary>
public sealed record MatchCandidate(long Id, string DisplayName, string? City, double Score, string Evidence);

public enum MatchKind
{
    Resolved,
    Ambiguous,
    NotFound,
}

/// <summary>The matcher's decision: one customer, several tied ones to ask back about, or none.</summary>
public sealed record MatchOutcome(MatchKind Kind, IReadOnlyList<MatchCandidate> Candidates)
{
    public MatchCandidate? Customer => Kind == MatchKind.Resolved ? Candidates[0] : null;
}

/// <summary>
/// Scores each of the rep's customers against a parsed question by normalised token matching: a company name (with
/// or without its legal form and city, one typing error allowed in a long name) is the strongest evidence, then a
/// contact's full name, nickname or surname with a title; a city the question names adds to the customers there and
/// counts against those elsewhere; a product the customer has bought breaks a tie. Customers that tie at the top are
/// handed back as choices rather than guessed between.
/// </summary>
public static class CustomerMatcher
{
    public const double FullName = 10;
    public const double NameWithTypo = 8;
    public const double BrandOnly = 6;
    public const double ContactFullName = 9;
    public const double Nickname = 8;
    public const double SurnameWithTitle = 7;
    public const double CityAgrees = 3;
    public const double ProductBought = 1;
    /// <summary>Less than this is no evidence of a customer at all.</summary>
    public const double Threshold = BrandOnly;
    public const int MaxChoices = 6;

    private static readonly Levenshtein Edit = new();

    public static MatchOutcome Match(ParsedQuestion question, IReadOnlyList<CustomerProfile> customers)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(customers);
        var scored = new List<MatchCandidate>();
        foreach (var customer in customers)
        {
            var (name, nameWhy) = NameScore(question, customer);
            var (person, personWhy) = PersonScore(question, customer);
            var evidence = Math.Max(name, person) + (name > 0 && person > 0 ? 2 : 0);
            if (evidence < Threshold)
                continue;
            var cities = customer.Cities.Select(QuestionParser.CanonicalCity).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var why = new List<string> { nameWhy, personWhy };
            if (question.Cities.Count > 0 && cities.Count > 0)
            {
                var agrees = cities.Any(question.Cities.Contains);
                evidence += agrees ? CityAgrees : -CityAgrees;
                why.Add(agrees ? "city" : "other city");
            }
            if (BoughtAny(question, customer))
            {
                evidence += ProductBought;
                why.Add("product");
            }
            scored.Add(new MatchCandidate(customer.Id, customer.DisplayName, cities.FirstOrDefault(), evidence,
                string.Join(", ", why.Where(w => w.Length > 0))));
        }
        if (scored.Count == 0)
            return new MatchOutcome(MatchKind.NotFound, []);
        var top = scored.Max(c => c.Score);
        var tied = scored.Where(c => c.Score >= top - 0.001).OrderBy(c => c.DisplayName, StringComparer.Ordinal).ThenBy(c => c.Id).ToList();
        return tied.Count == 1
            ? new MatchOutcome(MatchKind.Resolved, tied)
            : new MatchOutcome(MatchKind.Ambiguous, tied.Take(MaxChoices).ToList());
    }

    private static (double Score, string Why) NameScore(ParsedQuestion question, CustomerProfile customer)
    {
        var best = (0.0, "");
        foreach (var raw in customer.CompanyNames)
        {
            var name = CompanyName.Parse(raw);
            var score = name.Script == NameScript.Han ? HanName(question, name) : LatinName(question, name);
            if (score > best.Item1)
                best = (score, "name " + raw);
        }
        return best;
    }

    private static double HanName(ParsedQuestion question, CompanyName name)
    {
        var text = question.Normalized;
        var full = new[] { name.Key, name.Core }.Where(k => k.Length >= 2).ToList();
        var bare = full.Select(WithoutCity).Where(k => k.Length >= 2).ToList();
        if (full.Concat(bare).Any(k => text.Contains(k, StringComparison.Ordinal)))
            return FullName;
        if (bare.Where(k => k.Length >= 4).Any(k => WithinOneEdit(text, k)))
            return NameWithTypo;
        var brand = bare.Where(k => k.Length >= 3).Select(k => k[..2]).FirstOrDefault();
        return brand is not null && text.Contains(brand, StringComparison.Ordinal) ? BrandOnly : 0;
    }

    private static double LatinName(ParsedQuestion question, CompanyName name)
    {
        var words = question.Words;
        var core = QuestionParser.WordsOf(string.Join(' ', name.Tokens))
            .Where(w => !GenericLatin.Contains(w))
            .ToList();
        var city = QuestionParser.KnownCities.FirstOrDefault(c => core.Count > 1 && c.Latin == core[0]).Latin;
        if (city is not null)
            core.RemoveAt(0);
        if (core.Count == 0)
            return 0;
        if (core.All(words.Contains))
            return FullName;
        if (core.All(t => words.Contains(t) || (t.Length >= 5 && words.Any(w => Math.Abs(w.Length - t.Length) <= 1 && Edit.Distance(w, t) <= 1))))
            return NameWithTypo;
        var brand = core[0];
        return brand.Length >= 4 && !Common.Contains(brand) && words.Contains(brand) ? BrandOnly : 0;
    }

    private static (double Score, string Why) PersonScore(ParsedQuestion question, CustomerProfile customer)
    {
        var best = (0.0, "");
        foreach (var contact in customer.Contacts)
        {
            var score = ContactScore(question, contact);
            if (score > best.Item1)
                best = (score, "contact " + contact.Name);
        }
        return best;
    }

    private static double ContactScore(ParsedQuestion question, ProfileContact contact)
    {
        var name = QuestionParser.Compact(contact.Name);
        var han = name.Any(CompanyName.IsHan);
        var latinWords = han ? [] : QuestionParser.WordsOf(contact.Name);
        var nickname = QuestionParser.Compact(contact.Nickname);
        var score = 0.0;
        if (han && name.Length >= 2 && question.Normalized.Contains(name, StringComparison.Ordinal))
            score = ContactFullName;
        else if (!han && latinWords.Count >= 2 && latinWords.All(question.Words.Contains))
            score = ContactFullName;
        if (nickname.Length >= 2)
        {
            var nicknameHan = nickname.Any(CompanyName.IsHan);
            if (nicknameHan ? question.Normalized.Contains(nickname, StringComparison.Ordinal) : question.Words.Contains(nickname))
                score = Math.Max(score, Nickname);
        }
        foreach (var mention in question.People)
        {
            if (mention.Surname is not { } surname)
                continue;
            var matches = han
                ? name.StartsWith(surname, StringComparison.Ordinal)
                    || (QuestionParser.SurnameSpellings.TryGetValue(name[..1], out var spellings) && spellings.Contains(surname))
                : latinWords.Count > 0 && (latinWords[^1] == surname || (latinWords.Count > 1 && latinWords[0] == surname));
            if (matches)
                score = Math.Max(score, SurnameWithTitle);
        }
        return score;
    }

    private static bool BoughtAny(ParsedQuestion question, CustomerProfile customer) =>
        ProductWords(customer.Products).Overlaps(question.ProductTerms);

    /// <summary>The stemmed words of product names and families, for matching "bearings" to "Angular contact bearing".</summary>
    public static HashSet<string> ProductWords(IEnumerable<string> products) =>
        products.SelectMany(QuestionParser.WordsOf).Where(w => w.Length > 2 && !Common.Contains(w)).Select(QuestionParser.Stem).ToHashSet(StringComparer.Ordinal);

    private static string WithoutCity(string key)
    {
        foreach (var (han, _) in QuestionParser.KnownCities)
        {
            if (key.Length > han.Length + 1 && key.StartsWith(han, StringComparison.Ordinal))
                return key[han.Length..].TrimStart('市', '縣');
        }
        return key;
    }

    /// <summary>Whether some stretch of <paramref name="text"/> is <paramref name="key"/> with one character wrong, missing or extra.</summary>
    private static bool WithinOneEdit(string text, string key)
    {
        for (var length = key.Length - 1; length <= key.Length + 1; length++)
        {
            for (var start = 0; start + length <= text.Length; start++)
            {
                if (Edit.Distance(text.Substring(start, length), key) <= 1)
                    return true;
            }
        }
        return false;
    }

    private static readonly HashSet<string> GenericLatin = new(StringComparer.Ordinal)
    {
        "industrial", "industries", "industry", "enterprise", "enterprises", "international", "trading", "group", "holdings", "the", "and", "co", "ltd", "inc", "corp",
    };

    // Words that say nothing about which customer or product is meant.
    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "order", "orders", "where", "what", "when", "status", "the", "for", "from", "with", "and", "about", "how", "last", "open", "set",
        "machine", "machinery", "precision", "metal", "steel", "technology", "tools", "hardware", "supply", "company", "works",
    };
}
