using Forecast.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forecast.Core.Inventory;

/// <summary>What a planner asks to change; a null field is left as it is. Service level in percent (95 = 95%).</summary>
public sealed record PlanningSettingsEdit(decimal? LeadTimeDays = null, decimal? ServiceLevelPercent = null, decimal? Moq = null, decimal? PackSize = null);

/// <summary>One setting: the imported (or configured) value, the planner's override if any, and the value planning uses.</summary>
public sealed record PlanningSettingValue(PlanningSetting Setting, decimal Imported, decimal? Override, decimal Effective);

/// <summary>A product's planning settings as the page and the API show them, with the latest changes first.</summary>
public sealed record ProductPlanningSettings(
    long ProductId,
    IReadOnlyList<PlanningSettingValue> Settings,
    string? ChangedBy,
    DateTimeOffset? ChangedAt,
    IReadOnlyList<PlanningSettingChange> History)
{
    public PlanningSettingValue Of(PlanningSetting setting) => Settings.Single(s => s.Setting == setting);
}

/// <summary>The settings the inventory projection plans one product with, after the planner's overrides.</summary>
public sealed record EffectivePlanning(int LeadTimeDays, double CycleServiceLevel, decimal Moq, decimal PackSize, ProductPlanningOverride? Override);

/// <summary>
/// Lead time, service level, MOQ and pack size per product as planners edit them in the app: an override on top of the
/// ERP's item master (and the configured service level), kept apart from the imported columns so that the nightly
/// import neither loses it nor is blocked by it, with a log of every change.
/// </summary>
public sealed class PlanningSettings(ForecastDbContext db, IOptions<InventoryOptions> options, TimeProvider time)
{
    public const int HistoryShown = 20;

