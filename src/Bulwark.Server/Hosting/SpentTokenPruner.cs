using Bulwark.Core.Assessments;

namespace Bulwark.Server.Hosting;

/// <summary>Forgets spent tokens once they have expired: an expired token is refused as EXPIRED anyway.</summary>
internal sealed partial class SpentTokenPruner(IAssessmentStore store, TimeProvider time, ILogger<SpentTokenPruner> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await store.PruneSpentTokensAsync(time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Pruning is housekeeping; try again next time.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPruneFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning spent tokens failed")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
