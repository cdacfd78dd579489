using System.Threading.Channels;
using Bulwark.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bulwark.Core.Assessments;

/// <summary>
/// Group commit for answered assessments: requests queue their commit and wait; one loop
/// takes whatever is queued (up to MaxBatch) and stores it in a single transaction. A request
/// is answered only after its transaction is durable, so nothing answered is ever lost, and
/// under load many assessments share one fsync.
/// </summary>
public sealed partial class AssessmentWriter : BackgroundService
{
    private readonly Channel<AssessmentCommit> _queue;
    private readonly IAssessmentStore _store;
    private readonly StoreOutageLog _outages;
    private readonly ILogger<AssessmentWriter> _logger;
    private readonly int _maxBatch;

    public AssessmentWriter(IAssessmentStore store, IOptions<AssessmentWriterOptions> options, StoreOutageLog outages, ILogger<AssessmentWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _outages = outages;
        _logger = logger;
        _maxBatch = options.Value.MaxBatch;
        _queue = Channel.CreateBounded<AssessmentCommit>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Queues the commit and waits until it is durable; returns what was stored.</summary>
    /// <exception cref="AssessmentQueueFullException">The store is too far behind.</exception>
    public Task<AssessmentRecord> CommitAsync(AssessmentCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (!_queue.Writer.TryWrite(commit))
        {
            throw new AssessmentQueueFullException();
        }

        return commit.Completion;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Take no more, then let the loop drain what requests are already waiting for.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The loop runs on a thread of its own: SQLite works synchronously, and a thread-pool thread
    /// blocked in it would take a worker from the requests on a small machine.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run();
                done.SetResult();
            }
#pragma warning disable CA1031 // Reported through the task the host watches.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "Bulwark assessment writer",
        };
        thread.Start();
        return done.Task;
    }

    private void Run()
    {
        var batch = new List<AssessmentCommit>(_maxBatch);
        var reader = _queue.Reader;

        // Not bound to stoppingToken: after shutdown starts the queue is completed and drained,
        // so every request already waiting gets its durable answer.
        while (WaitToRead(reader))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                _store.CommitBatchAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
                _outages.Succeeded();
                foreach (var item in batch)
                {
                    item.Complete();
                }
            }
#pragma warning disable CA1031 // The loop must survive a failed batch; each waiter gets the exception.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // An outage fails every batch until the database is back: the requests' answers report it, once (StoreOutageLog).
                if (!_outages.IsOutage(ex))
                {
                    LogBatchFailed(_logger, ex, batch.Count);
                }

                foreach (var item in batch)
                {
                    item.Fail(ex);
                }
            }
        }
    }

    private static bool WaitToRead(ChannelReader<AssessmentCommit> reader)
    {
        var wait = reader.WaitToReadAsync(CancellationToken.None);
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing a batch of {Count} assessments failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}
