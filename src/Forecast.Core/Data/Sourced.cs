namespace Forecast.Core.Data;

/// <summary>
/// A row that came from an outside system. The pair (<see cref="SourceSystem"/>, <see cref="SourceKey"/>)
/// is what an import upserts by, so re-importing the same export changes nothing.
/// </summary>
public abstract class SourcedRow
{
    public long Id { get; set; }

    /// <summary>Which system the row came from, e.g. <c>erp</c>, <c>crm</c>, <c>online-retail</c>, <c>api</c>.</summary>
    public string SourceSystem { get; set; } = "";

    /// <summary>The row's key in its source system (an order number, an account id...).</summary>
    public string SourceKey { get; set; } = "";

    /// <summary>The import run that last changed this row.</summary>
    public long? ImportRunId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
