using Bulwark.Core.Assessments;
using Bulwark.Core.Auth;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Protocol;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;
using Bulwark.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Storage.Tests.Sqlite;

public sealed class SqliteStoreTests : StoreContractTests, IDisposable
{
    private readonly SqliteTestDirectory _files = new("bulwark-sqlite-");

    public void Dispose() => _files.Dispose();

    protected override Task<StoreSet> CreateAsync() => OpenAsync(_files.File($"{Guid.NewGuid():N}.db"));

    internal static Task<StoreSet> OpenAsync(string path) =>
        StoreSet.OpenAsync(new ServiceCollection().AddSqliteStorage(path), () => OpenAsync(path));

    [Fact]
    public async Task Migrate_TokensSpentBeforeTheIdOrderChange_StaySpent()
    {
        var path = _files.File("upgrade.db");
        var before = Guid.CreateVersion7();
        var expires = DateTimeOffset.UtcNow.AddMinutes(3);
        await new SqliteDatabase(path).MigrateAsync(2, default);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            // The encoding versions 1–2 wrote: Guid.ToByteArray(), the first three fields little-endian.
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO spent_tokens (token_id, expires_at) VALUES ($id, $expires)";
            insert.Parameters.AddWithValue("$id", before.ToByteArray());
            insert.Parameters.AddWithValue("$expires", expires.ToUnixTimeMilliseconds());
            await insert.ExecuteNonQueryAsync();
        }

        var stores = await OpenAsync(path);
        var replay = Commit(before, "after-upgrade");
        var fresh = Commit(Guid.CreateVersion7(), "fresh");
        await stores.Assessments.CommitBatchAsync([replay, fresh], default);

        Assert.Equal(InvalidReason.Dupe, replay.Stored!.InvalidReason);
        Assert.True(fresh.Stored!.Valid);
        // Converted, not copied beside a new-order twin: two ids are spent, and both expire.
        Assert.Equal(2, await stores.Assessments.PruneSpentTokensAsync(expires.AddMinutes(1), 100, default));

        static AssessmentCommit Commit(Guid token, string id)
        {
            var record = SqliteTestDirectory.Record(id);
            return new AssessmentCommit
            {
                Record = record,
                SpendTokenId = token,
                SpendExpiresAt = DateTimeOffset.UtcNow.AddMinutes(3),
                OnDuplicate = () => record with { Valid = false, InvalidReason = InvalidReason.Dupe },
            };
        }
    }

    [Fact]
    public async Task Migrate_FeaturesStoredAsJsonBeforeCompression_ReadAsTheSameJson()
    {
        var path = _files.File("features.db");
        const string json = "{\"p\":0.5,\"engine\":\"risk\"}";
        await new SqliteDatabase(path).MigrateAsync(3, default);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            // Versions 1–3 kept the features as JSON text.
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO assessments (project_id, id, create_time, day, score, valid, invalid_reason, response, features)
                VALUES ('p', 'old', 0, 0, 0.9, 1, 0, '{"name":"projects/p/assessments/old"}', $features)
                """;
            insert.Parameters.AddWithValue("$features", json);
            await insert.ExecuteNonQueryAsync();
        }

        var stores = await OpenAsync(path);
        await stores.Assessments.CommitBatchAsync([new AssessmentCommit { Record = SqliteTestDirectory.Record("new", StoredFeatures.Encode("{\"p\":0.7}"u8)) }], default);

        var old = (await stores.Assessments.GetAsync("p", "old", default))!.Features!;
        Assert.Equal(StoredFeatures.Json, old[0]);
        Assert.Equal(json, StoredFeatures.Decode(old));
        Assert.Equal("{\"p\":0.7}", StoredFeatures.Decode((await stores.Assessments.GetAsync("p", "new", default))!.Features!));
    }

    [Fact]
    public async Task Migrate_TwiceOnTheSameFile_IsHarmless()
    {
        var path = _files.File("twice.db");
        await new SqliteDatabase(path).MigrateAsync(default);
        await new SqliteDatabase(path).MigrateAsync(default);
    }
}
