using Forecast.Core.Customers;
using Forecast.Core.CustomerView;
using Forecast.Core.Data;
using Forecast.Core.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Forecast.Core.Assistant;

/// <summary>
/// The order-status assistant: a rep's question in Chinese or English → the customer among the rep's own (never another
/// rep's: those are not even candidates, so the answer is the same "not found" as for a name nobody has) → an answer
/// from the ERP and CRM facts, each sentence with its source rows. Expected ship dates come from the same
/// available-to-promise query the reminder drafts use (<see cref="InventoryQueries.EarliestShipDateAsync"/>).
/// </summary>
public sealed partial class OrderStatusAssistant(
    ForecastDbContext db,
    CustomerQueries customers,
    InventoryQueries inventory,
    IAnswerRewriter rewriter,
    ILogger<OrderStatusAssistant> logger)
{
    public const int MaxQuestionLength = 500;

    /// <summary>Answers <paramref name="question"/>; <paramref name="customerId"/> is the rep's pick after the assistant asked back.</summary>
    public async Task<AssistantAnswer> AskAsync(CustomerScope scope, string? question, long? customerId, CancellationToken cancellationToken)
    {
        var parsed = Parse(question);
        if (customerId is { } chosen)
            return await AnswerAsync(scope, parsed, chosen, cancellationToken) ?? AnswerComposer.NotFound(parsed);
        var outcome = CustomerMatcher.Match(parsed, await ProfilesAsync(scope, cancellationToken));
        return outcome.Kind switch
        {
            MatchKind.Resolved => await AnswerAsync(scope, parsed, outcome.Candidates[0].Id, cancellationToken) ?? AnswerComposer.NotFound(parsed),
            MatchKind.Ambiguous => AnswerComposer.AskBack(parsed, outcome.Candidates),
            _ => AnswerComposer.NotFound(parsed),
        };
    }

    /// <summary>Which customer the question is about, without composing an answer (the accuracy benchmark reads this).</summary>
    public async Task<(ParsedQuestion Question, MatchOutcome Outcome)> ResolveAsync(CustomerScope scope, string? question, CancellationToken cancellationToken)
    {
        var parsed = Parse(question);
        return (parsed, CustomerMatcher.Match(parsed, await ProfilesAsync(scope, cancellationToken)));
    }

    private static ParsedQuestion Parse(string? question)
    {
        if (string.IsNullOrWhiteSpace(question))
            throw new UserInputException("question: ask about a customer, e.g. \"where is Lin's order of bearings\" or \"幫我查一下台南張老闆的訂單進度\".");
        if (question.Length > MaxQuestionLength)
            throw new UserInputException($"question: at most {MaxQuestionLength} characters ({question.Length} given).");
        return QuestionParser.Parse(question);
    }

    /// <summary>The names, contacts, cities and bought products of every customer the scope allows.</summary>
    public async Task<IReadOnlyList<CustomerProfile>> ProfilesAsync(CustomerScope scope, CancellationToken cancellationToken)
    {
        var visible = await customers.Visible(scope)
            .Select(c => new
            {
                c.Id,
                c.DisplayName,
                c.ErpCustomerId,
                ErpName = c.ErpCustomer != null ? c.ErpCustomer.Name : null,
                Aliases = c.ErpCustomer != null ? c.ErpCustomer.Aliases : null,
                Accounts = c.Accounts.Select(a => new { a.CrmAccountId, a.CrmAccount!.Name, a.CrmAccount.City, a.CrmAccount.Address }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var accountIds = visible.SelectMany(c => c.Accounts.Select(a => a.CrmAccountId)).ToList();
        var contacts = (await db.Contacts.AsNoTracking().Where(c => accountIds.Contains(c.AccountId))
                .Select(c => new { c.AccountId, c.Name, c.Nickname }).ToListAsync(cancellationToken))
            .ToLookup(c => c.AccountId);
        var erpIds = visible.Where(c => c.ErpCustomerId != null).Select(c => c.ErpCustomerId!.Value).ToList();
        var bought = (await (
                    from line in db.SalesOrderLines.AsNoTracking()
                    join order in db.SalesOrders.AsNoTracking() on line.SalesOrderId equals order.Id
                    join product in db.Products.AsNoTracking() on line.ProductId equals product.Id
                    where erpIds.Contains(order.CustomerId)
                    select new { order.CustomerId, product.Name, product.Family })
                .Distinct().ToListAsync(cancellationToken))
            .ToLookup(x => x.CustomerId);

        return visible.Select(c => new CustomerProfile(
                c.Id,
                c.DisplayName,
                new[] { c.DisplayName, c.ErpName }.Concat(c.Aliases ?? []).Concat(c.Accounts.Select(a => a.Name))
                    .OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
                c.Accounts.SelectMany(a => contacts[a.CrmAccountId]).Select(x => new ProfileContact(x.Name, x.Nickname)).ToList(),
                c.Accounts.Select(a => a.City).OfType<string>().ToList(),
                c.ErpCustomerId is { } erp ? bought[erp].SelectMany(p => new[] { p.Name, p.Family }).OfType<string>().Distinct(StringComparer.Ordinal).ToList() : []))
            .ToList();
    }

    private async Task<AssistantAnswer?> AnswerAsync(CustomerScope scope, ParsedQuestion question, long customerId, CancellationToken cancellationToken)
    {
        var facts = await FactsAsync(scope, customerId, cancellationToken);
        if (facts is null)
            return null;
        var composed = AnswerComposer.Compose(question, facts);
        if (rewriter is ComposedAnswerRewriter)
            return composed;
        try
        {
            var rewritten = await rewriter.RewriteAsync(composed, facts, cancellationToken);
            if (KeepsEverySource(composed, rewritten))
                return rewritten;
            LogRewriteDropped(logger, rewriter.Name);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRewriteFailed(logger, rewriter.Name, e);
        }
        return composed;
    }

    /// <summary>A rewritten answer must still link every row the composed one linked, and say nothing without a source.</summary>
    public static bool KeepsEverySource(AssistantAnswer composed, AssistantAnswer rewritten)
    {
        ArgumentNullException.ThrowIfNull(composed);
        ArgumentNullException.ThrowIfNull(rewritten);
        var before = composed.Sentences.SelectMany(s => s.Sources).Select(s => s.Href).ToHashSet(StringComparer.Ordinal);
        var after = rewritten.Sentences.SelectMany(s => s.Sources).Select(s => s.Href).ToHashSet(StringComparer.Ordinal);
        return before.IsSubsetOf(after) && rewritten.Sentences.All(s => s.Sources.Count > 0);
    }

    /// <summary>The facts about one customer the scope allows (null: not found, or another rep's).</summary>
    public async Task<CustomerFacts?> FactsAsync(CustomerScope scope, long customerId, CancellationToken cancellationToken)
    {
        var customer = await customers.Visible(scope).Where(c => c.Id == customerId)
            .Select(c => new { c.Id, c.DisplayName, c.ErpCustomerId, Accounts = c.Accounts.Select(a => a.CrmAccountId).ToList() })
            .SingleOrDefaultAsync(cancellationToken);
        if (customer is null)
            return null;
        var asOf = await customers.AsOfAsync(cancellationToken);
        var orders = new List<OrderFact>();
        var invoices = new List<InvoiceFact>();
        if (customer.ErpCustomerId is { } erp)
        {
            var recent = asOf.AddDays(-AnswerComposer.RecentDays);
            var rows = await db.SalesOrders.AsNoTracking()
                .Where(o => o.CustomerId == erp && o.OrderDate <= asOf && (o.Status == SalesOrderStatus.Open || o.OrderDate >= recent) && o.Status != SalesOrderStatus.Cancelled)
                .Select(o => new
                {
                    o.Id, o.OrderNumber, o.OrderDate, o.RequestedDate, o.Status,
                    Lines = o.Lines.Where(l => !l.IsReturn).OrderBy(l => l.LineNumber)
                        .Select(l => new { l.LineNumber, l.ProductId, l.Product!.Sku, l.Product.Name, l.Product.Family, l.Quantity }).ToList(),
                })
                .ToListAsync(cancellationToken);
            var orderIds = rows.Select(r => r.Id).ToList();
            var invoiced = (await db.Invoices.AsNoTracking().Where(i => i.SalesOrderId != null && orderIds.Contains(i.SalesOrderId.Value))
                    .Select(i => new { OrderId = i.SalesOrderId!.Value, i.InvoiceNumber }).ToListAsync(cancellationToken))
                .ToLookup(i => i.OrderId, i => i.InvoiceNumber);
            foreach (var row in rows)
            {
                var lines = new List<OrderLineFact>();
                foreach (var l in row.Lines)
                {
                    ShipFact? ship = null;
                    if (row.Status == SalesOrderStatus.Open && l.Quantity > 0
                        && await inventory.EarliestShipDateAsync(l.ProductId, l.Quantity, cancellationToken, asOf) is { } answer)
                        ship = new ShipFact(answer.Date, answer.Basis);
                    lines.Add(new OrderLineFact(l.LineNumber, l.ProductId, l.Sku, l.Name, l.Family, l.Quantity, ship));
                }
                orders.Add(new OrderFact(row.Id, row.OrderNumber, row.OrderDate, row.RequestedDate, row.Status, lines, invoiced[row.Id].Order(StringComparer.Ordinal).ToList()));
            }
            invoices = (await db.Invoices.AsNoTracking()
                    .Where(i => i.CustomerId == erp && i.Amount > i.PaidAmount && i.InvoiceDate <= asOf)
                    .OrderBy(i => i.DueDate)
                    .Select(i => new { i.InvoiceNumber, i.InvoiceDate, i.DueDate, Open = i.Amount - i.PaidAmount, i.Currency })
                    .ToListAsync(cancellationToken))
                .Select(i => new InvoiceFact(i.InvoiceNumber, i.InvoiceDate, i.DueDate, i.Open, i.Currency, Math.Max(0, asOf.DayNumber - i.DueDate.DayNumber)))
                .ToList();
        }
        var activity = await db.Activities.AsNoTracking()
            .Where(a => customer.Accounts.Contains(a.AccountId) && a.OccurredOn <= asOf)
            .OrderByDescending(a => a.OccurredOn).ThenByDescending(a => a.Id)
            .Select(a => new ActivityFact(a.OccurredOn, a.Kind, a.Subject, a.Rep != null ? a.Rep.Name : null))
            .FirstOrDefaultAsync(cancellationToken);
        return new CustomerFacts(customer.Id, customer.DisplayName, asOf, orders, invoices, activity);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer rewriter {Rewriter} dropped a source link; the composed answer is shown.")]
    private static partial void LogRewriteDropped(ILogger logger, string rewriter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer rewriter {Rewriter} failed; the composed answer is shown.")]
    private static partial void LogRewriteFailed(ILogger logger, string rewriter, Exception exception);
}
