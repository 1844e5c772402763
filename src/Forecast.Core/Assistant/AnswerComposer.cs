using System.Globalization;
using Forecast.Core.Data;
using Forecast.Modeling.Inventory;

namespace Forecast.Core.Assistant;

/// <summary>
/// Writes the answer from the facts only, in the question's language: each sentence states rows of
/// <see cref="CustomerFacts"/> and links to where a rep sees those rows (the customer 360's order, invoice and activity
/// rows). A fact the customer does not have gives no sentence; an empty answer says so, with the section it looked at.
/// </summary>
public static class AnswerComposer
{
    /// <summary>Open orders listed one by one; more are counted, not listed.</summary>
    public const int MaxOrders = 5;
    /// <summary>Orders shipped or invoiced within this many days are "recent" enough to report.</summary>
    public const int RecentDays = 60;

    public static string CustomerHref(long customerId) => "/reps/customers/" + QuestionParser.Invariant(customerId);
    public static string OrderHref(long customerId, long orderId) => CustomerHref(customerId) + "#order-" + QuestionParser.Invariant(orderId);
    public static string InvoiceHref(long customerId, string number) => CustomerHref(customerId) + "#invoice-" + Uri.EscapeDataString(number);
    public static string ActivitiesHref(long customerId) => CustomerHref(customerId) + "#activities";

