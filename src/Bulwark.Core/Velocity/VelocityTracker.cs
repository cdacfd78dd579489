using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Bulwark.Core.Velocity;

/// <summary>
/// Sliding-window counters shared by every node through the store. <see cref="Count"/> and
/// <see cref="Estimate"/> are in memory only (a per-key lock, no I/O): the hot paths of issuance and
/// assessment call them. <see cref="FlushAsync"/> (run every second by the host) adds this node's
/// new counts to the store and reads back the totals of every node for the keys seen recently.
/// An estimate is therefore exact for this node and at most one flush behind for the others.
/// </summary>
/// <remarks>
/// Windows use fixed buckets, the oldest weighted by how much of it is still inside the window
/// (Cloudflare's sliding window): 1-minute buckets for the minute, 5-minute buckets for the hour.
/// Memory is bounded by <see cref="VelocityOptions.MaxKeys"/> (about 400 bytes a key): keys not seen
/// for an hour are evicted, and over the bound the least recently seen go first. While the bound
/// is reached and not yet relieved, new keys are not counted (<see cref="DroppedKeys"/>).
/// </remarks>
public sealed class VelocityTracker
{
    internal const long MinuteMs = 60_000;
    internal const long FiveMinutesMs = 5 * MinuteMs;

    /// <summary>Buckets a window reads: the current one plus the previous (minute) or the previous 12 (hour).</summary>
    private const int MinuteBuckets = 2;
    private const int FiveMinuteBuckets = 13;

    /// <summary>Ring sizes: the buckets read plus one of slack for a clock that runs a little ahead.</summary>
    private const int MinuteSlots = MinuteBuckets + 1;
    private const int FiveMinuteSlots = FiveMinuteBuckets + 1;

    /// <summary>Keys seen this recently have their totals refreshed at every flush.</summary>
    private static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(2);

    /// <summary>Keys not seen for this long can no longer count in any window.</summary>
    private static readonly TimeSpan ColdAfter = TimeSpan.FromMinutes(65);

    private const int FlushChunk = 5_000;

    private readonly ConcurrentDictionary<ulong, Entry> _entries = new();
    private readonly int _maxKeys;
    private int _count;
    private long _dropped;
    private int _flushing;

    public VelocityTracker(IOptions<VelocityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _maxKeys = options.Value.MaxKeys;
    }

    /// <summary>Keys held in memory now.</summary>
    public int TrackedKeys => Volatile.Read(ref _count);

    /// <summary>Counts not made because the key bound was reached (since start).</summary>
    public long DroppedKeys => Interlocked.Read(ref _dropped);

    /// <summary>Counts one event on <paramref name="key"/> at <paramref name="at"/>. O(1), no I/O.</summary>
    public void Count(VelocityKey key, DateTimeOffset at)
    {
        var ms = at.ToUnixTimeMilliseconds();
        while (GetOrAdd(key.Hash, ms) is { } entry)
        {
            lock (entry)
            {
                if (entry.Evicted)
                {
                    continue;
                }

                Add(entry.Minute, ms / MinuteMs);
                Add(entry.FiveMinutes, ms / FiveMinutesMs);
                entry.LastSeen = Math.Max(entry.LastSeen, ms);
                return;
            }
        }
    }

    /// <summary>
    /// The sliding-window count of <paramref name="key"/> ending at <paramref name="now"/>: the store's
    /// total from all nodes as last read, plus this node's counts not yet flushed. A key this node has
    /// not seen yet answers 0 and is read from the store at the next flush.
    /// </summary>
    public long Estimate(VelocityKey key, VelocityWindow window, DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var entry = GetOrAdd(key.Hash, ms);
        if (entry is null)
        {
            return 0;
        }

        lock (entry)
        {
            entry.LastSeen = Math.Max(entry.LastSeen, ms);
            return window == VelocityWindow.Minute
                ? Window(entry.Minute, ms, MinuteMs, MinuteBuckets)
                : Window(entry.FiveMinutes, ms, FiveMinutesMs, FiveMinuteBuckets);
        }
    }

    /// <summary>Counts an issued token on each of its keys.</summary>
    public void RecordIssuance(in IssuanceKeys keys, DateTimeOffset at)
    {
        CountIf(keys.Address, at);
        CountIf(keys.Network, at);
        CountIf(keys.Site, at);
        CountIf(keys.Device, at);
        CountIf(keys.Challenge, at);
    }

    /// <summary>Counts an assessment on each of its keys. Take the <see cref="Snapshot"/> first: it counts assessments before this one.</summary>
    public void RecordAssessment(in AssessmentKeys keys, DateTimeOffset at)
    {
        CountIf(keys.Action, at);
        CountIf(keys.Account, at);
    }