    /// <summary>The product's settings, or null when there is no such product.</summary>
    public async Task<ProductPlanningSettings?> GetAsync(long productId, CancellationToken cancellationToken)
    {
        var product = await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == productId, cancellationToken);
        if (product is null)
            return null;
        var row = await db.Set<ProductPlanningOverride>().AsNoTracking().SingleOrDefaultAsync(o => o.ProductId == productId, cancellationToken);
        var history = await db.Set<PlanningSettingChange>().AsNoTracking().Where(c => c.ProductId == productId)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).Take(HistoryShown).ToListAsync(cancellationToken);
        return View(product, row, history);
    }

    /// <summary>
    /// Applies the edit (all fields valid, or nothing changes: <see cref="PlannerInputException"/>). A value equal to the
    /// imported one removes the override, so the item master's later changes apply again. Null when there is no such product.
    /// </summary>
    public async Task<ProductPlanningSettings?> UpdateAsync(long productId, PlanningSettingsEdit edit, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var errors = Validate(edit);
        if (errors.Count > 0)
            throw new PlannerInputException(errors);
        return await ChangeAsync(productId, changedBy, (setting, _) => setting switch
        {
            PlanningSetting.LeadTime => edit.LeadTimeDays,
            PlanningSetting.ServiceLevel => edit.ServiceLevelPercent,
            PlanningSetting.Moq => edit.Moq,
            PlanningSetting.PackSize => edit.PackSize,
            _ => null,
        }, cancellationToken);
    }

    /// <summary>Back to the imported or configured values for <paramref name="settings"/>. Null when there is no such product.</summary>
    public Task<ProductPlanningSettings?> ResetAsync(long productId, IReadOnlyCollection<PlanningSetting> settings, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ChangeAsync(productId, changedBy, (setting, imported) => settings.Contains(setting) ? imported : null, cancellationToken);
    }

    /// <summary>Per product, what the projection plans with (imported values where there is no override).</summary>
    public static EffectivePlanning Effective(Product product, ProductPlanningOverride? row, InventoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(options);
        return new EffectivePlanning(
            row?.LeadTimeDays ?? product.LeadTimeDays,
            row?.CycleServiceLevel ?? options.ServiceLevelFor(product.Family),
            row?.Moq ?? product.Moq,
            row?.PackSize ?? (product.PackSize > 0 ? product.PackSize : 1),
            row);
    }

    /// <summary>The planners' overrides of <paramref name="productIds"/>.</summary>
    public static async Task<Dictionary<long, ProductPlanningOverride>> LoadAsync(ForecastDbContext db, IReadOnlyCollection<long> productIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = productIds.ToList();
        return await db.Set<ProductPlanningOverride>().AsNoTracking().Where(o => ids.Contains(o.ProductId)).ToDictionaryAsync(o => o.ProductId, cancellationToken);
    }

    /// <summary>Every rule the edit breaks (empty: valid).</summary>
    public static List<InputError> Validate(PlanningSettingsEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var errors = new List<InputError>();
        if (edit.LeadTimeDays is { } lead && (lead < 0 || lead > 365 || lead != decimal.Truncate(lead)))
            errors.Add(new InputError("leadTimeDays", "Lead time must be a whole number of days from 0 to 365."));
        if (edit.ServiceLevelPercent is { } level && (level < 50 || level > 99.9m))
            errors.Add(new InputError("serviceLevelPercent", "Service level must be a percentage from 50 to 99.9."));
        if (edit.Moq is { } moq && (moq < 1 || moq > 1_000_000_000 || moq != decimal.Truncate(moq)))
            errors.Add(new InputError("moq", "MOQ must be a positive whole number."));
        if (edit.PackSize is { } pack && (pack < 1 || pack > 1_000_000_000 || pack != decimal.Truncate(pack)))
            errors.Add(new InputError("packSize", "Pack size must be a positive whole number."));
        return errors;
    }

    private async Task<ProductPlanningSettings?> ChangeAsync(long productId, string changedBy, Func<PlanningSetting, decimal, decimal?> wanted, CancellationToken cancellationToken)
    {
        var product = await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == productId, cancellationToken);
        if (product is null)
            return null;
        var row = await db.Set<ProductPlanningOverride>().SingleOrDefaultAsync(o => o.ProductId == productId, cancellationToken);
        var isNew = row is null;
        row ??= new ProductPlanningOverride { ProductId = productId };
        var before = View(product, isNew ? null : row, []);
        var now = time.GetUtcNow();
        var changed = false;
        foreach (var current in before.Settings)
        {
            if (wanted(current.Setting, current.Imported) is not { } value)
                continue;
            // Same value as now: nothing to log, unless an override equal to the (since re-imported) value is left to clear.
            if (value == current.Effective && (current.Override is null || value != current.Imported))
                continue;
            var reset = value == current.Imported;
            Set(row, current.Setting, reset ? null : value);
            db.Add(new PlanningSettingChange
            {
                ProductId = productId, Setting = current.Setting, OldValue = current.Effective, NewValue = value, Reset = reset,
                ChangedBy = changedBy, ChangedAt = now,
            });
            changed = true;
        }
        if (changed)
        {
            row.ChangedBy = changedBy;
            row.ChangedAt = now;
            var empty = row.LeadTimeDays is null && row.CycleServiceLevel is null && row.Moq is null && row.PackSize is null;
            if (isNew && !empty)
                db.Add(row);
            else if (!isNew && empty)
                db.Remove(row);
            await db.SaveChangesAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        return await GetAsync(productId, cancellationToken);
    }

    private static void Set(ProductPlanningOverride row, PlanningSetting setting, decimal? value)
    {
        switch (setting)
        {
            case PlanningSetting.LeadTime:
                row.LeadTimeDays = value is { } days ? (int)days : null;
                break;
            case PlanningSetting.ServiceLevel:
                row.CycleServiceLevel = value is { } percent ? (double)(percent / 100) : null;
                break;
            case PlanningSetting.Moq:
                row.Moq = value;
                break;
            case PlanningSetting.PackSize:
                row.PackSize = value;
                break;
        }
    }

    private ProductPlanningSettings View(Product product, ProductPlanningOverride? row, IReadOnlyList<PlanningSettingChange> history)
    {
        var importedLevel = Percent(options.Value.ServiceLevelFor(product.Family));
        var settings = new List<PlanningSettingValue>
        {
            Value(PlanningSetting.LeadTime, product.LeadTimeDays, row?.LeadTimeDays),
            Value(PlanningSetting.ServiceLevel, importedLevel, row?.CycleServiceLevel is { } level ? Percent(level) : null),
            Value(PlanningSetting.Moq, product.Moq, row?.Moq),
            Value(PlanningSetting.PackSize, product.PackSize > 0 ? product.PackSize : 1, row?.PackSize),
        };
        return new ProductPlanningSettings(product.Id, settings, row?.ChangedBy, row?.ChangedAt, history);
    }

    private static PlanningSettingValue Value(PlanningSetting setting, decimal imported, decimal? overridden) =>
        new(setting, imported, overridden, overridden ?? imported);

    private static decimal Percent(double probability) => Math.Round((decimal)probability * 100, 2);
}
