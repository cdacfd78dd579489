using Bulwark.Core.Velocity;
using Microsoft.Extensions.Options;

namespace Bulwark.Core.Tests.Velocity;

public sealed class VelocityTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly VelocityKey Key = new(VelocityDimension.Address, 42);

    private static VelocityTracker Tracker(int maxKeys = 100_000) => new(Options.Create(new VelocityOptions { MaxKeys = maxKeys }));

    private static void CountMany(VelocityTracker tracker, VelocityKey key, int times, DateTimeOffset at)
    {
        for (var i = 0; i < times; i++)
        {
            tracker.Count(key, at);
        }
    }

    [Theory]
    [InlineData(50, 10)] // same bucket
    [InlineData(75, 8)] // next bucket, 3/4 of the previous one inside: 7.5
    [InlineData(90, 5)]
    [InlineData(119, 0)]
    [InlineData(120, 0)]
    public void Estimate_Minute_WeighsThePreviousBucket(int secondsLater, long expected)
    {
        var tracker = Tracker();
        CountMany(tracker, Key, 10, T0.AddSeconds(10));
        Assert.Equal(expected, tracker.Estimate(Key, VelocityWindow.Minute, T0.AddSeconds(secondsLater)));
    }

    [Theory]
    [InlineData(30, 12)]
    [InlineData(60, 12)] // the 12:00 bucket is the oldest of 13, still fully inside
    [InlineData(62.5, 6)] // half of it inside
    [InlineData(65, 0)]
    public void Estimate_Hour_UsesFiveMinuteBuckets(double minutesLater, long expected)
    {
        var tracker = Tracker();
        CountMany(tracker, Key, 12, T0.AddSeconds(10));
        Assert.Equal(expected, tracker.Estimate(Key, VelocityWindow.Hour, T0.AddMinutes(minutesLater)));
    }

    [Fact]
    public void Estimate_Hour_SumsBucketsAcrossTheHour()
    {
        var tracker = Tracker();
        for (var minute = 0; minute < 60; minute += 5)
        {
            CountMany(tracker, Key, 2, T0.AddMinutes(minute));
        }

        Assert.Equal(24, tracker.Estimate(Key, VelocityWindow.Hour, T0.AddMinutes(59)));
        Assert.Equal(2, tracker.Estimate(Key, VelocityWindow.Minute, T0.AddMinutes(55.5)));
        Assert.Equal(0, tracker.Estimate(Key, VelocityWindow.Minute, T0.AddMinutes(59)));
    }

    [Fact]
    public void Estimate_UnknownKey_IsZero() =>
        Assert.Equal(0, Tracker().Estimate(Key, VelocityWindow.Hour, T0));

    [Fact]
    public async Task Flush_TwoNodesOnOneStore_SeeEachOthersCounts()
    {
        var store = new MemoryVelocityStore();
        var a = Tracker();
        var b = Tracker();
        CountMany(a, Key, 3, T0.AddSeconds(1));
        CountMany(b, Key, 4, T0.AddSeconds(2));

        await a.FlushAsync(store, T0.AddSeconds(3), default);
        await b.FlushAsync(store, T0.AddSeconds(3), default);
        Assert.Equal(7, b.Estimate(Key, VelocityWindow.Minute, T0.AddSeconds(4)));
        Assert.Equal(3, a.Estimate(Key, VelocityWindow.Minute, T0.AddSeconds(4))); // a has not read since b flushed

        a.Count(Key, T0.AddSeconds(5));
        Assert.Equal(4, a.Estimate(Key, VelocityWindow.Minute, T0.AddSeconds(5)));
        await a.FlushAsync(store, T0.AddSeconds(6), default);
        Assert.Equal(8, a.Estimate(Key, VelocityWindow.Hour, T0.AddSeconds(6)));
        Assert.Equal(8, a.Estimate(Key, VelocityWindow.Minute, T0.AddSeconds(6)));
    }

    [Fact]
    public async Task Flush_StoreFails_KeepsTheCountsForTheNextFlush()
    {
        var store = new MemoryVelocityStore { Fail = true };
        var node = Tracker();
        CountMany(node, Key, 5, T0);

        await Assert.ThrowsAsync<InvalidOperationException>(() => node.FlushAsync(store, T0.AddSeconds(1), default));
        Assert.Equal(5, node.Estimate(Key, VelocityWindow.Minute, T0.AddSeconds(1)));

        store.Fail = false;
        await node.FlushAsync(store, T0.AddSeconds(2), default);
        Assert.Equal(5, node.Estimate(Key, VelocityWindow.Minute, T0.AddSeconds(2)));

        var other = Tracker();
        other.Count(Key, T0.AddSeconds(3));
        await other.FlushAsync(store, T0.AddSeconds(3), default);
        Assert.Equal(6, other.Estimate(Key, VelocityWindow.Minute, T0.AddSeconds(3)));
    }

    [Fact]
    public async Task Flush_NothingNew_StillRefreshesRecentKeys()
    {
        var store = new MemoryVelocityStore();
        var a = Tracker();
        var b = Tracker();
        Assert.Equal(0, a.Estimate(Key, VelocityWindow.Minute, T0)); // a has now seen the key
        CountMany(b, Key, 2, T0);
        await b.FlushAsync(store, T0.AddSeconds(1), default);

        await a.FlushAsync(store, T0.AddSeconds(1), default);
        Assert.Equal(2, a.Estimate(Key, VelocityWindow.Minute, T0.AddSeconds(1)));
    }

    [Fact]
    public async Task Count_BeyondMaxKeys_DropsNewKeysUntilTheFlushEvicts()
    {
        var store = new MemoryVelocityStore();
        var tracker = Tracker(maxKeys: 1_000);
        for (ulong i = 0; i < 1_500; i++)
        {
            tracker.Count(new VelocityKey(VelocityDimension.Device, i), T0.AddMilliseconds((double)i));
        }

        Assert.Equal(1_000, tracker.TrackedKeys);
        Assert.Equal(500, tracker.DroppedKeys);

        await tracker.FlushAsync(store, T0.AddSeconds(2), default);
        Assert.Equal(900, tracker.TrackedKeys);
        Assert.Equal(0, tracker.Estimate(new VelocityKey(VelocityDimension.Device, 0), VelocityWindow.Minute, T0.AddSeconds(2)));
        Assert.Equal(1, tracker.Estimate(new VelocityKey(VelocityDimension.Device, 999), VelocityWindow.Minute, T0.AddSeconds(2)));

        await tracker.FlushAsync(store, T0.AddMinutes(70), default);
        Assert.Equal(0, tracker.TrackedKeys);
    }

    [Fact]
    public void Snapshot_ReadsEachKeyInItsWindow()
    {
        var tracker = Tracker();
        var keys = new VelocityKeys(Bulwark.Core.Secrets.HashingKeys.Derive(new byte[32]));
        var issuance = keys.ForIssuance("203.0.113.7", "6Lsite", 77, "challenge-1");
        var assessment = keys.ForAssessment("6Lsite", "login", [], "alice");
        tracker.RecordIssuance(issuance, T0);
        tracker.RecordIssuance(keys.ForIssuance("203.0.113.8", "6Lsite", 78, null), T0);
        tracker.RecordAssessment(assessment, T0);

        var snapshot = tracker.Snapshot(issuance, assessment, T0.AddSeconds(1));

        Assert.Equal(1, snapshot.AddressPerMinute);
        Assert.Equal(1, snapshot.AddressPerHour);
        Assert.Equal(2, snapshot.NetworkPerMinute);
        Assert.Equal(2, snapshot.NetworkPerHour);
        Assert.Equal(2, snapshot.SitePerMinute);
        Assert.Equal(1, snapshot.DevicePerHour);
        Assert.Equal(1, snapshot.ChallengeUses);
        Assert.Equal(1, snapshot.ActionPerMinute);
        Assert.Equal(1, snapshot.AccountPerHour);
    }

    [Fact]
    public async Task Count_FromManyThreads_LosesNothing()
    {
        var tracker = Tracker();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => CountMany(tracker, Key, 10_000, T0))));
        Assert.Equal(40_000, tracker.Estimate(Key, VelocityWindow.Minute, T0));
    }
}