    /// <summary>What the risk engine reads (<see cref="Scoring.RiskContext.Velocity"/>): the token's keys (recomputed from its payload) and the assessment's.</summary>
    public VelocitySnapshot Snapshot(in IssuanceKeys issuance, in AssessmentKeys assessment, DateTimeOffset now) => new()
    {
        AddressPerMinute = EstimateIf(issuance.Address, VelocityWindow.Minute, now),
        AddressPerHour = EstimateIf(issuance.Address, VelocityWindow.Hour, now),
        NetworkPerMinute = EstimateIf(issuance.Network, VelocityWindow.Minute, now),
        NetworkPerHour = EstimateIf(issuance.Network, VelocityWindow.Hour, now),
        SitePerMinute = EstimateIf(issuance.Site, VelocityWindow.Minute, now),
        DevicePerHour = EstimateIf(issuance.Device, VelocityWindow.Hour, now),
        ChallengeUses = EstimateIf(issuance.Challenge, VelocityWindow.Hour, now),
        ActionPerMinute = EstimateIf(assessment.Action, VelocityWindow.Minute, now),
        AccountPerHour = EstimateIf(assessment.Account, VelocityWindow.Hour, now),
    };

    /// <summary>
    /// Adds this node's unflushed counts to the store and reads back the totals of every key seen in
    /// the last two minutes (one store call per 5,000 keys). On failure the counts stay pending for
    /// the next flush and the exception propagates. Then evicts cold keys. Calls do not overlap.
    /// </summary>
    /// <returns>The number of keys sent to the store.</returns>
    public async Task<int> FlushAsync(IVelocityStore store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (Interlocked.Exchange(ref _flushing, 1) == 1)
        {
            throw new InvalidOperationException("A flush is already running.");
        }

        try
        {
            var ms = now.ToUnixTimeMilliseconds();
            var recent = ms - (long)RefreshWindow.TotalMilliseconds;
            var minuteSince = DateTimeOffset.FromUnixTimeMilliseconds(((ms / MinuteMs) - MinuteBuckets + 1) * MinuteMs);
            var fiveSince = DateTimeOffset.FromUnixTimeMilliseconds(((ms / FiveMinutesMs) - FiveMinuteBuckets + 1) * FiveMinutesMs);
            var sent = 0;
            var chunk = new List<Entry>(Math.Min(FlushChunk, Math.Max(16, TrackedKeys)));
            var deltas = new List<VelocityBucket>();
            foreach (var pair in _entries)
            {
                var entry = pair.Value;
                lock (entry)
                {
                    var had = deltas.Count;
                    TakePending(entry, deltas);
                    if (deltas.Count == had && entry.LastSeen < recent)
                    {
                        continue;
                    }
                }

                chunk.Add(entry);
                if (chunk.Count == FlushChunk)
                {
                    await SendAsync(store, chunk, deltas, minuteSince, fiveSince, cancellationToken).ConfigureAwait(false);
                    sent += chunk.Count;
                    chunk.Clear();
                    deltas.Clear();
                }
            }

            if (chunk.Count > 0)
            {
                await SendAsync(store, chunk, deltas, minuteSince, fiveSince, cancellationToken).ConfigureAwait(false);
                sent += chunk.Count;
            }

            Evict(ms);
            return sent;
        }
        finally
        {
            Volatile.Write(ref _flushing, 0);
        }
    }

    private static async Task SendAsync(IVelocityStore store, List<Entry> chunk, List<VelocityBucket> deltas, DateTimeOffset minuteSince, DateTimeOffset fiveSince, CancellationToken cancellationToken)
    {
        IReadOnlyList<VelocityBucket> totals;
        try
        {
            var keys = new long[chunk.Count];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = unchecked((long)chunk[i].Key);
            }

            totals = await store.AddAndReadAsync(deltas, keys, minuteSince, fiveSince, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            foreach (var entry in chunk)
            {
                lock (entry)
                {
                    GiveBack(entry.Minute);
                    GiveBack(entry.FiveMinutes);
                }
            }

            throw;
        }

        var byKey = new Dictionary<ulong, List<VelocityBucket>>(chunk.Count);
        foreach (var total in totals)
        {
            var key = unchecked((ulong)total.Key);
            if (!byKey.TryGetValue(key, out var list))
            {
                byKey[key] = list = [];
            }

            list.Add(total);
        }

        foreach (var entry in chunk)
        {
            byKey.TryGetValue(entry.Key, out var rows);
            lock (entry)
            {
                Apply(entry.Minute, rows, VelocityBucketKind.Minute, MinuteMs, minuteSince.ToUnixTimeMilliseconds() / MinuteMs);
                Apply(entry.FiveMinutes, rows, VelocityBucketKind.FiveMinutes, FiveMinutesMs, fiveSince.ToUnixTimeMilliseconds() / FiveMinutesMs);
            }
        }
    }

    private static void TakePending(Entry entry, List<VelocityBucket> deltas)
    {
        Take(entry.Key, entry.Minute, VelocityBucketKind.Minute, MinuteMs, deltas);
        Take(entry.Key, entry.FiveMinutes, VelocityBucketKind.FiveMinutes, FiveMinutesMs, deltas);
    }

