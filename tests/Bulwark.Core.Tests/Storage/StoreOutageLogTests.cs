using Bulwark.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Bulwark.Core.Tests.Storage;

public sealed class StoreOutageLogTests
{
    private readonly Clock _clock = new();
    private readonly RecordingLogger _log = new();
    private readonly StoreOutageLog _outages;

    public StoreOutageLogTests() => _outages = new StoreOutageLog(new Faults(), _clock, _log);

    [Fact]
    public void TryReport_AnOutage_LogsItOnceThenACountPerInterval()
    {
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(_outages.TryReport(new OutageException(), "POST /v1/projects/p/assessments"));
        }

        var first = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Error, first.Level);
        Assert.Contains("The database is unavailable (POST /v1/projects/p/assessments: OutageException: connection refused)", first.Message, StringComparison.Ordinal);

        _clock.Advance(StoreOutageLog.Interval);
        Assert.True(_outages.TryReport(new OutageException(), "GET /v1/projects/p/keys"));
        Assert.Equal(2, _log.Entries.Count);
        Assert.Contains("still unavailable: 1000 requests answered UNAVAILABLE in the last 10 s, 10 s since it went (GET /v1/projects/p/keys", _log.Entries[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Succeeded_AfterAnOutage_LogsItsEndOnce()
    {
        _outages.Succeeded();
        Assert.Empty(_log.Entries);

        _outages.TryReport(new OutageException(), "POST /recaptcha/api/siteverify");
        _outages.TryReport(new OutageException(), "POST /recaptcha/api/siteverify");
        _clock.Advance(TimeSpan.FromSeconds(42));
        _outages.Succeeded();
        _outages.Succeeded();

        Assert.Equal(2, _log.Entries.Count);
        Assert.Equal(LogLevel.Information, _log.Entries[1].Level);
        Assert.Equal("The database is available again after 42 s; 2 requests were answered UNAVAILABLE meanwhile", _log.Entries[1].Message);

        // A later outage is a new one, logged again.
        _outages.TryReport(new OutageException(), "POST /v1/projects/p/assessments");
        Assert.Equal(3, _log.Entries.Count);
    }

    [Fact]
    public void TryReport_NotAnOutage_ReturnsFalseAndLogsNothing()
    {
        Assert.False(_outages.TryReport(new InvalidOperationException("a defect"), "POST /v1/projects/p/assessments"));
        Assert.Empty(_log.Entries);
        Assert.True(_outages.IsOutage(new AggregateException(new OutageException())));
    }

    [Fact]
    public void TryReportBackground_AnOutage_LogsItAsTheNodesWithoutCountingItAsARequest()
    {
        Assert.True(_outages.TryReportBackground(new OutageException(), "refreshing the token key ring"));
        Assert.True(_outages.TryReportBackground(new OutageException(), "flushing velocity counters"));
        var first = Assert.Single(_log.Entries);
        Assert.Contains("The database is unavailable (refreshing the token key ring: OutageException: connection refused)", first.Message, StringComparison.Ordinal);

        // Requests that fail meanwhile are counted; the background work is not. A quiet node still says it is down.
        _outages.TryReport(new OutageException(), "POST /v1/projects/p/assessments");
        _clock.Advance(StoreOutageLog.Interval);
        Assert.True(_outages.TryReportBackground(new OutageException(), "reading the active behaviour model"));
        Assert.Equal(2, _log.Entries.Count);
        Assert.Contains("still unavailable: 1 requests answered UNAVAILABLE in the last 10 s, 10 s since it went (reading the active behaviour model", _log.Entries[1].Message, StringComparison.Ordinal);

        _outages.Succeeded();
        Assert.Equal("The database is available again after 10 s; 1 requests were answered UNAVAILABLE meanwhile", _log.Entries[2].Message);
    }

    [Fact]
    public void TryReportBackground_NotAnOutage_ReturnsFalseAndLogsNothing()
    {
        Assert.False(_outages.TryReportBackground(new InvalidOperationException("a defect"), "pruning the store"));
        Assert.Empty(_log.Entries);
    }

    private sealed class OutageException() : Exception("connection refused");

    /// <summary>The store's own rule, as a store registers one: here, anything that is or wraps an <see cref="OutageException"/>.</summary>
    private sealed class Faults : IStoreFaults
    {
        public bool IsUnavailable(Exception exception)
        {
            for (var e = exception; e is not null; e = e.InnerException)
            {
                if (e is OutageException)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private sealed class Clock : TimeProvider
    {
        private long _ticks = TimeSpan.TicksPerDay;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed class RecordingLogger : ILogger<StoreOutageLog>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
