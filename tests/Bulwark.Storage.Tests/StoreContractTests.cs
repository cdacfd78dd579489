using System.Security.Cryptography;
using Bulwark.Core.Assessments;
using Bulwark.Core.Auth;
using Bulwark.Core.Keys;
using Bulwark.Core.Projects;
using Bulwark.Core.Protocol;
using Bulwark.Core.Scoring;
using Bulwark.Core.Secrets;
using Bulwark.Core.Storage;
using Bulwark.Core.Tokens;
using Bulwark.Core.Velocity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bulwark.Storage.Tests;

/// <summary>The behaviour every store must have. Each backend runs these bodies against a real database.</summary>
public abstract class StoreContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Midnight (UTC) at the start of <paramref name="day"/>: as settledBefore, no hour of that day is finished yet.</summary>
    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    protected abstract Task<StoreSet> CreateAsync();

    private static AssessmentRecord Record(string id, string? action = "login", float score = 0.9f, bool valid = true, DateTimeOffset? at = null) => new()
    {
        ProjectId = "acme-shop",
        AssessmentId = id,
        SiteKey = "6Lkey",
        CreateTime = at ?? Now,
        Action = action,
        Hostname = "shop.example.com",
        Score = score,
        Valid = valid,
        InvalidReason = valid ? InvalidReason.InvalidReasonUnspecified : InvalidReason.Expired,
        Response = new Assessment
        {
            Name = $"projects/acme-shop/assessments/{id}",
            Event = new Event { Token = "secret-token-text", SiteKey = "6Lkey" },
            RiskAnalysis = new RiskAnalysis { Score = score },
            TokenProperties = new TokenProperties { Valid = valid, Action = action },
        },
    };

    private static AssessmentCommit Spending(Guid token, string id) => new()
    {
        Record = Record(id),
        SpendTokenId = token,
        SpendExpiresAt = Now.AddMinutes(3),
        OnDuplicate = () => Record(id, valid: false, score: 0) with { InvalidReason = InvalidReason.Dupe },
    };

    [Fact]
    public async Task Commit_SpentTokenAgain_StoresDupe()
    {
        var s = await CreateAsync();
        var token = Guid.NewGuid();
        var first = Spending(token, "a1");
        var second = Spending(token, "a2");

        await s.Assessments.CommitBatchAsync([first], default);
        await s.Assessments.CommitBatchAsync([second], default);

        Assert.True(first.Stored!.Valid);
        Assert.Equal(InvalidReason.Dupe, second.Stored!.InvalidReason);
        Assert.Equal(InvalidReason.Dupe, (await s.Assessments.GetAsync("acme-shop", "a2", default))!.InvalidReason);
    }

    [Fact]
    public async Task Commit_SameTokenTwiceInOneBatch_OnlyFirstAccepted()
    {
        var s = await CreateAsync();
        var token = Guid.NewGuid();
        var batch = new[] { Spending(token, "b1"), Spending(token, "b2"), Spending(Guid.NewGuid(), "b3") };

        await s.Assessments.CommitBatchAsync(batch, default);

        Assert.Equal([true, false, true], batch.Select(b => b.Stored!.Valid));
    }

    [Fact]
    public async Task Commit_ManyConcurrentReplays_AcceptEachTokenExactlyOnce()
    {
        var s = await CreateAsync();
        using var writer = new AssessmentWriter(s.Assessments, Options.Create(new AssessmentWriterOptions { MaxBatch = 16 }), new StoreOutageLog(s.Faults, TimeProvider.System, NullLogger<StoreOutageLog>.Instance), NullLogger<AssessmentWriter>.Instance);
        await writer.StartAsync(default);
        var tokens = Enumerable.Range(0, 25).Select(_ => Guid.NewGuid()).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() => writer.CommitAsync(Spending(tokens[i % tokens.Length], $"c{i}")))));
        await writer.StopAsync(default);

        Assert.Equal(tokens.Length, results.Count(r => r.Valid));
        Assert.Equal(500 - tokens.Length, results.Count(r => r.InvalidReason == InvalidReason.Dupe));
    }

    [Fact]
    public async Task Commit_SurvivesReopeningTheDatabase()
    {
        var s = await CreateAsync();
        var token = Guid.NewGuid();
        await s.Assessments.CommitBatchAsync([Spending(token, "r1")], default);

        var reopened = await s.Reopen();
        var again = Spending(token, "r2");
        await reopened.Assessments.CommitBatchAsync([again], default);

        Assert.NotNull(await reopened.Assessments.GetAsync("acme-shop", "r1", default));
        Assert.Equal(InvalidReason.Dupe, again.Stored!.InvalidReason);
    }

    [Fact]
    public async Task Commit_DoesNotStoreTheToken()
    {
        var s = await CreateAsync();
        var commit = Spending(Guid.NewGuid(), "t1");
        await s.Assessments.CommitBatchAsync([commit], default);

        var stored = await s.Assessments.GetAsync("acme-shop", "t1", default);
        Assert.Null(stored!.Response.Event!.Token);
        Assert.Equal("secret-token-text", commit.Record.Response.Event!.Token);
    }

    [Fact]
    public async Task Commit_KeepsTheFeaturesAsEncoded()
    {
        var s = await CreateAsync();
        var json = "{\"p\":0.93,\"engine\":\"e\",\"signals\":{\"ua\":\"Mozilla/5.0 (X11; Linux x86_64)\"}}";
        var features = StoredFeatures.Encode(System.Text.Encoding.UTF8.GetBytes(json));
        await s.Assessments.CommitBatchAsync([new AssessmentCommit { Record = Record("f1") with { Features = features } }, new AssessmentCommit { Record = Record("f2") }], default);

        var stored = (await s.Assessments.GetAsync("acme-shop", "f1", default))!.Features!;
        Assert.Equal(features, stored);
        Assert.Equal(json, StoredFeatures.Decode(stored));
        Assert.Null((await s.Assessments.GetAsync("acme-shop", "f2", default))!.Features);
    }

    [Fact]
    public async Task Commit_KeepsEveryColumnAsWritten()
    {
        var s = await CreateAsync();
        var record = Record("c1", action: "") with { SiteKey = null, Hostname = "bücher.example", Score = 0.3f, Valid = false, InvalidReason = InvalidReason.Expired };
        await s.Assessments.CommitBatchAsync([new AssessmentCommit { Record = record }], default);

        var stored = (await s.Assessments.GetAsync("acme-shop", "c1", default))!;
        Assert.Null(stored.SiteKey);
        Assert.Equal("", stored.Action);
        Assert.Equal("bücher.example", stored.Hostname);
        Assert.Equal(Now, stored.CreateTime);
        Assert.Equal(0.3f, stored.Score, 0.0001f);
        Assert.False(stored.Valid);
        Assert.Equal(InvalidReason.Expired, stored.InvalidReason);
        Assert.Equal("projects/acme-shop/assessments/c1", stored.Response.Name);
    }

    [Fact]
    public async Task Commit_FailingBatch_StoresNoneOfItAndTheNextBatchCommits()
    {
        var s = await CreateAsync();
        var token = Guid.NewGuid();
        // The second row repeats the first one's id: the batch fails after spending the token.
        AssessmentCommit[] failing = [Spending(token, "b1"), new AssessmentCommit { Record = Record("b1") }];

        await Assert.ThrowsAnyAsync<Exception>(() => s.Assessments.CommitBatchAsync(failing, default));

        Assert.Null(await s.Assessments.GetAsync("acme-shop", "b1", default));
        var retry = Spending(token, "b2");
        await s.Assessments.CommitBatchAsync([retry], default);
        Assert.True(retry.Stored!.Valid);
        Assert.NotNull(await s.Assessments.GetAsync("acme-shop", "b2", default));
    }

    [Fact]
    public async Task Prune_ForgetsOnlyExpiredSpentTokensInChunks()
    {
        var s = await CreateAsync();
        var fresh = Guid.NewGuid();
        await s.Assessments.CommitBatchAsync([Spending(Guid.NewGuid(), "p0"), Spending(Guid.NewGuid(), "p1"), Spending(Guid.NewGuid(), "p4")], default);
        await s.Assessments.CommitBatchAsync([new AssessmentCommit { Record = Record("p2"), SpendTokenId = fresh, SpendExpiresAt = Now.AddHours(1) }], default);

        Assert.Equal(2, await s.Assessments.PruneSpentTokensAsync(Now.AddMinutes(10), 2, default));
        Assert.Equal(1, await s.Assessments.PruneSpentTokensAsync(Now.AddMinutes(10), 2, default));
        Assert.Equal(0, await s.Assessments.PruneSpentTokensAsync(Now.AddMinutes(10), 2, default));
        var replay = new AssessmentCommit { Record = Record("p3"), SpendTokenId = fresh, SpendExpiresAt = Now.AddHours(1), OnDuplicate = () => Record("p3", valid: false) };
        await s.Assessments.CommitBatchAsync([replay], default);
        Assert.False(replay.Stored!.Valid);
    }

    [Fact]
    public async Task PruneAssessments_DeletesOnlyOlderOnesWithTheirAnnotationsInChunks()
    {
        var s = await CreateAsync();
        await s.Assessments.CommitBatchAsync(
        [
            new AssessmentCommit { Record = Record("old1", at: Now.AddDays(-100)) },
            new AssessmentCommit { Record = Record("old2", at: Now.AddDays(-95)) },
            new AssessmentCommit { Record = Record("old3", at: Now.AddDays(-91)) },
            new AssessmentCommit { Record = Record("new1", at: Now.AddDays(-10)) },
        ], default);
        await s.Assessments.AddAnnotationAsync(new AnnotationRecord("acme-shop", "old1", Annotation.Legitimate, [], null, null, null, Now), default);

        Assert.Equal(2, await s.Assessments.PruneAssessmentsAsync(Now.AddDays(-90), 2, default));
        Assert.Equal(1, await s.Assessments.PruneAssessmentsAsync(Now.AddDays(-90), 2, default));
        Assert.Equal(0, await s.Assessments.PruneAssessmentsAsync(Now.AddDays(-90), 2, default));

        Assert.Null(await s.Assessments.GetAsync("acme-shop", "old1", default));
        Assert.NotNull(await s.Assessments.GetAsync("acme-shop", "new1", default));
    }

    [Fact]
    public async Task PruneAssessments_RepeatedWhileItDeletes_AlsoFindsOldOnesStoredAfterAYoungerOne()
    {
        var s = await CreateAsync();
        // A clock set back: the first row stored is younger than the three stored after it.
        await s.Assessments.CommitBatchAsync(
        [
            new AssessmentCommit { Record = Record("young", at: Now.AddDays(-1)) },
            new AssessmentCommit { Record = Record("old1", at: Now.AddDays(-100)) },
            new AssessmentCommit { Record = Record("old2", at: Now.AddDays(-99)) },
            new AssessmentCommit { Record = Record("old3", at: Now.AddDays(-98)) },
        ], default);

        var deleted = 0;
        int chunk;
        while ((chunk = await s.Assessments.PruneAssessmentsAsync(Now.AddDays(-90), 2, default)) > 0)
        {
            Assert.True(chunk <= 2);
            deleted += chunk;
        }

        Assert.Equal(3, deleted);
        Assert.Null(await s.Assessments.GetAsync("acme-shop", "old3", default));
        Assert.NotNull(await s.Assessments.GetAsync("acme-shop", "young", default));
    }

    [Fact]
    public async Task Annotation_OnlyForAnExistingAssessmentOfThatProject()
    {
        var s = await CreateAsync();
        await s.Assessments.CommitBatchAsync([new AssessmentCommit { Record = Record("n1") }], default);

        Assert.True(await s.Assessments.AddAnnotationAsync(new AnnotationRecord("acme-shop", "n1", Annotation.Legitimate, [AnnotationReason.CorrectPassword], null, null, null, Now), default));
        Assert.False(await s.Assessments.AddAnnotationAsync(new AnnotationRecord("acme-shop", "missing", Annotation.Fraudulent, [], null, null, null, Now), default));
        Assert.False(await s.Assessments.AddAnnotationAsync(new AnnotationRecord("other-proj", "n1", Annotation.Fraudulent, [], null, null, null, Now), default));
    }

    [Fact]
    public async Task ScoreCounts_GroupValidAssessmentsByDayActionAndScore()
    {
        var s = await CreateAsync();
        await s.Assessments.CommitBatchAsync(
        [
            new AssessmentCommit { Record = Record("m1", "login", 0.9f) },
            new AssessmentCommit { Record = Record("m2", "login", 0.9f) },
            new AssessmentCommit { Record = Record("m3", "signup", 0.1f) },
            new AssessmentCommit { Record = Record("m4", "login", 0.3f, at: Now.AddDays(-1)) },
            new AssessmentCommit { Record = Record("m5", "login", 0f, valid: false) },
        ], default);

        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var counts = await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-7), StartOf(today), default);

        Assert.Contains(new ScoreCount(today, "login", 90, 2), counts);
        Assert.Contains(new ScoreCount(today, "signup", 10, 1), counts);
        Assert.Contains(new ScoreCount(today.AddDays(-1), "login", 30, 1), counts);
        Assert.Equal(3, counts.Count);
    }

    [Fact]
    public async Task ScoreCounts_OfAFinishedDay_AreCountedOnceAndKeptWhenItsAssessmentsGo()
    {
        var s = await CreateAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        await s.Assessments.CommitBatchAsync(
        [
            new AssessmentCommit { Record = Record("d3a", "login", 0.9f, at: Now.AddDays(-3)) },
            new AssessmentCommit { Record = Record("d3b", "login", 0.9f, at: Now.AddDays(-3)) },
            new AssessmentCommit { Record = Record("d1", "signup", 0.2f, at: Now.AddDays(-1)) },
            new AssessmentCommit { Record = Record("d0", "login", 0.7f) },
        ], default);
        var first = await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-7), StartOf(today), default);

        // Stored after the summary, for a finished day (which no node does) and for today.
        await s.Assessments.CommitBatchAsync(
        [
            new AssessmentCommit { Record = Record("late", "login", 0.9f, at: Now.AddDays(-3)) },
            new AssessmentCommit { Record = Record("d0b", "login", 0.7f) },
        ], default);
        await s.Assessments.PruneAssessmentsAsync(Now.AddDays(-2), 100, default);
        var second = await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-7), StartOf(today), default);

        Assert.Equal(
            [new ScoreCount(today.AddDays(-3), "login", 90, 2), new ScoreCount(today.AddDays(-1), "signup", 20, 1), new ScoreCount(today, "login", 70, 1)],
            first.OrderBy(c => c.Day));
        // Day -3 from its summary although its assessments are gone; today still counted live.
        Assert.Equal(
            [new ScoreCount(today.AddDays(-3), "login", 90, 2), new ScoreCount(today.AddDays(-1), "signup", 20, 1), new ScoreCount(today, "login", 70, 2)],
            second.OrderBy(c => c.Day));
        Assert.Empty(await s.Assessments.GetScoreCountsAsync("acme-shop", "other-key", today.AddDays(-7), StartOf(today), default));
    }

    [Fact]
    public async Task ScoreCounts_ManyCallersAtOnce_CountEachFinishedDayOnce()
    {
        var s = await CreateAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        await s.Assessments.CommitBatchAsync(
            [.. Enumerable.Range(0, 20).Select(i => new AssessmentCommit { Record = Record($"c{i}", "login", 0.9f, at: Now.AddDays(-(i % 4) - 1)) })],
            default);

        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-7), StartOf(today), default)));

        foreach (var counts in all)
        {
            Assert.Equal(4, counts.Count);
            Assert.All(counts, c => Assert.Equal(5, c.Count));
        }
    }

    [Fact]
    public async Task ScoreCounts_OfFinishedHoursOfToday_AreCountedOnceAndTheLiveHourFromItsAssessments()
    {
        var s = await CreateAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var settled = Now.AddMinutes(-10); // 11:50: hours up to 11:00 are finished, 11:00 on is counted live
        await s.Assessments.CommitBatchAsync(
        [
            new AssessmentCommit { Record = Record("y", "login", 0.9f, at: Now.AddDays(-1)) },
            new AssessmentCommit { Record = Record("h2", "login", 0.9f, at: Now.AddHours(-10)) },
            new AssessmentCommit { Record = Record("h7a", "signup", 0.3f, at: Now.AddHours(-5)) },
            new AssessmentCommit { Record = Record("h7b", "signup", 0.3f, at: Now.AddHours(-5).AddMinutes(59)) },
            new AssessmentCommit { Record = Record("h7c", "login", 0.3f, valid: false, at: Now.AddHours(-5)) },
            new AssessmentCommit { Record = Record("h10", "login", 0.9f, at: Now.AddMinutes(-61)) },
            new AssessmentCommit { Record = Record("live", "login", 0.9f, at: Now.AddMinutes(-30)) },
        ], default);
        var first = await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-7), settled, default);

        // Stored after the summary: in a finished hour (which no node does) and in the live one.
        await s.Assessments.CommitBatchAsync(
        [
            new AssessmentCommit { Record = Record("late", "signup", 0.3f, at: Now.AddHours(-5)) },
            new AssessmentCommit { Record = Record("live2", "login", 0.9f, at: Now.AddMinutes(-5)) },
        ], default);
        var second = await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-7), settled, default);

        static long Total(IEnumerable<ScoreCount> counts, DateOnly day, string action, int score) =>
            counts.Where(c => c.Day == day && c.Action == action && c.ScoreBucket == score).Sum(c => c.Count);
        Assert.Equal(1, Total(first, today.AddDays(-1), "login", 90));
        Assert.Equal(3, Total(first, today, "login", 90)); // 02:00, 10:59, 11:30
        Assert.Equal(2, Total(first, today, "signup", 30));
        Assert.Equal(0, Total(first, today, "login", 30));

        // The finished hours from their summaries (the late one not in them), the live hour from its assessments.
        Assert.Equal(4, Total(second, today, "login", 90));
        Assert.Equal(2, Total(second, today, "signup", 30));
        Assert.Equal(1, Total(second, today.AddDays(-1), "login", 90));
    }

    [Fact]
    public async Task ScoreCounts_WhenTheDayIsFinished_ItsDaySummaryCountsWhatItsHoursDid()
    {
        var s = await CreateAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        await s.Assessments.CommitBatchAsync(
            [.. Enumerable.Range(0, 12).Select(i => new AssessmentCommit { Record = Record($"t{i}", i % 3 == 0 ? "signup" : "login", 0.7f, at: Now.AddHours(-i).AddMinutes(-5)) })],
            default);
        var duringTheDay = await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-7), Now.AddMinutes(-10), default);

        // Tomorrow at 00:20: today is a finished day.
        var tomorrow = Now.Date.AddDays(1).AddMinutes(20);
        var nextDay = await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-6), new DateTimeOffset(tomorrow, TimeSpan.Zero).AddMinutes(-10), default);

        var expected = new[] { new ScoreCount(today, "login", 70, 8), new ScoreCount(today, "signup", 70, 4) };
        Assert.Equal(expected, duringTheDay.GroupBy(c => (c.Day, c.Action, c.ScoreBucket)).Select(g => new ScoreCount(g.Key.Day, g.Key.Action, g.Key.ScoreBucket, g.Sum(c => c.Count))).OrderBy(c => c.Action));
        Assert.Equal(expected, nextDay.OrderBy(c => c.Action));
    }

    [Fact]
    public async Task ScoreCounts_WhenTheDayIsFinished_ItsSummarisedHoursAreTakenFromTheirSummaries()
    {
        var s = await CreateAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var midnight = new DateTimeOffset(Now.Date, TimeSpan.Zero);
        await s.Assessments.CommitBatchAsync(
            [.. Enumerable.Range(0, 12).Select(i => new AssessmentCommit { Record = Record($"t{i}", i % 3 == 0 ? "signup" : "login", 0.7f, at: Now.AddHours(-i).AddMinutes(-5)) })],
            default);
        await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-7), Now.AddMinutes(-10), default); // 11:50: hours 00:00 to 10:00 summarised

        // Stored after those summaries: in a summarised hour (which no node does) and in an hour no call summarised.
        await s.Assessments.CommitBatchAsync(
        [
            new AssessmentCommit { Record = Record("late", "login", 0.7f, at: midnight.AddHours(8).AddMinutes(30)) },
            new AssessmentCommit { Record = Record("evening", "login", 0.7f, at: midnight.AddHours(15)) },
        ], default);
        Assert.Equal(6, await s.Assessments.PruneAssessmentsAsync(midnight.AddHours(6), 100, default)); // 00:55 to 05:55
        var nextDay = await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-6), midnight.AddDays(1).AddMinutes(10), default);

        // Hours 00:00 to 10:00 from their summaries (11, the pruned ones too, the late one not), 11:55 and 15:00 from the assessments.
        Assert.Equal([new ScoreCount(today, "login", 70, 9), new ScoreCount(today, "signup", 70, 4)], nextDay.OrderBy(c => c.Action));
    }

    [Fact]
    public async Task ScoreCounts_ManyCallersAtOnce_CountEachFinishedHourOnce()
    {
        var s = await CreateAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        await s.Assessments.CommitBatchAsync(
            [.. Enumerable.Range(0, 20).Select(i => new AssessmentCommit { Record = Record($"c{i}", "login", 0.9f, at: Now.AddHours(-(i % 4) - 1)) })],
            default);

        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-7), Now.AddMinutes(-10), default)));

        foreach (var counts in all)
        {
            Assert.Equal(20, counts.Where(c => c.Day == today && c.Action == "login" && c.ScoreBucket == 90).Sum(c => c.Count));
        }
    }

    [Fact]
    public async Task ScoreCounts_ManyCallersAtOnce_SummariseAFinishedDayFromItsHoursOnce()
    {
        var s = await CreateAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        await s.Assessments.CommitBatchAsync(
            [.. Enumerable.Range(0, 20).Select(i => new AssessmentCommit { Record = Record($"c{i}", "login", 0.9f, at: Now.AddHours(-(i % 8)).AddMinutes(-5)) })],
            default);
        await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-7), Now.AddMinutes(-10), default);

        var tomorrow = new DateTimeOffset(Now.Date.AddDays(1).AddMinutes(10), TimeSpan.Zero);
        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-6), tomorrow, default)));
        var after = await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-6), tomorrow, default);

        Assert.All(all.Append(after), counts => Assert.Equal([new ScoreCount(today, "login", 90, 20)], counts));
    }

    [Fact]
    public async Task PruneScoreSummaries_ForgetsHourSummariesOfDaysBeforeTheBoundary()
    {
        var s = await CreateAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        await s.Assessments.CommitBatchAsync([new AssessmentCommit { Record = Record("h", "login", 0.9f, at: Now.AddHours(-3)) }], default);
        await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-2), Now.AddMinutes(-10), default);

        var days = await s.Assessments.PruneScoreSummariesAsync(today, 100, default);
        var forgotten = await s.Assessments.PruneScoreSummariesAsync(today.AddDays(1), 100, default);

        Assert.Equal(2, days); // days -2 and -1; today's hours stay
        Assert.Equal(11, forgotten); // today's finished hours, 00:00 to 10:00
        Assert.Equal(0, await s.Assessments.PruneScoreSummariesAsync(today.AddDays(1), 100, default));
    }

    [Fact]
    public async Task PruneScoreSummaries_ForgetsDaysBeforeTheBoundaryOnly()
    {
        var s = await CreateAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        await s.Assessments.CommitBatchAsync(
        [
            new AssessmentCommit { Record = Record("o5", "login", 0.9f, at: Now.AddDays(-5)) },
            new AssessmentCommit { Record = Record("o2", "login", 0.9f, at: Now.AddDays(-2)) },
        ], default);
        await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-7), StartOf(today), default);
        await s.Assessments.PruneAssessmentsAsync(Now, 100, default);

        var forgotten = await s.Assessments.PruneScoreSummariesAsync(today.AddDays(-3), 100, default);
        var again = await s.Assessments.PruneScoreSummariesAsync(today.AddDays(-3), 100, default);
        var counts = await s.Assessments.GetScoreCountsAsync("acme-shop", "6Lkey", today.AddDays(-7), StartOf(today), default);

        Assert.Equal(4, forgotten); // days -7 to -4, all summarised (-7, -6 and -4 with nothing in them)
        Assert.Equal(0, again);
        // Day -5 counted again from its assessments, which are gone; day -2 still from its summary.
        Assert.Equal([new ScoreCount(today.AddDays(-2), "login", 90, 1)], counts);
    }

    [Fact]
    public async Task Projects_CreateIsIdempotentAndTierCanBeRaised()
    {
        var s = await CreateAsync();
        Assert.True(await s.Projects.TryCreateAsync(new Project("acme-shop", false, Now), default));
        Assert.False(await s.Projects.TryCreateAsync(new Project("acme-shop", true, Now), default));
        Assert.True(await s.Projects.SetFullScoreLevelsAsync("acme-shop", true, default));
        Assert.True((await s.Projects.GetAsync("acme-shop", default))!.FullScoreLevels);
        Assert.Null(await s.Projects.GetAsync("nope-nope", default));
    }

    [Fact]
    public async Task ApiKeys_FoundByHashOnly()
    {
        var s = await CreateAsync();
        await s.Projects.TryCreateAsync(new Project("acme-shop", false, Now), default);
        Assert.True(await s.ApiKeys.TryCreateAsync(new ApiKeyRecord("hash1", "acme-shop", "ci", Now), default));
        Assert.False(await s.ApiKeys.TryCreateAsync(new ApiKeyRecord("hash1", "acme-shop", "again", Now), default));
        Assert.Equal("acme-shop", (await s.ApiKeys.FindByHashAsync("hash1", default))!.ProjectId);
        Assert.Null(await s.ApiKeys.FindByHashAsync("hash2", default));
    }

    [Fact]
    public async Task SiteKeys_CrudPagingAndSecretLookup()
    {
        var s = await CreateAsync();
        await s.Projects.TryCreateAsync(new Project("acme-shop", false, Now), default);
        var ids = Enumerable.Range(0, 5).Select(_ => SiteKeyId.New()).Order(StringComparer.Ordinal).ToArray();
        foreach (var id in ids)
        {
            var key = new Key { Name = $"projects/acme-shop/keys/{id}", DisplayName = id, WebSettings = new WebKeySettings { AllowAllDomains = true, IntegrationType = IntegrationType.Score }, Labels = new() { ["team_name"] = "a" } };
            await s.SiteKeys.CreateAsync(new SiteKeyRecord("acme-shop", id, key, "secret-" + id, [1, 2, 3], Legacy: false), default);
        }

        var page1 = await s.SiteKeys.ListAsync("acme-shop", null, 2, default);
        var page2 = await s.SiteKeys.ListAsync("acme-shop", page1[^1].KeyId, 10, default);
        Assert.Equal(ids, page1.Concat(page2).Select(k => k.KeyId));
        Assert.Equal("a", page1[0].Key.Labels!["team_name"]);

        Assert.Equal(ids[3], (await s.SiteKeys.FindByLegacySecretHashAsync("secret-" + ids[3], default))!.KeyId);

        var updated = page1[0] with { Key = page1[0].Key.Clone(), Legacy = true };
        updated.Key.DisplayName = "renamed";
        Assert.True(await s.SiteKeys.UpdateAsync(updated, default));
        var read = (await s.SiteKeys.GetAsync(ids[0], default))!;
        Assert.Equal("renamed", read.Key.DisplayName);
        Assert.True(read.Legacy);

        Assert.False(await s.SiteKeys.DeleteAsync("other-proj", ids[0], default));
        Assert.True(await s.SiteKeys.DeleteAsync("acme-shop", ids[0], default));
        Assert.Null(await s.SiteKeys.GetAsync(ids[0], default));
    }

    [Fact]
    public async Task SiteKeys_ReplaceLegacySecretWrapping_ReplacesOnlyTheWrappingItWasGiven()
    {
        var s = await CreateAsync();
        var ids = new[] { "acme-shop", "other-shop" }.Select(_ => SiteKeyId.New()).Order(StringComparer.Ordinal).ToArray();
        foreach (var (id, project) in ids.Zip(new[] { "other-shop", "acme-shop" }))
        {
            await s.Projects.TryCreateAsync(new Project(project, false, Now), default);
            var key = new Key { Name = $"projects/{project}/keys/{id}", DisplayName = id, WebSettings = new WebKeySettings { AllowAllDomains = true, IntegrationType = IntegrationType.Score } };
            await s.SiteKeys.CreateAsync(new SiteKeyRecord(project, id, key, "secret-" + id, [1, 2, 3], Legacy: false), default);
        }

        Assert.Equal(ids, (await s.SiteKeys.ListLegacySecretsAsync(default)).Select(w => w.KeyId));
        Assert.False(await s.SiteKeys.ReplaceLegacySecretWrappingAsync(ids[0], [9], [4, 5], default));
        Assert.True(await s.SiteKeys.ReplaceLegacySecretWrappingAsync(ids[0], [1, 2, 3], [4, 5], default));
        Assert.False(await s.SiteKeys.ReplaceLegacySecretWrappingAsync("no-such-key", [1, 2, 3], [4, 5], default));

        var secrets = await s.SiteKeys.ListLegacySecretsAsync(default);
        Assert.Equal([4, 5], secrets[0].Wrapped);
        Assert.Equal([1, 2, 3], secrets[1].Wrapped);
        var read = (await s.SiteKeys.GetAsync(ids[0], default))!;
        Assert.Equal([4, 5], read.LegacySecretWrapped);
        Assert.Equal(ids[0], (await s.SiteKeys.FindByLegacySecretHashAsync("secret-" + ids[0], default))!.KeyId);
    }

    [Fact]
    public async Task TokenKeys_ReplaceWrapping_ReplacesOnlyTheWrappingItWasGiven()
    {
        var s = await CreateAsync();
        await s.TokenKeys.TryAddAsync(new StoredTokenKey(1, [1, 2, 3], Now, Now), default);
        await s.TokenKeys.TryAddAsync(new StoredTokenKey(2, [1, 2, 3], Now, Now.AddHours(1)), default);

        Assert.False(await s.TokenKeys.ReplaceWrappingAsync(1, [9], [4, 5], default));
        Assert.True(await s.TokenKeys.ReplaceWrappingAsync(1, [1, 2, 3], [4, 5], default));
        Assert.False(await s.TokenKeys.ReplaceWrappingAsync(3, [1, 2, 3], [4, 5], default));

        var keys = await s.TokenKeys.ListAsync(default);
        Assert.Equal([4, 5], keys[0].WrappedMaterial);
        Assert.Equal([1, 2, 3], keys[1].WrappedMaterial);
        Assert.Equal(Now.AddHours(1), keys[1].ActivatesAt);
    }

    [Fact]
    public async Task TokenKeys_OneWinnerPerId()
    {
        var s = await CreateAsync();
        Assert.True(await s.TokenKeys.TryAddAsync(new StoredTokenKey(1, [1], Now, Now), default));
        Assert.False(await s.TokenKeys.TryAddAsync(new StoredTokenKey(1, [2], Now, Now), default));
        Assert.True(await s.TokenKeys.TryAddAsync(new StoredTokenKey(2, [3], Now, Now.AddMinutes(2)), default));
        Assert.Equal([1, 2], (await s.TokenKeys.ListAsync(default)).Select(k => k.Id));
        Assert.Equal(1, await s.TokenKeys.DeleteOlderThanAsync(2, default));
    }

    [Fact]
    public async Task Velocity_AddAndRead_SumsDeltasAndReturnsTheKeysTotals()
    {
        var s = await CreateAsync();
        var minute = Now.ToUnixTimeMilliseconds();
        var older = Now.AddMinutes(-5).ToUnixTimeMilliseconds();
        await s.Velocity.AddAndReadAsync([new(1, VelocityBucketKind.Minute, older, 9)], [1], Now, Now, default);

        var totals = await s.Velocity.AddAndReadAsync(
            [
                new(1, VelocityBucketKind.Minute, minute, 2),
                new(1, VelocityBucketKind.Minute, minute, 3),
                new(1, VelocityBucketKind.FiveMinutes, minute, 5),
                new(-7, VelocityBucketKind.Minute, minute, 1),
                new(2, VelocityBucketKind.Minute, minute, 4),
            ],
            [1, -7, 3],
            Now.AddMinutes(-1),
            Now.AddMinutes(-60),
            default);

        Assert.Equal(
            [new(-7, VelocityBucketKind.Minute, minute, 1), new(1, VelocityBucketKind.Minute, minute, 5), new(1, VelocityBucketKind.FiveMinutes, minute, 5)],
            totals.OrderBy(t => t.Key).ThenBy(t => t.Kind));

        var again = await s.Velocity.AddAndReadAsync([new(1, VelocityBucketKind.Minute, minute, 1)], [1, 2], Now.AddMinutes(-10), Now, default);
        Assert.Equal(
            [new(1, VelocityBucketKind.Minute, older, 9), new(1, VelocityBucketKind.Minute, minute, 6), new(1, VelocityBucketKind.FiveMinutes, minute, 5), new(2, VelocityBucketKind.Minute, minute, 4)],
            again.OrderBy(t => t.Key).ThenBy(t => t.Kind).ThenBy(t => t.Start));
    }

    [Fact]
    public async Task Velocity_TwoNodesFlushingConcurrently_SumCorrectly()
    {
        var nodeA = await CreateAsync();
        var nodeB = await nodeA.Reopen();
        var options = Options.Create(new VelocityOptions());
        var a = new VelocityTracker(options);
        var b = new VelocityTracker(options);
        var keys = Enumerable.Range(0, 50).Select(i => new VelocityKey(VelocityDimension.Address, (ulong)(i * 7919) + ulong.MaxValue / 2)).ToList();

        async Task RunAsync(VelocityTracker node, IVelocityStore store, int perRound)
        {
            for (var round = 0; round < 10; round++)
            {
                foreach (var key in keys)
                {
                    for (var i = 0; i < perRound; i++)
                    {
                        node.Count(key, Now.AddSeconds(round));
                    }
                }

                await node.FlushAsync(store, Now.AddSeconds(round), default);
            }
        }

        await Task.WhenAll(Task.Run(() => RunAsync(a, nodeA.Velocity, 1)), Task.Run(() => RunAsync(b, nodeB.Velocity, 2)));
        await a.FlushAsync(nodeA.Velocity, Now.AddSeconds(10), default);
        await b.FlushAsync(nodeB.Velocity, Now.AddSeconds(10), default);

        foreach (var key in keys)
        {
            Assert.Equal(30, a.Estimate(key, VelocityWindow.Minute, Now.AddSeconds(10)));
            Assert.Equal(30, b.Estimate(key, VelocityWindow.Hour, Now.AddSeconds(10)));
        }
    }

    [Fact]
    public async Task Velocity_Prune_DeletesOnlyOlderBucketsInChunks()
    {
        var s = await CreateAsync();
        await s.Velocity.AddAndReadAsync(
            [
                new(1, VelocityBucketKind.Minute, Now.AddHours(-3).ToUnixTimeMilliseconds(), 1),
                new(1, VelocityBucketKind.FiveMinutes, Now.AddHours(-2).AddMinutes(-5).ToUnixTimeMilliseconds(), 1),
                new(1, VelocityBucketKind.Minute, Now.AddMinutes(-30).ToUnixTimeMilliseconds(), 1),
            ],
            [],
            Now,
            Now,
            default);

        Assert.Equal(1, await s.Velocity.PruneVelocityAsync(Now.AddHours(-2), 1, default));
        Assert.Equal(1, await s.Velocity.PruneVelocityAsync(Now.AddHours(-2), 1, default));
        Assert.Equal(0, await s.Velocity.PruneVelocityAsync(Now.AddHours(-2), 1, default));
        Assert.Single(await s.Velocity.AddAndReadAsync([], [1], Now.AddHours(-4), Now.AddHours(-4), default));
    }

    private static StoredBehaviourModel Model(string version, DateTimeOffset? activatedAt = null) => new(
        version,
        "{\"version\":\"" + version + "\",\"models\":{\"keys\":{\"requires\":\"kn\",\"bias\":-1,\"features\":[]}}}",
        Now,
        activatedAt);

    [Fact]
    public async Task Models_AddingAVersionAgain_KeepsTheFirst()
    {
        var s = await CreateAsync();

        Assert.True(await s.Models.TryAddAsync(Model("site-1"), default));
        Assert.False(await s.Models.TryAddAsync(Model("site-1") with { Parameters = "{}" }, default));

        var stored = Assert.Single(await s.Models.ListAsync(default));
        Assert.Equal(Model("site-1"), stored);
    }

    [Fact]
    public async Task Models_ActiveIsTheOneActivatedLast()
    {
        var s = await CreateAsync();
        Assert.Null(await s.Models.GetActiveAsync(default));
        await s.Models.TryAddAsync(Model("site-1"), default);
        await s.Models.TryAddAsync(Model("site-2", activatedAt: Now), default);
        Assert.Equal("site-2", (await s.Models.GetActiveAsync(default))!.Version);

        Assert.True(await s.Models.ActivateAsync("site-1", Now.AddMinutes(1), default));
        Assert.False(await s.Models.ActivateAsync("site-3", Now.AddMinutes(2), default));
        var active = await s.Models.GetActiveAsync(default);
        Assert.Equal("site-1", active!.Version);
        Assert.Equal(Now.AddMinutes(1), active.ActivatedAt);

        await s.Models.DeactivateAllAsync(default);
        Assert.Null(await s.Models.GetActiveAsync(default));
        Assert.Equal(2, (await s.Models.ListAsync(default)).Count);
    }

    [Fact]
    public async Task ModelProvider_OnEveryNode_FollowsTheActiveModel()
    {
        var nodeA = await CreateAsync();
        var nodeB = await nodeA.Reopen();
        var a = new BehaviourModelProvider(nodeA.Models);
        var b = new BehaviourModelProvider(nodeB.Models);
        Assert.False(await a.RefreshAsync(default));
        Assert.Same(BehaviourModel.Default, a.Current);

        await nodeA.Models.TryAddAsync(Model("site-1", activatedAt: Now), default);
        Assert.True(await a.RefreshAsync(default));
        Assert.True(await b.RefreshAsync(default));
        Assert.False(await b.RefreshAsync(default));
        Assert.Equal("site-1", a.Current.Version);
        Assert.Equal("site-1", b.Current.Version);

        await nodeB.Models.DeactivateAllAsync(default);
        Assert.True(await a.RefreshAsync(default));
        Assert.Same(BehaviourModel.Default, a.Current);
    }

    [Fact]
    public async Task ModelProvider_UnreadableStoredModel_KeepsTheCurrentOne()
    {
        var s = await CreateAsync();
        var provider = new BehaviourModelProvider(s.Models);
        await s.Models.TryAddAsync(Model("site-1", activatedAt: Now) with { Parameters = """{"version":"site-1","models":{"future":{}}}""" }, default);

        await Assert.ThrowsAsync<InvalidDataException>(() => provider.RefreshAsync(default));

        Assert.Same(BehaviourModel.Default, provider.Current);
    }

    // The token key ring's life on a real store: first key, rotation, several nodes, retirement.
    private static readonly IOptions<TokenKeyOptions> RingOptions = Options.Create(new TokenKeyOptions { RotationPeriod = TimeSpan.FromHours(1), RefreshInterval = TimeSpan.FromMinutes(1) });
    private readonly byte[] _masterKey = RandomNumberGenerator.GetBytes(32);
    private readonly TestClock _ringClock = new(Now);

    private async Task<KeyRingProvider> RingNodeAsync(StoreSet stores)
    {
        var provider = new KeyRingProvider(stores.TokenKeys, new SecretProtector(_masterKey), RingOptions, _ringClock);
        await provider.RefreshAsync(default);
        return provider;
    }

    private static TokenPayload Payload(DateTimeOffset at) => new()
    {
        TokenId = Guid.NewGuid(),
        SiteKey = "6Lk",
        Action = "a",
        Hostname = "h",
        CreateTime = at,
    };

    [Fact]
    public async Task KeyRing_RotateIfDueOnAnEmptyStore_CreatesAnActiveKey()
    {
        using var node = await RingNodeAsync(await CreateAsync());
        await node.RotateIfDueAsync(default);
        Assert.Equal(1, node.Ring.Current(_ringClock.GetUtcNow())!.Id);
    }

    [Fact]
    public async Task KeyRing_RotateIfDueAfterThePeriod_AnnouncesTheNextKeyBeforeUsingIt()
    {
        using var node = await RingNodeAsync(await CreateAsync());
        await node.RotateIfDueAsync(default);

        _ringClock.Advance(TimeSpan.FromMinutes(59));
        await node.RotateIfDueAsync(default);

        Assert.Equal(2, node.Ring.Keys.Count);
        Assert.Equal(1, node.Ring.Current(_ringClock.GetUtcNow())!.Id);
        _ringClock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, node.Ring.Current(_ringClock.GetUtcNow())!.Id);
    }

    [Fact]
    public async Task KeyRing_TwoNodesRotatingTogether_AgreeOnOneKey()
    {
        var stores = await CreateAsync();
        using var a = await RingNodeAsync(stores);
        using var b = await RingNodeAsync(await stores.Reopen());
        await Task.WhenAll(a.RotateIfDueAsync(default), b.RotateIfDueAsync(default));
        await a.RefreshAsync(default);
        await b.RefreshAsync(default);

        var token = TokenCodec.Seal(Payload(Now), a.Ring.Current(Now)!);
        Assert.Equal(TokenOpenStatus.Ok, TokenCodec.Open(token, b.Ring).Status);
        Assert.Single(b.Ring.Keys);
    }

    [Fact]
    public async Task KeyRing_ReloadForUnknownKey_PicksUpAKeyAnotherNodeAdded()
    {
        var stores = await CreateAsync();
        using var a = await RingNodeAsync(stores);
        await a.RotateIfDueAsync(default);
        using var b = await RingNodeAsync(await stores.Reopen());
        _ringClock.Advance(TimeSpan.FromMinutes(62));
        await a.RotateIfDueAsync(default);
        _ringClock.Advance(TimeSpan.FromMinutes(3));

        var token = TokenCodec.Seal(Payload(_ringClock.GetUtcNow()), a.Ring.Current(_ringClock.GetUtcNow())!);
        var first = TokenCodec.Open(token, b.Ring);
        Assert.Equal(TokenOpenStatus.UnknownKey, first.Status);

        var ring = await b.ReloadForUnknownKeyAsync(first.KeyId, default);
        Assert.Equal(TokenOpenStatus.Ok, TokenCodec.Open(token, ring).Status);
    }

    [Fact]
    public async Task KeyRing_RotateIfDue_DropsLongSupersededKeys()
    {
        using var node = await RingNodeAsync(await CreateAsync());
        await node.RotateIfDueAsync(default);
        _ringClock.Advance(TimeSpan.FromMinutes(59));
        await node.RotateIfDueAsync(default);
        _ringClock.Advance(TimeSpan.FromMinutes(40));
        await node.RotateIfDueAsync(default);

        Assert.Equal([2], node.Ring.Keys.Select(k => k.Id));
    }

    [Fact]
    public async Task KeyRing_RefreshWithAnotherMasterKey_FailsNamingTheMasterKey()
    {
        var stores = await CreateAsync();
        using var node = await RingNodeAsync(stores);
        await node.RotateIfDueAsync(default);
        using var stranger = new KeyRingProvider((await stores.Reopen()).TokenKeys, new SecretProtector(RandomNumberGenerator.GetBytes(32)), RingOptions, _ringClock);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => stranger.RefreshAsync(default));
        Assert.Contains("master key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyRing_MasterKeyRotation_TheOldKeyOpensUntilRewrapThenTheNewOneAlone()
    {
        var stores = await CreateAsync();
        using var node = await RingNodeAsync(stores);
        await node.RotateIfDueAsync(default);
        var sealedBefore = TokenCodec.Seal(Payload(Now), node.Ring.Current(Now)!);
        var newKey = RandomNumberGenerator.GetBytes(32);
        var rotating = new SecretProtector(newKey, [_masterKey]);
        using var during = new KeyRingProvider((await stores.Reopen()).TokenKeys, rotating, RingOptions, _ringClock);
        await during.RefreshAsync(default);
        Assert.Equal(TokenOpenStatus.Ok, TokenCodec.Open(sealedBefore, during.Ring).Status);

        var result = await new SecretRewrapper(rotating, stores.TokenKeys, stores.SiteKeys).RewrapAsync(default);

        Assert.Equal(new SecretRewrapResult(1, 0), result);
        using var after = new KeyRingProvider((await stores.Reopen()).TokenKeys, new SecretProtector(newKey), RingOptions, _ringClock);
        await after.RefreshAsync(default);
        Assert.Equal(TokenOpenStatus.Ok, TokenCodec.Open(sealedBefore, after.Ring).Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => node.RefreshAsync(default));
    }
}
