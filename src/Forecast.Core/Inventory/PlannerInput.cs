using System.Globalization;

namespace Forecast.Core.Inventory;

/// <summary>
/// One thing wrong with a planner's input: the field (as the JSON API names it), the English sentence that is also the
/// key of its translation, and the values for its placeholders.
/// </summary>
public sealed record InputError(string Field, string Text, params object[] Args)
{
    public string Message => Args.Length == 0 ? Text : string.Format(CultureInfo.InvariantCulture, Text, Args);
}

/// <summary>
/// A planner's edit was refused as a whole (nothing was saved): every field that is wrong, with why. The web edge answers
/// 400 with the fields; the pages show each sentence in the reader's language.
/// </summary>
public sealed class PlannerInputException(IReadOnlyList<InputError> errors)
    : Exception(string.Join(" ", errors.Select(e => e.Message)))
{
    public IReadOnlyList<InputError> Errors { get; } = errors;

    /// <summary>The errors as the problem-details <c>errors</c> member: field → messages.</summary>
    public IDictionary<string, string[]> ByField() =>
        Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
}
