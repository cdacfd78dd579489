using Bulwark.Core.Assessments;
using Bulwark.Core.Protocol;
using Bulwark.Core.Storage;
using Bulwark.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bulwark.Storage.Tests.Sqlite;

public sealed class SqliteCheckpointerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bulwark-wal-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task CheckpointOnce_UnderSteadyWrites_KeepsTheLogShort()
    {
        var services = new ServiceCollection().AddSqliteStorage(Path.Combine(_dir, "wal.db")).BuildServiceProvider();
        await services.GetRequiredService<IStoreMigrator>().MigrateAsync(default);
        var db = services.GetRequiredService<SqliteDatabase>();
        var store = services.GetRequiredService<IAssessmentStore>();
        var checkpointer = new SqliteCheckpointer(db, NullLogger<SqliteCheckpointer>.Instance);
        var features = "{\"signals\":\"" + new string('x', 3000) + "\"}";

        // What a loaded node does: the checkpoint always finishes while a write transaction is open,
        // so no write ever begins with the whole log copied and SQLite never starts it over by itself.
        // 120 batches of 100 rows of a page each: about three times the restart mark in frames.
        var longest = 0;
        for (var batch = 0; batch < 120; batch++)
        {
            var commits = Enumerable.Range(0, 100).Select(i => new AssessmentCommit { Record = Record($"a{batch:D3}-{i:D3}", features) }).ToList();
            await store.CommitBatchAsync(commits, default);

            await using var write = await db.OpenForWriteAsync(default);
            await using var tx = write.Connection.BeginTransaction(deferred: false);
            await using var command = write.Connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = $"INSERT INTO velocity_buckets (key, kind, start, count) VALUES ({batch}, 0, 0, 1)";
            await command.ExecuteNonQueryAsync();
            longest = Math.Max(longest, checkpointer.CheckpointOnce());
            await tx.CommitAsync();
        }

        Assert.InRange(longest, SqliteCheckpointer.RestartFrames, 2 * SqliteCheckpointer.RestartFrames);
    }

    private static AssessmentRecord Record(string id, string features) => new()
    {
        ProjectId = "p",
        AssessmentId = id,
        CreateTime = DateTimeOffset.UtcNow,
        Score = 0.9f,
        Valid = true,
        InvalidReason = InvalidReason.InvalidReasonUnspecified,
        Response = new Assessment { Name = $"projects/p/assessments/{id}" },
        FeaturesJson = features,
    };
}
