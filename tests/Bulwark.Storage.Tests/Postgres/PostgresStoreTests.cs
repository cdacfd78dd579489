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

    protected override async Task<StoreSet> CreateAsync() => await OpenAsync(await CreateDatabaseAsync());

    /// <summary>An empty database of this test's own; returns its connection string.</summary>
    private async Task<string> CreateDatabaseAsync()
    {
        var name = $"bulwark_test_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(AdminConnectionString))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {name}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    private static Task<StoreSet> OpenAsync(string connectionString) =>
        StoreSet.OpenAsync(new ServiceCollection().AddPostgresStorage(connectionString), () => OpenAsync(connectionString));

    [Fact]
    public async Task Migrate_FeaturesStoredAsJsonBeforeCompression_ReadAsTheSameJson()
    {
        var cs = await CreateDatabaseAsync();
        const string json = "{\"p\":0.5,\"engine\":\"risk\",\"note\":\"naïve\"}";
        await using (var db = new PostgresDatabase(cs))
        {
            // Version 2 kept the features as JSON text.
            await db.MigrateAsync(2, default);
            await using var insert = db.DataSource.CreateCommand("""
                INSERT INTO assessments (project_id, id, create_time, day, score, valid, invalid_reason, response, features)
                VALUES ('p', 'old', 0, 0, 0.9, true, 0, '{"name":"projects/p/assessments/old"}', $1)
                """);
            insert.Parameters.Add(new() { Value = json });
            await insert.ExecuteNonQueryAsync();
        }

        var stores = await OpenAsync(cs);

        var old = (await stores.Assessments.GetAsync("p", "old", default))!.Features!;
        Assert.Equal(StoredFeatures.Json, old[0]);
        Assert.Equal(json, StoredFeatures.Decode(old));
    }

    [Fact]
    public async Task Migrate_ManyNodesStartingAtOnce_AllSucceed()
    {
        var cs = await CreateDatabaseAsync();
        var first = await OpenAsync(cs);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync(cs)));
        Assert.NotNull(first);
    }
}
