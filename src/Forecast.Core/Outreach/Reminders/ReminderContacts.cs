using MimeKit;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>Who a reminder's draft is addressed to, or why nobody can be.</summary>
internal sealed record ContactChoice(long? Id, string? Name, string? Email, string? Language, string? Problem, bool OptedOutOnly);

/// <summary>
/// The contact a reminder's draft goes to (the person the rep spoke to last, with an address), and the checks that keep
/// a name or address from breaking an email header.
/// </summary>
internal static class ReminderContacts
{
    public static ContactChoice Choose(CustomerRow customer, BuildContext context)
    {
        var contacts = context.ContactsByCustomer.TryGetValue(customer.Id, out var list) ? list : [];
        var erp = customer.ErpCustomerId is { } erpId && context.ErpCustomers.TryGetValue(erpId, out var e) ? e : null;
        if (contacts.Count == 0)
        {
            // No CRM contact at all: the ERP's customer email is the one address known (addressed to the company).
            if (erp is not null && !string.IsNullOrWhiteSpace(erp.Email))
                return new ContactChoice(null, null, erp.Email.Trim(), erp.Language, null, false);
            return new ContactChoice(null, null, null, null,
                "The customer has no contact in the CRM and no email in the ERP, so the draft has nobody to address. Add a contact with an email in the CRM.", false);
        }
        var willing = contacts.Where(c => !c.OptedOut).ToList();
        if (willing.Count == 0)
            return new ContactChoice(null, null, null, null, null, OptedOutOnly: true);
        // The person the rep spoke to last, among those with an address.
        var best = willing
            .OrderByDescending(c => !string.IsNullOrWhiteSpace(c.Email))
            .ThenByDescending(c => context.LastContactActivity.TryGetValue(c.Id, out var d) ? d.DayNumber : int.MinValue)
            .ThenBy(c => c.Id)
            .First();
        if (string.IsNullOrWhiteSpace(best.Email))
        {
            return new ContactChoice(best.Id, best.Name, null, best.Language,
                $"No contact of this customer has an email address ({string.Join(", ", willing.Select(c => c.Name.ReplaceLineEndings(" ")).Take(3))}). Add one in the CRM.", false);
        }
        return new ContactChoice(best.Id, best.Name, best.Email.Trim(), best.Language ?? erp?.Language, null, false);
    }

    /// <summary>Why the contact cannot be addressed in an email header, or null.</summary>
    internal static string? HeaderProblem(string? name, string? email)
    {
        if (HasLineBreak(name))
            return "The contact's name contains a line break (CR/LF); refused to prevent header injection. Fix the name in the CRM.";
        if (HasLineBreak(email))
            return "The contact's email address contains a line break (CR/LF); refused to prevent header injection. Fix the address in the CRM.";
        if (email is null || !MailboxAddress.TryParse(email, out var parsed) || parsed.Address.IndexOf('@', StringComparison.Ordinal) <= 0)
            return $"The contact's email address '{email}' is not valid. Fix it in the CRM.";
        return null;
    }

    public static bool HasLineBreak(string? value) => value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0;
}
