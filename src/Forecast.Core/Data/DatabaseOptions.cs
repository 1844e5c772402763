using System.ComponentModel.DataAnnotations;

namespace Forecast.Core.Data;

/// <summary>Where the database is. Bound from <c>ConnectionStrings:Forecast</c>.</summary>
public sealed class DatabaseOptions
{
    [Required(ErrorMessage = "No database configured: set ConnectionStrings__Forecast, or run scripts/demo.sh which provisions a local one.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Seconds a single command may run (big imports and training queries run long).</summary>
    [Range(1, 86400)]
    public int CommandTimeoutSeconds { get; set; } = 600;
}
