using System.ComponentModel.DataAnnotations;
using Forecast.Core.Outbound;

namespace Forecast.Core.ErpSync;

/// <summary>
/// The ERP document webhook. Section <c>Erp:DocumentWebhook</c>; off while the URL is empty. One document per POST,
/// with <c>Idempotency-Key</c> = the document key. The secret from the environment (<c>Erp__DocumentWebhook__Secret</c>).
/// </summary>
public sealed class ErpDocumentWebhookOptions : WebhookOptions
{
    public const string Section = "Erp:DocumentWebhook";

    protected override string SectionName => Section;
}

/// <summary>Section <c>Erp:Documents</c>: how won deals become ERP documents and how the CSV drop is laid out.</summary>
public sealed class ErpDocumentOptions
{
    public const string Section = "Erp:Documents";

    /// <summary>Deals won within this many days before the business date become draft orders; older wins were entered by hand before this existed.</summary>
    [Range(0, 3650)]
    public int WonWithinDays { get; set; } = 30;

    /// <summary>The draft order's requested date: this many days after the deal was won.</summary>
    [Range(0, 365)]
    public int RequestedAfterDays { get; set; } = 14;

    /// <summary>Payment terms of a customer created from a CRM account (the CRM keeps none).</summary>
    [Range(0, 365)]
    public int DefaultPaymentTermsDays { get; set; } = 30;

    /// <summary>A won deal with no ERP order carrying its reference after this many days is listed as won-not-ordered.</summary>
    [Range(0, 365)]
    public int NotOrderedAfterDays { get; set; } = 7;

    /// <summary>The mapping (shipped name or path) that lays out the CSV drop; the import's mapping language, read in reverse.</summary>
    [Required]
    public string ExportMapping { get; set; } = "erp-documents";
}
