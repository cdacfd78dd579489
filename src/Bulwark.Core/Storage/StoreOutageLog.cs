using Microsoft.Extensions.Logging;

namespace Bulwark.Core.Storage;

/// <summary>
/// Logs a store outage once, not once per failed request: at 10,000 requests a second a database that
/// is down for a minute would otherwise write 600,000 stack traces. The first request that fails is
/// logged with the reason, then a count at most every <see cref="Interval"/> while requests go on
/// failing, and the end of the outage when the store next takes a write (<see cref="Succeeded"/>: the
/// assessment writer's commits, the velocity flush every second, a pruner pass).
/// Exceptions that are not outages are left to the caller.
/// </summary>
public sealed partial class StoreOutageLog(IStoreFaults faults, TimeProvider time, ILogger<StoreOutageLog> logger)
{
    /// <summary>How often a continuing outage is logged.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private volatile bool _down;
    private long _since;
    private long _lastReport;
    private long _failed;
    private long _failedSinceReport;

    /// <summary>Whether <paramref name="exception"/> is an outage of the store (<see cref="IStoreFaults"/>).</summary>
    public bool IsOutage(Exception exception) => faults.IsUnavailable(exception);

    /// <summary>
    /// Counts and, when due, logs a request (<paramref name="request"/>: method and path, never the
    /// query) that failed with <paramref name="exception"/> if that is an outage; returns false (and
    /// logs nothing) if it is not, so that the caller logs it as the defect it is.
    /// </summary>
    public bool TryReport(Exception exception, string request) => Report(exception, request, isRequest: true);

    /// <summary>
    /// The same for background work that met <paramref name="exception"/> (<paramref name="work"/>
    /// says which: "refreshing the token key ring"): an outage is logged as a request's would be, and
    /// keeps a quiet node's log saying that the database is still gone, but is not counted as a request
    /// answered UNAVAILABLE. Returns false for anything that is not an outage.
    /// </summary>
    public bool TryReportBackground(Exception exception, string work) => Report(exception, work, isRequest: false);

    private bool Report(Exception exception, string operation, bool isRequest)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (!faults.IsUnavailable(exception))
        {
            return false;
        }

        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (isRequest)
            {
                _failed++;
                _failedSinceReport++;
            }

            if (!_down)
            {
                _down = true;
                _since = now;
                _lastReport = now;
                _failedSinceReport = 0;
                var reason = Reason(exception);
                LogDown(logger, operation, reason);
            }
            else if (time.GetElapsedTime(_lastReport, now) is var sinceReport && sinceReport >= Interval)
            {
                var total = (long)time.GetElapsedTime(_since, now).TotalSeconds;
                var reason = Reason(exception);
                LogStillDown(logger, _failedSinceReport, (long)sinceReport.TotalSeconds, total, operation, reason);
                _lastReport = now;
                _failedSinceReport = 0;
            }
        }

        return true;
    }

    /// <summary>An operation on the store succeeded: ends an outage being reported. One volatile read when there is none.</summary>
    public void Succeeded()
    {
        if (!_down)
        {
            return;
        }

        lock (_gate)
        {
            if (_down)
            {
                _down = false;
                var seconds = (long)time.GetElapsedTime(_since).TotalSeconds;
                LogRecovered(logger, seconds, _failed);
                _failed = 0;
            }
        }
    }

    /// <summary>The innermost message: the driver's own words ("Connection refused", "57P01: terminating connection…"), without a stack.</summary>
    private static string Reason(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is { } next)
        {
            inner = next;
        }

        return ReferenceEquals(inner, exception) ? $"{exception.GetType().Name}: {exception.Message}" : $"{exception.GetType().Name}: {exception.Message} ({inner.GetType().Name}: {inner.Message})";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The database is unavailable ({Operation}: {Reason}); requests that need it are answered UNAVAILABLE (503) until it is back")]
    private static partial void LogDown(ILogger logger, string operation, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The database is still unavailable: {Failed} requests answered UNAVAILABLE in the last {Seconds} s, {Total} s since it went ({Operation}: {Reason})")]
    private static partial void LogStillDown(ILogger logger, long failed, long seconds, long total, string operation, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database is available again after {Seconds} s; {Failed} requests were answered UNAVAILABLE meanwhile")]
    private static partial void LogRecovered(ILogger logger, long seconds, long failed);
}
