using Bulwark.Core.Assessments;
using Bulwark.Core.Auth;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Storage;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;
using Bulwark.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bulwark.Storage.Tests.Postgres;

/// <summary>
/// The store contract on a real PostgreSQL. The test command starts one (scripts/postgres.sh) and
/// names it in BULWARK_TEST_POSTGRES; each test gets a database of its own.
/// </summary>
public sealed class PostgresStoreTests : StoreContractTests, IAsyncLifetime
{
    private readonly List<string> _databases = [];

    public static string AdminConnectionString => Environment.GetEnvironmentVariable("BULWARK_TEST_POSTGRES") is { Length: > 0 } cs
        ? cs
        : throw new InvalidOperationException("BULWARK_TEST_POSTGRES is not set: run the suite with `bash scripts/test.sh`, which starts PostgreSQL, or start one with scripts/postgres.sh.");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_databases.Count == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = NpgsqlDataSource.Create(AdminConnectionString);
        foreach (var name in _databases)
        {
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
    }

    protected override async Task<StoreSet> CreateAsync()
    {
        var name = $"bulwark_test_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(AdminConnectionString))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {name}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        _databases.Add(name);
        return await OpenAsync(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString);
    }

    private static Task<StoreSet> OpenAsync(string connectionString) =>
        StoreSet.OpenAsync(new ServiceCollection().AddPostgresStorage(connectionString), () => OpenAsync(connectionString));

    [Fact]
    public async Task Migrate_ManyNodesStartingAtOnce_AllSucceed()
    {
        var first = await CreateAsync();
        var name = _databases[^1];
        var cs = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync(cs)));
        Assert.NotNull(first);
    }
}
