using Forecast.Core.Data;
using Forecast.Modeling.Inventory;

namespace Forecast.Core.Assistant;

/// <summary>Whether the assistant answered, asks which customer is meant, or found none of the rep's customers.</summary>
public enum AnswerKind
{
    Answer,
    AskBack,
    NotFound,
}

/// <summary>A row an answer's sentence came from, as a link to the page that shows it.</summary>
public sealed record SourceLink(string Label, string Href);

/// <summary>One sentence of an answer with the rows it states; an answer sentence without a source is never composed.</summary>
public sealed record AnswerSentence(string Text, IReadOnlyList<SourceLink> Sources);

/// <summary>A customer to pick when the question fits several equally well.</summary>
public sealed record AnswerChoice(long CustomerId, string Label);

/// <summary>What the assistant says, in the question's language, with its sources and (when asking back) the choices.</summary>
public sealed record AssistantAnswer(
    AnswerKind Kind,
    string Language,
    AssistantIntent Intent,
    long? CustomerId,
    string? CustomerName,
    IReadOnlyList<AnswerSentence> Sentences,
    IReadOnlyList<AnswerChoice> Choices);

/// <summary>When the line can ship: from the latest stock projection (available to promise), null without a projection.</summary>
public sealed record ShipFact(DateOnly Date, ShipDateBasis Basis);

public sealed record OrderLineFact(int LineNumber, long ProductId, string Sku, string ProductName, string? Family, decimal Quantity, ShipFact? Ship);

public sealed record OrderFact(long Id, string Number, DateOnly OrderDate, DateOnly? RequestedDate, SalesOrderStatus Status, IReadOnlyList<OrderLineFact> Lines, IReadOnlyList<string> Invoices);

public sealed record InvoiceFact(string Number, DateOnly InvoiceDate, DateOnly DueDate, decimal Open, string? Currency, int DaysOverdue);

public sealed record ActivityFact(DateOnly OccurredOn, ActivityKind Kind, string? Subject, string? RepName);

/// <summary>
/// The facts an answer may state about one customer as of the business date: its open orders and those shipped or
/// invoiced recently, with their lines; its unpaid invoices; its latest CRM activity.
/// </summary>
public sealed record CustomerFacts(
    long CustomerId,
    string Name,
    DateOnly AsOf,
    IReadOnlyList<OrderFact> Orders,
    IReadOnlyList<InvoiceFact> UnpaidInvoices,
    ActivityFact? LastActivity);
