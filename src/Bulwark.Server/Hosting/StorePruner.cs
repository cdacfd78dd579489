using Bulwark.Core.Assessments;
using Bulwark.Core.Storage;
using Bulwark.Core.Velocity;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Hosting;

/// <summary>
/// Housekeeping every <see cref="AssessmentWriterOptions.PruneInterval"/> (5 minutes): forgets spent tokens once they have expired (an expired token
/// is refused as EXPIRED anyway) and deletes assessments past the retention, and getMetrics' day
/// summaries of days before it, in bounded chunks so no transaction grows large, and drops velocity
/// buckets no window reads any more. Every node may
/// run it; deletes are idempotent.
/// </summary>
internal sealed partial class StorePruner(IAssessmentStore store, IVelocityStore velocity, IOptions<AssessmentWriterOptions> options, StoreOutageLog outages, TimeProvider time, ILogger<StorePruner> logger) : BackgroundService
{
    private const int Chunk = 2_000;

    /// <summary>
    /// Smaller than <see cref="Chunk"/>: velocity buckets have random keys, so each one deleted dirties
    /// a page of its own, while the oldest assessments and spent tokens lie together on few pages
    /// (docs/performance.md, tenth round).
    /// </summary>
    private const int VelocityChunk = 500;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest window reads 65 minutes back; keep a margin for clocks that differ.</summary>
    private static readonly TimeSpan VelocityRetention = TimeSpan.FromHours(2);

    public async Task PruneOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Chunks, with a pause between them: on SQLite each delete holds the one write lock, and the
        // group-commit writer must get it back within milliseconds, not after a million-row delete.
        while (await store.PruneSpentTokensAsync(now, Chunk, cancellationToken).ConfigureAwait(false) == Chunk)
        {
            await Task.Delay(Pause, time, cancellationToken).ConfigureAwait(false);
        }

        while (await velocity.PruneVelocityAsync(now - VelocityRetention, VelocityChunk, cancellationToken).ConfigureAwait(false) == VelocityChunk)
        {
            await Task.Delay(Pause, time, cancellationToken).ConfigureAwait(false);
        }

        var days = options.Value.RetentionDays;
        if (days <= 0)
        {
            return;
        }

        var before = now - TimeSpan.FromDays(days);
        var total = 0;
        int deleted;
        do
        {
            deleted = await store.PruneAssessmentsAsync(before, Chunk, cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted > 0)
            {
                await Task.Delay(Pause, time, cancellationToken).ConfigureAwait(false);
            }
        }
        while (deleted > 0 && !cancellationToken.IsCancellationRequested);

        if (total > 0)
        {
            LogPruned(logger, total, days);
        }

        // getMetrics' day summaries go with the days they count (whole days), but stay for getMetrics'
        // window under a shorter retention: a day's counts say nothing about anyone.
        var firstKept = DateOnly.FromDateTime((before < now - MetricsBuilder.Window ? before : now - MetricsBuilder.Window).UtcDateTime);
        while (await store.PruneScoreSummariesAsync(firstKept, Chunk, cancellationToken).ConfigureAwait(false) >= Chunk)
        {
            await Task.Delay(Pause, time, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        do
        {
            try
            {
                await PruneOnceAsync(stoppingToken).ConfigureAwait(false);

                // It deleted (wrote) through the store: an outage reported meanwhile is over, also on a node without traffic.
                outages.Succeeded();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Pruning is housekeeping; try again next time.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (!outages.TryReportBackground(ex, "pruning the store"))
                {
                    LogPruneFailed(logger, ex);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} assessments older than {Days} days")]
    private static partial void LogPruned(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning the store failed")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
