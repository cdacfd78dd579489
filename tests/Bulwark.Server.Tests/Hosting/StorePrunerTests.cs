using Bulwark.Core.Assessments;
using Bulwark.Core.Protocol;
using Bulwark.Core.Storage;
using Bulwark.Core.Velocity;
using Bulwark.Server.Hosting;
using Bulwark.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bulwark.Server.Tests.Hosting;

public sealed class StorePrunerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private readonly string _directory = Directory.CreateTempSubdirectory("bulwark-pruner-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PruneOnce_ShortRetention_DeletesOldAssessmentsButKeepsTheMetricsWindowsDaySummaries()
    {
        await using var services = new ServiceCollection().AddSqliteStorage(Path.Combine(_directory, "bulwark.db")).BuildServiceProvider();
        await services.GetRequiredService<IStoreMigrator>().MigrateAsync(default);
        var store = services.GetRequiredService<IAssessmentStore>();
        await store.CommitBatchAsync([Commit("a3", Now.AddDays(-3)), Commit("a10", Now.AddDays(-10)), Commit("a40", Now.AddDays(-40))], default);
        var before = await store.GetScoreCountsAsync("p", "key", Today.AddDays(-45), new DateTimeOffset(Today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), default);
        var pruner = new StorePruner(store, services.GetRequiredService<IVelocityStore>(), Options.Create(new AssessmentWriterOptions { RetentionDays = 7 }), new StoreOutageLog(services.GetRequiredService<IStoreFaults>(), TimeProvider.System, NullLogger<StoreOutageLog>.Instance), new FixedClock(Now), NullLogger<StorePruner>.Instance);

        await pruner.PruneOnceAsync(default);

        Assert.Equal(3, before.Count);
        Assert.NotNull(await store.GetAsync("p", "a3", default));
        Assert.Null(await store.GetAsync("p", "a10", default));
        Assert.Null(await store.GetAsync("p", "a40", default));
        // Day -10 is inside getMetrics' 28 days: its summary stays. Day -40 is not: it went, and
        // counting it again finds its assessment gone.
        Assert.Equal(
            [new ScoreCount(Today.AddDays(-10), "login", 90, 1), new ScoreCount(Today.AddDays(-3), "login", 90, 1)],
            (await store.GetScoreCountsAsync("p", "key", Today.AddDays(-45), new DateTimeOffset(Today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), default)).OrderBy(c => c.Day));
    }

    private static AssessmentCommit Commit(string id, DateTimeOffset at) => new()
    {
        Record = new AssessmentRecord
        {
            ProjectId = "p",
            AssessmentId = id,
            SiteKey = "key",
            Action = "login",
            CreateTime = at,
            Score = 0.9f,
            Valid = true,
            InvalidReason = InvalidReason.InvalidReasonUnspecified,
            Response = new Assessment { Name = $"projects/p/assessments/{id}" },
        },
    };

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
