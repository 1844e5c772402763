using Forecast.Core.Inventory;
using Forecast.Modeling.Inventory;
using Microsoft.Extensions.Localization;

namespace Forecast.Web.Pages.Planner;

/// <summary>A purchase-order message in the reader's language, as the product page and the messages page print it.</summary>
public static class PurchaseOrderMessageText
{
    /// <summary>The action's name, for the filter and the column.</summary>
    public static string Action(PurchaseOrderAction action, IStringLocalizer text) => action switch
    {
        PurchaseOrderAction.Expedite => text["Expedite"],
        PurchaseOrderAction.RescheduleIn => text["Reschedule in"],
        PurchaseOrderAction.RescheduleOut => text["Reschedule out"],
        PurchaseOrderAction.Cancel => text["Cancel"],
        PurchaseOrderAction.Reduce => text["Reduce"],
        _ => action.ToString(),
    };

    /// <summary>What to ask the supplier, e.g. "Expedite to 12/3/2026".</summary>
    public static string Instruction(PurchaseOrderMessageItem item, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(item);
        var date = Display.Date(item.SuggestedDate);
        return item.Action switch
        {
            PurchaseOrderAction.Expedite => text["Expedite to {0}", date],
            PurchaseOrderAction.RescheduleIn => text["Reschedule in to {0}", date],
            PurchaseOrderAction.RescheduleOut => text["Reschedule out to {0}", date],
            PurchaseOrderAction.Cancel => text["Cancel: not needed within the projection"],
            PurchaseOrderAction.Reduce => text["Reduce by {0}", Display.Quantity(item.ReduceBy, item.Unit)],
            _ => item.Action.ToString(),
        };
    }

    /// <summary>Why, in a few words: the stock-out it prevents, or that the line is late.</summary>
    public static string Why(PurchaseOrderMessageItem item, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(item);
        var parts = new List<string>();
        if (item.IsLate)
            parts.Add(text["late: was due {0}", Display.Date(item.CurrentDate)]);
        if (item.Action == PurchaseOrderAction.Expedite && item.Shortfall > 0)
            parts.Add(text["{0} short before it arrives", Display.Quantity(item.Shortfall, item.Unit)]);
        return string.Join(" · ", parts);
    }
}
