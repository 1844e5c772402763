using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Forecast.Core.Jobs;

/// <summary>
/// What a PostgreSQL advisory lock serialises. The value is the first key of <c>pg_advisory_xact_lock(int, int)</c>;
/// one per purpose, listed here so two features can never pick the same one.
/// </summary>
public enum AdvisoryLockClass
{
    /// <summary>Creating the prediction run of a stage within a pipeline run (second key: the pipeline run).</summary>
    PredictionRun = 0x50524E, // "PRN"

    /// <summary>Fitting the shared reorder model of a day (second key: the as-of day number).</summary>
    ReorderModel = 0x52454F52, // "REOR"

    /// <summary>Building the morning's reminders (second key: 0, one build at a time).</summary>
    Reminders = 0x52454D, // "REM"

    /// <summary>Turning won deals into ERP documents (second key: 0, one scan at a time).</summary>
    ErpDocuments = 0x455250, // "ERP"
}

/// <summary>Transaction-scoped advisory locks: held until the surrounding transaction commits or rolls back.</summary>
public static class AdvisoryLock
{
    /// <summary>Waits for the lock (<paramref name="lockClass"/>, <paramref name="key"/>); a transaction must be open.</summary>
    public static async Task AcquireAsync(DatabaseFacade database, AdvisoryLockClass lockClass, long key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.CurrentTransaction is null)
            throw new InvalidOperationException("An advisory transaction lock needs an open transaction, or it is released at once.");
        // The two-int form keeps classes apart; a long key is folded (ids and day numbers fit in an int for centuries).
        var second = unchecked((int)(key ^ (key >> 32)));
        await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({(int)lockClass}, {second})", cancellationToken);
    }
}
