using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bulwark.Storage.Sqlite;

/// <summary>
/// Checkpoints the write-ahead log off the write path. Connections turn SQLite's automatic
/// checkpoint off (<see cref="SqliteDatabase"/>), because it runs inside whichever commit crosses
/// 1,000 pages: the group-commit writer would copy megabytes into the database file and fsync it
/// while every request in its batch waits. This loop, on its own thread and connection, runs a
/// PASSIVE checkpoint (it never blocks writers) every <see cref="Interval"/>.
/// <para>
/// Copying frames into the database is not enough to keep the log short: SQLite starts the log over
/// only when a write transaction begins with every frame already copied, and under steady load the
/// group-commit writer always begins its next batch before this loop has caught up with the last one.
/// The log then grows without end (1.3 GB after 230,000 assessments in a benchmark), every commit
/// extends the file, and extending it costs the fsync a journal commit. So once the log holds
/// <see cref="RestartFrames"/> frames, this loop asks the writer (<see cref="SqliteDatabase.WalRestartWanted"/>)
/// to checkpoint the few frames left between two batches, which lets its next batch start the log over.
/// </para>
/// <para>
/// That catch-up ends with the only fsync of the database file a checkpoint makes (a PASSIVE one
/// that does not copy the whole log syncs nothing), so it used to write every page the passes
/// before it had copied since the last restart: 4–6 ms of the writer's time while requests queued,
/// the largest part of createAssessment's p99 at half of peak (docs/performance.md, eleventh round).
/// Each pass now starts the kernel writing what it copied (<see cref="FileWriteback"/>), so the
/// catch-up's fsync finds little left, and with that the log can run four times as long between
/// restarts, which makes the catch-ups a quarter as frequent.
/// </para>
/// </summary>
internal sealed partial class SqliteCheckpointer(SqliteDatabase db, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>16,384 frames of 4 KB pages: a 64 MB log, four segments of SQLite's log index.</summary>
    public const int RestartFrames = 16384;

    private FileWriteback? _writeback;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.WaitHandle.WaitOne(Interval))
        {
            try
            {
                CheckpointOnce();
                failures = 0;
            }
            catch (SqliteException ex)
            {
                // The WAL keeps growing until a checkpoint succeeds; say so once a minute, not four times a second.
                if (failures++ % 240 == 0)
                {
                    LogCheckpointFailed(logger, ex, failures);
                }
            }
        }
    }

    /// <summary>One pass: copies what it can into the database; returns how many frames the log holds.</summary>
    internal int CheckpointOnce()
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var result = command.ExecuteReader();
        result.Read();
        // busy, frames in the log, frames copied. Busy: the writer is checkpointing the last frames itself.
        var frames = result.GetInt32(1);
        if (result.GetInt32(2) > 0)
        {
            (_writeback ??= new FileWriteback(db.Path)).Start();
        }

        if (result.GetInt32(0) == 0 && frames >= RestartFrames)
        {
            db.WalRestartWanted = true;
        }

        return frames;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpointing the SQLite write-ahead log failed ({Failures} in a row)")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception, int failures);
}