    public static AssistantAnswer Compose(ParsedQuestion question, CustomerFacts facts)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(facts);
        var zh = question.IsChinese;
        var orders = OnlyProductsAsked(question, facts);
        var sentences = new List<AnswerSentence>();
        switch (question.Intent)
        {
            case AssistantIntent.Invoice:
                sentences.AddRange(Invoices(facts, zh, all: true));
                sentences.AddRange(ShippedNotInvoiced(facts, orders, zh));
                break;
            case AssistantIntent.LastContact:
                sentences.Add(LastActivity(facts, zh));
                break;
            case AssistantIntent.Shipment:
                sentences.AddRange(OpenOrders(facts, orders, zh));
                sentences.AddRange(ShippedNotInvoiced(facts, orders, zh));
                sentences.AddRange(Invoiced(facts, orders, zh));
                break;
            default:
                sentences.AddRange(OpenOrders(facts, orders, zh));
                sentences.AddRange(ShippedNotInvoiced(facts, orders, zh));
                sentences.AddRange(Invoiced(facts, orders, zh));
                sentences.AddRange(Invoices(facts, zh, all: false));
                if (facts.LastActivity is not null)
                    sentences.Add(LastActivity(facts, zh));
                break;
        }
        return new AssistantAnswer(AnswerKind.Answer, question.Language, question.Intent, facts.CustomerId, facts.Name, sentences, []);
    }

    public static AssistantAnswer AskBack(ParsedQuestion question, IReadOnlyList<MatchCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(candidates);
        var text = question.IsChinese
            ? $"有 {candidates.Count} 位客戶都符合，請問是哪一位？"
            : $"{candidates.Count} of your customers fit that question. Which one do you mean?";
        var choices = candidates.Select(c => new AnswerChoice(c.Id, c.City is null ? c.DisplayName : $"{c.DisplayName} ({c.City})")).ToList();
        return new AssistantAnswer(AnswerKind.AskBack, question.Language, question.Intent, null, null, [new AnswerSentence(text, [])], choices);
    }

    public static AssistantAnswer NotFound(ParsedQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var text = question.IsChinese
            ? "在您的客戶中找不到符合的客戶。請用公司名稱（例如「大同精密」）、聯絡人加稱謂（例如「張老闆」、「林經理」）或加上城市（例如「台南」）再問一次。"
            : "None of your customers fits that question. Name the company (e.g. \"Tatung Precision\"), a contact with a title (\"Mr. Lin\", \"Lin's\"), or add the city (\"in Tainan\").";
        return new AssistantAnswer(AnswerKind.NotFound, question.Language, question.Intent, null, null, [new AnswerSentence(text, [])], []);
    }

    /// <summary>When the question names a product the customer has on its orders, only those orders and lines.</summary>
    private static List<OrderFact> OnlyProductsAsked(ParsedQuestion question, CustomerFacts facts)
    {
        var nameWords = QuestionParser.WordsOf(facts.Name).Select(QuestionParser.Stem).ToHashSet(StringComparer.Ordinal);
        var terms = question.ProductTerms.Where(t => !nameWords.Contains(t)).ToHashSet(StringComparer.Ordinal);
        bool Asked(OrderLineFact line) => CustomerMatcher.ProductWords([line.ProductName, line.Family ?? ""]).Overlaps(terms);
        if (terms.Count == 0 || !facts.Orders.SelectMany(o => o.Lines).Any(Asked))
            return facts.Orders.ToList();
        return facts.Orders.Where(o => o.Lines.Any(Asked)).Select(o => o with { Lines = o.Lines.Where(Asked).ToList() }).ToList();
    }

    private static IEnumerable<AnswerSentence> OpenOrders(CustomerFacts facts, List<OrderFact> orders, bool zh)
    {
        var open = orders.Where(o => o.Status == SalesOrderStatus.Open).OrderBy(o => o.OrderDate).ThenBy(o => o.Number, StringComparer.Ordinal).ToList();
        var customer = new SourceLink(facts.Name, CustomerHref(facts.CustomerId) + "#orders");
        if (open.Count == 0)
        {
            yield return new AnswerSentence(zh ? $"{facts.Name}目前沒有未出貨的訂單。" : $"{facts.Name} has no open order.", [customer]);
            yield break;
        }
        yield return new AnswerSentence(
            zh ? $"{facts.Name}目前有 {open.Count} 張未出貨的訂單。" : open.Count == 1 ? $"{facts.Name} has 1 open order." : $"{facts.Name} has {open.Count} open orders.",
            open.Select(o => Order(facts, o)).ToList());
        foreach (var order in open.Take(MaxOrders))
        {
            var lines = string.Join(zh ? "；" : "; ", order.Lines.OrderBy(l => l.LineNumber).Select(l => Line(l, facts.AsOf, zh)));
            var requested = order.RequestedDate is { } r ? (zh ? $"，客戶要求 {Date(r)} 交貨" : $", requested for {Date(r)}") : "";
            yield return new AnswerSentence(
                zh ? $"訂單 {order.Number}（{Date(order.OrderDate)} 下單{requested}）：{lines}。" : $"Order {order.Number} (placed {Date(order.OrderDate)}{requested}): {lines}.",
                [Order(facts, order)]);
        }
    }

    private static string Line(OrderLineFact line, DateOnly asOf, bool zh)
    {
        var what = $"{Quantity(line.Quantity)} × {line.ProductName} ({line.Sku})";
        var when = line.Ship switch
        {
            null => zh ? "尚無庫存預測，無法估計出貨日" : "no stock projection yet to date it",
            { Basis: ShipDateBasis.AvailableNow } => zh ? "現有庫存可出貨" : "can ship from stock now",
            { Basis: ShipDateBasis.AfterScheduledSupply } s => zh ? $"進貨到後預計 {Date(Later(s.Date, asOf))} 可出貨" : $"can ship on {Date(Later(s.Date, asOf))} when incoming supply arrives",
            var s => zh ? $"需要新的補貨，最早 {Date(Later(s.Date, asOf))} 可出貨" : $"needs a new replenishment order, earliest {Date(Later(s.Date, asOf))}",
        };
        return zh ? $"{what} {when}" : $"{what} {when}";
    }

    private static IEnumerable<AnswerSentence> ShippedNotInvoiced(CustomerFacts facts, List<OrderFact> orders, bool zh) =>
        orders.Where(o => o.Status == SalesOrderStatus.Shipped && o.OrderDate.AddDays(RecentDays) >= facts.AsOf)
            .OrderByDescending(o => o.OrderDate).Take(3)
            .Select(o => new AnswerSentence(
                zh ? $"訂單 {o.Number}（{Date(o.OrderDate)} 下單）已出貨，尚未開立發票。" : $"Order {o.Number} (placed {Date(o.OrderDate)}) has shipped and is not invoiced yet.",
                [Order(facts, o)]));

    private static IEnumerable<AnswerSentence> Invoiced(CustomerFacts facts, List<OrderFact> orders, bool zh) =>
        orders.Where(o => o.Status == SalesOrderStatus.Invoiced && o.OrderDate.AddDays(RecentDays) >= facts.AsOf)
            .OrderByDescending(o => o.OrderDate).Take(3)
            .Select(o => new AnswerSentence(
                o.Invoices.Count == 0
                    ? zh ? $"訂單 {o.Number}（{Date(o.OrderDate)} 下單）已出貨並開立發票。" : $"Order {o.Number} (placed {Date(o.OrderDate)}) has shipped and been invoiced."
                    : zh ? $"訂單 {o.Number}（{Date(o.OrderDate)} 下單）已出貨並開立發票 {string.Join("、", o.Invoices)}。" : $"Order {o.Number} (placed {Date(o.OrderDate)}) has shipped and been invoiced ({string.Join(", ", o.Invoices)}).",
                [Order(facts, o), .. o.Invoices.Select(i => Invoice(facts, i))]));

    private static IEnumerable<AnswerSentence> Invoices(CustomerFacts facts, bool zh, bool all)
    {
        var overdue = facts.UnpaidInvoices.Where(i => i.DaysOverdue > 0).OrderByDescending(i => i.DaysOverdue).ToList();
        if (overdue.Count > 0)
        {
            var list = string.Join(zh ? "；" : "; ", overdue.Take(5).Select(i => zh
                ? $"{i.Number} 未付 {Money(i.Open, i.Currency)}，{Date(i.DueDate)} 到期，已逾期 {i.DaysOverdue} 天"
                : $"{i.Number}: {Money(i.Open, i.Currency)} due {Date(i.DueDate)}, {i.DaysOverdue} {(i.DaysOverdue == 1 ? "day" : "days")} late"));
            yield return new AnswerSentence(
                zh ? $"有 {overdue.Count} 張逾期發票：{list}。" : overdue.Count == 1 ? $"1 invoice is overdue: {list}." : $"{overdue.Count} invoices are overdue: {list}.",
                overdue.Take(5).Select(i => Invoice(facts, i.Number)).ToList());
        }
        if (!all)
            yield break;
        var notDue = facts.UnpaidInvoices.Where(i => i.DaysOverdue <= 0).OrderBy(i => i.DueDate).ToList();
        if (notDue.Count > 0)
        {
            var list = string.Join(zh ? "；" : "; ", notDue.Take(5).Select(i => zh
                ? $"{i.Number} 未付 {Money(i.Open, i.Currency)}，{Date(i.DueDate)} 到期"
                : $"{i.Number}: {Money(i.Open, i.Currency)} due {Date(i.DueDate)}"));
            yield return new AnswerSentence(
                zh ? $"未到期的未付發票 {notDue.Count} 張：{list}。" : $"Unpaid and not yet due: {list}.",
                notDue.Take(5).Select(i => Invoice(facts, i.Number)).ToList());
        }
        if (facts.UnpaidInvoices.Count == 0)
            yield return new AnswerSentence(zh ? $"{facts.Name}沒有未付的發票。" : $"{facts.Name} has no unpaid invoice.", [new SourceLink(facts.Name, CustomerHref(facts.CustomerId) + "#invoices")]);
    }

    private static AnswerSentence LastActivity(CustomerFacts facts, bool zh)
    {
        var source = new SourceLink(zh ? "最近活動" : "Recent activities", ActivitiesHref(facts.CustomerId));
        if (facts.LastActivity is not { } a)
            return new AnswerSentence(zh ? $"CRM 中沒有{facts.Name}的活動紀錄。" : $"The CRM has no activity with {facts.Name}.", [source]);
        var days = facts.AsOf.DayNumber - a.OccurredOn.DayNumber;
        var subject = string.IsNullOrWhiteSpace(a.Subject) ? "" : zh ? $"：{a.Subject}" : $": {a.Subject}";
        var by = a.RepName is null ? "" : zh ? $"{a.RepName} " : $" by {a.RepName}";
        return new AnswerSentence(
            zh ? $"上次聯絡是 {Date(a.OccurredOn)}（{days} 天前），{by}{Kind(a.Kind, zh)}{subject}。"
                : $"Last contact: {Kind(a.Kind, zh)}{by} on {Date(a.OccurredOn)} ({days} {(days == 1 ? "day" : "days")} ago){subject}.",
            [source]);
    }

    private static SourceLink Order(CustomerFacts facts, OrderFact order) => new(order.Number, OrderHref(facts.CustomerId, order.Id));
    private static SourceLink Invoice(CustomerFacts facts, string number) => new(number, InvoiceHref(facts.CustomerId, number));

    private static string Kind(ActivityKind kind, bool zh) => (kind, zh) switch
    {
        (ActivityKind.Call, true) => "電話聯絡",
        (ActivityKind.Email, true) => "寄電子郵件",
        (ActivityKind.Meeting, true) => "開會",
        (ActivityKind.Visit, true) => "拜訪",
        (ActivityKind.Call, false) => "a call",
        (ActivityKind.Email, false) => "an email",
        (ActivityKind.Meeting, false) => "a meeting",
        _ => "a visit",
    };

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Quantity(decimal q) => q.ToString("0.##", CultureInfo.InvariantCulture);
    private static string Money(decimal amount, string? currency) => (currency is null ? "" : currency + " ") + amount.ToString("#,0.##", CultureInfo.InvariantCulture);
}
