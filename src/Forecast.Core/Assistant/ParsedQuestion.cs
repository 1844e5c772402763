namespace Forecast.Core.Assistant;

/// <summary>What the rep wants to know about the customer; order status when the question names nothing more precise.</summary>
public enum AssistantIntent
{
    OrderStatus,
    Shipment,
    Invoice,
    LastContact,
}

/// <summary>
/// A person named in the question: a surname with an honorific (<c>張老闆</c>, <c>Mr. Lin</c>), a possessive
/// (<c>Lin's</c>) or a full name. <see cref="Surname"/> is in Han for a Chinese question and in Latin letters for an
/// English one; <see cref="Text"/> is the words as typed (normalised), matched against names and nicknames.
/// </summary>
public sealed record PersonMention(string Text, string? Surname);

/// <summary>
/// A question taken apart by <see cref="QuestionParser"/>: its language (<c>zh-TW</c> when it holds Han characters,
/// else <c>en</c>), the intent, the normalised text names are looked for in, the cities, people and products it names.
/// </summary>
public sealed record ParsedQuestion(
    string Original,
    string Language,
    AssistantIntent Intent,
    string Normalized,
    IReadOnlyList<string> Words,
    IReadOnlyList<string> Cities,
    IReadOnlyList<PersonMention> People,
    IReadOnlyList<string> ProductTerms)
{
    public bool IsChinese => Language == QuestionParser.Chinese;
}
