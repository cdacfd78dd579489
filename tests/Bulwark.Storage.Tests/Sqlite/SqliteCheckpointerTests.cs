using Bulwark.Core.Assessments;
using Bulwark.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bulwark.Storage.Tests.Sqlite;

public sealed class SqliteCheckpointerTests : IDisposable
{
    private readonly SqliteTestDirectory _files = new("bulwark-wal-");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task CheckpointOnce_UnderSteadyWrites_KeepsTheLogShort()
    {
        var services = await _files.OpenServicesAsync("wal.db");
        var db = services.GetRequiredService<SqliteDatabase>();
        var store = services.GetRequiredService<IAssessmentStore>();
        var checkpointer = new SqliteCheckpointer(db, NullLogger<SqliteCheckpointer>.Instance);
        // Incompressible, so that each row takes a page as an assessment's used to before compression.
        var features = System.Security.Cryptography.RandomNumberGenerator.GetBytes(3000);

        // What a loaded node does: the checkpoint always finishes while a write transaction is open,
        // so no write ever begins with the whole log copied and SQLite never starts it over by itself.
        // Batches of 100 rows of a page each, about three times the restart mark in frames.
        var longest = 0;
        for (var batch = 0; batch < 3 * SqliteCheckpointer.RestartFrames / 100; batch++)
        {
            var commits = Enumerable.Range(0, 100).Select(i => new AssessmentCommit { Record = SqliteTestDirectory.Record($"a{batch:D3}-{i:D3}", features) }).ToList();
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

    [Fact]
    public async Task FileWriteback_OnTheDatabaseFile_StartsOnLinux()
    {
        var services = await _files.OpenServicesAsync("writeback.db");
        var db = services.GetRequiredService<SqliteDatabase>();

        var writeback = new FileWriteback(db.Path);

        Assert.Equal(OperatingSystem.IsLinux(), writeback.Start());
        Assert.Equal(OperatingSystem.IsLinux(), writeback.Start());
    }

    [Fact]
    public void FileWriteback_OnAFileThatIsNotThere_DoesNothing()
    {
        var writeback = new FileWriteback(_files.File("missing.db"));

        Assert.False(writeback.Start());
    }
}
