namespace Bulwark.Core.Assessments;

public interface IAssessmentStore
{
    /// <summary>
    /// Stores a batch in one transaction: for each item, spend its token (if any) and store the
    /// answer that follows. Sets <see cref="AssessmentCommit.Stored"/> on each item. Returns only
    /// once the transaction is durable.
    /// </summary>
    Task CommitBatchAsync(IReadOnlyList<AssessmentCommit> batch, CancellationToken cancellationToken);

    Task<AssessmentRecord?> GetAsync(string projectId, string assessmentId, CancellationToken cancellationToken);

    /// <returns>false when the assessment does not exist in that project.</returns>
    Task<bool> AddAnnotationAsync(AnnotationRecord annotation, CancellationToken cancellationToken);

    /// <summary>
    /// How many valid assessments of the key got each score, per day and action, from
    /// <paramref name="since"/> on. Days and hours that ended before <paramref name="settledBefore"/>
    /// are finished (no node stores an assessment for them any more): each finished day, and each
    /// finished hour of the day that is not, is counted from its assessments once, on the first call
    /// that asks for it, and read from that summary after (<see cref="ScoreSummaryGrain"/>). A call
    /// reads the assessments of the unfinished hours only, not of the whole window or the whole day.
    /// </summary>
    Task<IReadOnlyList<ScoreCount>> GetScoreCountsAsync(string projectId, string siteKey, DateOnly since, DateTimeOffset settledBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets up to <paramref name="limit"/> keys' day summaries of days before <paramref name="before"/>,
    /// and up to as many hour summaries of those days. Returns how many of both it forgot; callers
    /// repeat while that is <paramref name="limit"/> or more.
    /// </summary>
    Task<int> PruneScoreSummariesAsync(DateOnly before, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="limit"/> assessments (and their annotations) created before
    /// <paramref name="before"/>, the oldest first, reading about as many rows as it may delete, not
    /// the table (it runs every few minutes on tables of millions of rows). Returns how many it
    /// deleted; callers repeat while that is more than 0.
    /// </summary>
    Task<int> PruneAssessmentsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);

    /// <summary>Forgets up to <paramref name="limit"/> spent tokens that have expired anyway.</summary>
    Task<int> PruneSpentTokensAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}
