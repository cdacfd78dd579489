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
/// </summary>
internal sealed partial class SqliteCheckpointer(SqliteDatabase db, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.WaitHandle.WaitOne(Interval))
        {
            try
            {
                using var connection = db.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                command.ExecuteNonQuery();
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpointing the SQLite write-ahead log failed ({Failures} in a row)")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception, int failures);
}