    private static void Take(ulong key, Slot[] ring, VelocityBucketKind kind, long width, List<VelocityBucket> deltas)
    {
        for (var i = 0; i < ring.Length; i++)
        {
            ref var slot = ref ring[i];
            if (slot.Pending > 0)
            {
                deltas.Add(new VelocityBucket(unchecked((long)key), kind, slot.Bucket * width, slot.Pending));
                slot.InFlight += slot.Pending;
                slot.Pending = 0;
            }
        }
    }

    private static void GiveBack(Slot[] ring)
    {
        for (var i = 0; i < ring.Length; i++)
        {
            ring[i].Pending += ring[i].InFlight;
            ring[i].InFlight = 0;
        }
    }

    /// <summary>The store's totals now include what was in flight; slots the store has no row for hold 0 from other nodes.</summary>
    private static void Apply(Slot[] ring, List<VelocityBucket>? rows, VelocityBucketKind kind, long width, long firstBucket)
    {
        for (var i = 0; i < ring.Length; i++)
        {
            ring[i].InFlight = 0;
            if (ring[i].Bucket >= firstBucket)
            {
                ring[i].Stored = 0;
            }
        }

        if (rows is null)
        {
            return;
        }

        foreach (var row in rows)
        {
            if (row.Kind != kind)
            {
                continue;
            }

            var bucket = row.Start / width;
            ref var slot = ref ring[(int)(bucket % ring.Length)];
            if (slot.Bucket < bucket && slot.Pending == 0)
            {
                slot = new Slot { Bucket = bucket };
            }

            if (slot.Bucket == bucket)
            {
                slot.Stored = row.Count;
            }
        }
    }

    private static void Add(Slot[] ring, long bucket)
    {
        ref var slot = ref ring[(int)(bucket % ring.Length)];
        if (slot.Bucket < bucket)
        {
            slot = new Slot { Bucket = bucket };
        }
        else if (slot.Bucket > bucket)
        {
            return; // older than any window this ring holds
        }

        slot.Pending++;
    }

    private static long Window(Slot[] ring, long nowMs, long width, int buckets)
    {
        var current = nowMs / width;
        var inside = 1.0 - ((double)(nowMs - (current * width)) / width);
        double sum = 0;
        for (var i = 0; i < buckets; i++)
        {
            var bucket = current - i;
            ref var slot = ref ring[(int)(bucket % ring.Length)];
            if (slot.Bucket == bucket)
            {
                var total = slot.Stored + slot.InFlight + slot.Pending;
                sum += i == buckets - 1 ? total * inside : total;
            }
        }

        return (long)Math.Round(sum, MidpointRounding.AwayFromZero);
    }

    private void CountIf(VelocityKey? key, DateTimeOffset at)
    {
        if (key is { } k)
        {
            Count(k, at);
        }
    }

    private long EstimateIf(VelocityKey? key, VelocityWindow window, DateTimeOffset now) =>
        key is { } k ? Estimate(k, window, now) : 0;

    private Entry? GetOrAdd(ulong key, long nowMs)
    {
        while (true)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                return entry;
            }

            if (Volatile.Read(ref _count) >= _maxKeys)
            {
                Interlocked.Increment(ref _dropped);
                return null;
            }

            entry = new Entry(key) { LastSeen = nowMs };
            if (_entries.TryAdd(key, entry))
            {
                Interlocked.Increment(ref _count);
                return entry;
            }
        }
    }

    /// <summary>Drops keys no window can count any more, then, over 90% of the bound, the least recently seen.</summary>
    private void Evict(long nowMs)
    {
        var cold = nowMs - (long)ColdAfter.TotalMilliseconds;
        foreach (var pair in _entries)
        {
            if (pair.Value.LastSeen < cold)
            {
                TryEvict(pair.Value, cold);
            }
        }

        var target = _maxKeys / 10 * 9;
        var excess = TrackedKeys - target;
        if (excess <= 0)
        {
            return;
        }

        var oldest = _entries.Values.Select(e => (e.LastSeen, Entry: e)).OrderBy(e => e.LastSeen).Take(excess).ToList();
        foreach (var (_, entry) in oldest)
        {
            TryEvict(entry, long.MaxValue);
        }
    }

    private void TryEvict(Entry entry, long seenBefore)
    {
        lock (entry)
        {
            if (entry.Evicted || entry.LastSeen >= seenBefore)
            {
                return;
            }

            entry.Evicted = true;
        }

        if (_entries.TryRemove(new KeyValuePair<ulong, Entry>(entry.Key, entry)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private struct Slot
    {
        public long Bucket;
        public long Stored;
        public int Pending;
        public int InFlight;
    }

    private sealed class Entry(ulong key)
    {
        public ulong Key { get; } = key;

        public Slot[] Minute { get; } = new Slot[MinuteSlots];

        public Slot[] FiveMinutes { get; } = new Slot[FiveMinuteSlots];

        /// <summary>Unix milliseconds of the last count or estimate.</summary>
        public long LastSeen { get; set; }

        public bool Evicted { get; set; }
    }
}
