namespace Forecast.Core.Assistant;

/// <summary>
/// An optional text-generation step that may reword the composed answer (for example a language model on the company's
/// own server), like <see cref="Outreach.Reminders.IDraftRewriter"/> for drafts. It sees the answer and the facts it was
/// composed from, and nothing else. A rewritten answer that drops any source link, or a failing rewriter, is not used:
/// the composed answer is shown. No implementation in this repository calls a network.
/// </summary>
public interface IAnswerRewriter
{
    string Name { get; }

    Task<AssistantAnswer> RewriteAsync(AssistantAnswer answer, CustomerFacts facts, CancellationToken cancellationToken);
}

/// <summary>The default: the composed answer, unchanged.</summary>
public sealed class ComposedAnswerRewriter : IAnswerRewriter
{
    public string Name => "composed";

    public Task<AssistantAnswer> RewriteAsync(AssistantAnswer answer, CustomerFacts facts, CancellationToken cancellationToken) => Task.FromResult(answer);
}
