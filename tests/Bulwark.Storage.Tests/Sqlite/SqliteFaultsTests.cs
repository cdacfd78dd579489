using Bulwark.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Bulwark.Storage.Tests.Sqlite;

public sealed class SqliteFaultsTests : IDisposable
{
    private readonly SqliteTestDirectory _files = new("bulwark-faults-");
    private readonly SqliteFaults _faults = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task IsUnavailable_TheFileLockedByAnotherWriter_IsAnOutage()
    {
        var path = _files.File("locked.db");
        await using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        await holder.OpenAsync();
        await Execute(holder, "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);");

        await using var writer = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=1");
        await writer.OpenAsync();
        var busy = await Assert.ThrowsAsync<SqliteException>(() => Execute(writer, "INSERT INTO t VALUES (2);"));

        Assert.Equal(SQLitePCL.raw.SQLITE_BUSY, busy.SqliteErrorCode);
        Assert.True(_faults.IsUnavailable(busy));
        Assert.True(_faults.IsUnavailable(new InvalidOperationException("storing failed", busy)));
    }

    [Fact]
    public async Task IsUnavailable_AStatementsOwnError_IsNot()
    {
        await using var connection = new SqliteConnection($"Data Source={_files.File("own.db")};Pooling=False");
        await connection.OpenAsync();
        await Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);");

        var duplicate = await Assert.ThrowsAsync<SqliteException>(() => Execute(connection, "INSERT INTO t VALUES (1);"));
        var syntax = await Assert.ThrowsAsync<SqliteException>(() => Execute(connection, "INSERT INTO nowhere VALUES (1);"));

        Assert.False(_faults.IsUnavailable(duplicate));
        Assert.False(_faults.IsUnavailable(syntax));
        Assert.False(_faults.IsUnavailable(new InvalidOperationException("a defect")));
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
