using Bulwark.Core.Scoring;
using Bulwark.Core.Storage;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Hosting;

/// <summary>Asks the store every <see cref="BehaviourModelOptions.ReloadInterval"/> which behaviour model is active and swaps it in.</summary>
internal sealed partial class BehaviourModelRefresher(BehaviourModelProvider models, IOptions<BehaviourModelOptions> options, StoreOutageLog outages, TimeProvider time, ILogger<BehaviourModelRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReloadInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RefreshAsync(models, outages, logger, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One refresh; a failure is logged (a database outage through <paramref name="outages"/>) and leaves the current model in place.</summary>
    public static async Task RefreshAsync(BehaviourModelProvider models, StoreOutageLog outages, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            if (await models.RefreshAsync(cancellationToken).ConfigureAwait(false))
            {
                LogModelChanged(logger, models.Current.Version);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failed refresh (the store unreachable, a model this node cannot read) keeps the model we have.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (!outages.TryReportBackground(ex, "reading the active behaviour model"))
            {
                LogRefreshFailed(logger, ex, models.Current.Version);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Behaviour model {Version} is now in use")]
    private static partial void LogModelChanged(ILogger logger, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the active behaviour model failed; still using {Version}")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string version);
}
