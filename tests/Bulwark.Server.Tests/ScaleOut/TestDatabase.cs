using Npgsql;

namespace Bulwark.Server.Tests.ScaleOut;

/// <summary>
/// A database of a test's own on the suite's PostgreSQL (BULWARK_TEST_POSTGRES, which the test
/// command starts), dropped with everything connected to it when disposed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name) => Name = name;

    /// <summary>The suite's server, as its superuser, in its <c>postgres</c> database.</summary>
    public static string Admin => Environment.GetEnvironmentVariable("BULWARK_TEST_POSTGRES") is { Length: > 0 } cs
        ? cs
        : throw new InvalidOperationException("BULWARK_TEST_POSTGRES is not set: run the suite with `bash scripts/test.sh`, which starts PostgreSQL.");

    public string Name { get; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(Admin) { Database = Name }.ConnectionString;

    /// <summary>The same, as libpq's tools (pg_dump, pg_restore, psql) take it.</summary>
    public string LibpqConnectionString
    {
        get
        {
            var b = new NpgsqlConnectionStringBuilder(Admin);
            return $"host={b.Host} port={b.Port} user={b.Username} dbname={Name}";
        }
    }

    /// <param name="prefix">Lowercase letters and underscores; a random suffix makes the name unique.</param>
    public static async Task<TestDatabase> CreateAsync(string prefix)
    {
        var database = new TestDatabase($"{prefix}_{Guid.NewGuid():N}");
        await using var admin = NpgsqlDataSource.Create(Admin);
        await using var create = admin.CreateCommand($"CREATE DATABASE {database.Name}");
        await create.ExecuteNonQueryAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = NpgsqlDataSource.Create(Admin);
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }
}
