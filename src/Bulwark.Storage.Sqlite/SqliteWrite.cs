using Microsoft.Data.Sqlite;

namespace Bulwark.Storage.Sqlite;

/// <summary>A connection with this process's turn to write (<see cref="SqliteDatabase.OpenForWriteAsync"/>); disposing gives the turn back.</summary>
internal sealed class SqliteWrite : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate;
    private bool _disposed;

    internal SqliteWrite(SqliteConnection connection, SemaphoreSlim gate)
    {
        Connection = connection;
        _gate = gate;
    }

    public SqliteConnection Connection { get; }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
