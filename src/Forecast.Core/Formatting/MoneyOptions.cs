using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Formatting;

/// <summary>Section <c>Money</c>: the company's own currency.</summary>
public sealed class MoneyOptions
{
    public const string Section = "Money";

    /// <summary>
    /// ISO 4217 code of the company's books: the currency of CRM deal values (CRM exports carry none) and of an ERP
    /// customer's credit limit when the customer has no invoices or orders that say otherwise.
    /// </summary>
    [Required, RegularExpression("^[A-Z]{3}$", ErrorMessage = "Money:HomeCurrency must be a three-letter ISO 4217 code such as TWD or USD.")]
    public string HomeCurrency { get; set; } = "TWD";
}
