using Bulwark.Core.Storage;
using Bulwark.Core.Velocity;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Hosting;

/// <summary>
/// Every <see cref="VelocityOptions.FlushInterval"/>: adds this node's velocity counts to the store
/// and reads back every node's totals. A failed flush keeps the counts for the next one; requests
/// never wait for it and never see its errors. One last flush on shutdown.
/// </summary>
internal sealed partial class VelocityFlusher(VelocityTracker tracker, IVelocityStore store, IOptions<VelocityOptions> options, StoreOutageLog outages, TimeProvider time, ILogger<VelocityFlusher> logger) : BackgroundService
{
    private int _failures;

    /// <summary>Whether a failure of this run was logged here (not as an outage), so that its end is logged too.</summary>
    private bool _logged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushOnceAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushOnceAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task FlushOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await tracker.FlushAsync(store, time.GetUtcNow(), cancellationToken).ConfigureAwait(false) > 0)
            {
                // It reached the store: an outage requests were told of is over.
                outages.Succeeded();
            }

            if (_logged)
            {
                LogRecovered(logger, _failures);
                _logged = false;
            }

            _failures = 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // The counts stay pending; the next tick tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // A database outage is logged for the node by StoreOutageLog. Anything else: the first failure of a
            // run, then one a minute at one flush a second.
            var failures = ++_failures;
            if (!outages.TryReportBackground(ex, "flushing velocity counters") && failures % 60 == 1)
            {
                LogFlushFailed(logger, failures, ex);
                _logged = true;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flushing velocity counters failed ({Failures} in a row); counts are kept for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, int failures, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Velocity counters flushed again after {Failures} failures")]
    private static partial void LogRecovered(ILogger logger, int failures);
}
