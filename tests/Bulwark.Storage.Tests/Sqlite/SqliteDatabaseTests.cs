using Bulwark.Core.Velocity;
using Bulwark.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Storage.Tests.Sqlite;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly SqliteTestDirectory _files = new("bulwark-db-");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task OpenForWrite_WhileTheGroupCommitWriterHasTheTurn_WaitsWithoutHoldingTheThread()
    {
        var services = await _files.OpenServicesAsync("gate.db");
        var db = services.GetRequiredService<SqliteDatabase>();
        var velocity = services.GetRequiredService<IVelocityStore>();

        db.EnterWrite();
        // SQLite's own lock is free, so without the turn the flush would run (synchronously) right here.
        var flush = velocity.AddAndReadAsync([new VelocityBucket(7, VelocityBucketKind.Minute, 0, 1)], [7], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, default);
        Assert.False(flush.IsCompleted);

        db.ExitWrite();
        var totals = await flush;
        Assert.Equal(1, Assert.Single(totals).Count);
    }
}
