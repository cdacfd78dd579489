using Bulwark.Core.Storage;
using Bulwark.Core.Tokens;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Hosting;

/// <summary>Reloads the shared key ring on every node, and rotates it when due.</summary>
internal sealed partial class KeyRingRefresher(KeyRingProvider ring, IOptions<TokenKeyOptions> options, StoreOutageLog outages, TimeProvider time, ILogger<KeyRingRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await ring.RotateIfDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed refresh keeps the ring we have; the next tick tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // A database outage is logged once for the node (StoreOutageLog), not once a minute here.
                if (!outages.TryReportBackground(ex, "refreshing the token key ring"))
                {
                    LogRefreshFailed(logger, ex);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the token key ring failed; keeping the current one")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
