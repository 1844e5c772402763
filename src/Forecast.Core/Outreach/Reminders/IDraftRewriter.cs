using Forecast.Core.Outreach.Drafting;

namespace Forecast.Core.Outreach.Reminders;

/// <summary>
/// An optional text-generation step that may rewrite a template's draft (for example a language model on the company's
/// own server). Off by default (<c>Reminders:RewriteDrafts</c>); the templates' text is what reps get unless a rewriter is
/// registered and switched on. A rewriter sees the same facts the templates see, and nothing else; a failure keeps the
/// template's draft. No implementation in this repository calls a network.
/// </summary>
public interface IDraftRewriter
{
    /// <summary>Recorded with each draft it rewrote (<see cref="Reminder.DraftSource"/>).</summary>
    string Name { get; }

    Task<Draft> RewriteAsync(Draft draft, DraftFacts facts, string language, CancellationToken cancellationToken);
}

/// <summary>The default: the template's draft, unchanged.</summary>
public sealed class TemplateDraftRewriter : IDraftRewriter
{
    public const string TemplateSource = "template";

    public string Name => TemplateSource;

    public Task<Draft> RewriteAsync(Draft draft, DraftFacts facts, string language, CancellationToken cancellationToken) => Task.FromResult(draft);
}
