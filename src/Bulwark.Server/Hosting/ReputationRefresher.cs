using Bulwark.Core.Reputation;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Hosting;

/// <summary>Checks the reputation directory every <see cref="ReputationOptions.ReloadInterval"/> and swaps in changed lists.</summary>
internal sealed partial class ReputationRefresher(ReputationLists lists, IOptions<ReputationOptions> options, TimeProvider time, ILogger<ReputationRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Directory))
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ReloadInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    lists.ReloadIfChanged();
                }
#pragma warning disable CA1031 // A failed reload keeps the lists we have.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogReloadFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloading reputation lists failed; keeping the current ones")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
