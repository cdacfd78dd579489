using Bulwark.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Bulwark.Storage.Sqlite;

/// <summary>The embedded database file: connections and schema migrations.</summary>
#pragma warning disable CA1001 // The write gate lives as long as the process; a SemaphoreSlim needs disposing only once its wait handle was asked for.
public sealed class SqliteDatabase : IStoreMigrator
{
    public SqliteDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Writers wait for each other (busy timeout) instead of failing.
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public string Path { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// Set by <see cref="SqliteCheckpointer"/> when the write-ahead log is long; the group-commit
    /// writer then checkpoints the last frames between two batches so its next batch starts the log over.
    /// </summary>
    internal bool WalRestartWanted
    {
        get => Volatile.Read(ref _walRestartWanted);
        set => Volatile.Write(ref _walRestartWanted, value);
    }

    private bool _walRestartWanted;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        Configure(connection);
        return connection;
    }

    /// <summary>
    /// Opens a connection for a write once this process's other writers are done. SQLite lets one
    /// writer in at a time; waiting here (asynchronously, first come first served) rather than in
    /// SQLite's busy handler keeps the velocity flush, the pruner and key changes from starving behind
    /// the group-commit writer, which takes the lock again the moment it lets go (a velocity flush
    /// waited 1.2 s under load), and frees the thread-pool thread while they wait.
    /// </summary>
    internal async Task<SqliteWrite> OpenForWriteAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return new SqliteWrite(await OpenAsync(cancellationToken).ConfigureAwait(false), _writeGate);
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    /// <summary>The group-commit writer's turn, on its own thread: see <see cref="OpenForWriteAsync"/>.</summary>
    internal void EnterWrite() => _writeGate.Wait();

    internal void ExitWrite() => _writeGate.Release();

    /// <summary>For work on threads of its own (the group-commit writer, the checkpointer), which is synchronous.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        Configure(connection);
        return connection;
    }

    /// <summary>Creates the schema or brings it up to date; safe to run on every start.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(SqliteSchema.Migrations.Count, cancellationToken);

    /// <summary>Runs the migrations up to <paramref name="target"/> only: for upgrade tests.</summary>
    internal async Task MigrateAsync(int target, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);

        var current = Convert.ToInt32(await ScalarAsync(connection, "PRAGMA user_version;", cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        for (var version = current + 1; version <= target; version++)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = tx;
                command.CommandText = SqliteSchema.Migrations[version - 1] + $"\nPRAGMA user_version = {version};";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// SQLite's own busy handler: a writer that finds the file locked by another connection (the
    /// velocity flush, the pruner) retries within a millisecond or so. Without it Microsoft.Data.Sqlite
    /// retries on its own, after sleeping 150 ms, which shows as 150 ms stalls under load.
    /// No connection checkpoints on commit: <see cref="SqliteCheckpointer"/> does it off the write path.
    /// </summary>
    private static void Configure(SqliteConnection connection)
    {
        SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, (int)BusyTimeout.TotalMilliseconds);
        SQLitePCL.raw.sqlite3_wal_autocheckpoint(connection.Handle, 0);
    }

    internal static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
#pragma warning restore CA1001
