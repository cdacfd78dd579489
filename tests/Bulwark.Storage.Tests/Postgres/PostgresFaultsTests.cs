using System.Net;
using System.Net.Sockets;
using Bulwark.Storage.Postgres;
using Npgsql;

namespace Bulwark.Storage.Tests.Postgres;

/// <summary>Which of PostgreSQL's real errors are outages (the suite's PostgreSQL; each case makes its error for real).</summary>
public sealed class PostgresFaultsTests
{
    private readonly PostgresFaults _faults = new();

    [Fact]
    public async Task IsUnavailable_NoServerListening_IsAnOutage()
    {
        var closed = new NpgsqlConnectionStringBuilder(PostgresStoreTests.AdminConnectionString) { Port = ClosedPort(), Pooling = false, Timeout = 5 }.ConnectionString;
        await using var connection = new NpgsqlConnection(closed);

        var refused = await Assert.ThrowsAsync<NpgsqlException>(() => connection.OpenAsync());

        Assert.True(_faults.IsUnavailable(refused));
    }

    [Fact]
    public async Task IsUnavailable_TheServerEndingTheConnection_IsAnOutage()
    {
        var own = new NpgsqlConnectionStringBuilder(PostgresStoreTests.AdminConnectionString) { Pooling = false }.ConnectionString;
        await using var victim = new NpgsqlConnection(own);
        await victim.OpenAsync();
        await using (var pid = new NpgsqlCommand("SELECT pg_backend_pid()", victim))
        await using (var admin = new NpgsqlConnection(own))
        {
            var backend = (int)(await pid.ExecuteScalarAsync())!;
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand($"SELECT pg_terminate_backend({backend})", admin);
            await terminate.ExecuteScalarAsync();
        }

        await using var next = new NpgsqlCommand("SELECT 1", victim);
        var cut = await Assert.ThrowsAnyAsync<NpgsqlException>(() => next.ExecuteScalarAsync());

        Assert.True(_faults.IsUnavailable(cut));
    }

    [Fact]
    public async Task IsUnavailable_AStatementsOwnError_IsNot()
    {
        await using var connection = new NpgsqlConnection(PostgresStoreTests.AdminConnectionString);
        await connection.OpenAsync();
        await using var table = new NpgsqlCommand("CREATE TEMP TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)", connection);
        await table.ExecuteNonQueryAsync();

        await using var duplicate = new NpgsqlCommand("INSERT INTO t VALUES (1)", connection);
        var unique = await Assert.ThrowsAsync<PostgresException>(() => duplicate.ExecuteNonQueryAsync());
        await using var nonsense = new NpgsqlCommand("SELEC 1", connection);
        var syntax = await Assert.ThrowsAsync<PostgresException>(() => nonsense.ExecuteNonQueryAsync());

        Assert.False(_faults.IsUnavailable(unique));
        Assert.False(_faults.IsUnavailable(syntax));
    }

    /// <summary>A loopback port nothing listens on: one the OS just gave out and took back.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
