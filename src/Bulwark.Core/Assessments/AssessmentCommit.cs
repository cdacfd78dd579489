namespace Bulwark.Core.Assessments;

/// <summary>
/// One assessment waiting for the group commit. If it spends a token, the store marks the
/// token spent in the same transaction that stores the answer; when the token turns out to
/// be spent already (another request, another node), <see cref="OnDuplicate"/> gives the
/// answer to store and send instead.
/// </summary>
public sealed class AssessmentCommit
{
    private readonly TaskCompletionSource<AssessmentRecord> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public required AssessmentRecord Record { get; init; }

    public Guid? SpendTokenId { get; init; }

    /// <summary>When the spent entry may be forgotten: the token itself has expired by then.</summary>
    public DateTimeOffset SpendExpiresAt { get; init; }

    public Func<AssessmentRecord>? OnDuplicate { get; init; }

    /// <summary>Set by the store inside its transaction: what was stored.</summary>
    public AssessmentRecord? Stored { get; set; }

    internal Task<AssessmentRecord> Completion => _completion.Task;

    internal void Complete() => _completion.TrySetResult(Stored ?? throw new InvalidOperationException("The store did not record the outcome."));

    internal void Fail(Exception exception) => _completion.TrySetException(exception);
}
