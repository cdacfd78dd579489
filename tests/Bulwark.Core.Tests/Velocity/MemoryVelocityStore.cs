using Bulwark.Core.Velocity;

namespace Bulwark.Core.Tests.Velocity;

/// <summary>A store in memory, shared by the trackers ("nodes") of a test; can be told to fail.</summary>
internal sealed class MemoryVelocityStore : IVelocityStore
{
    private readonly Dictionary<(long, VelocityBucketKind, long), long> _buckets = [];

    public bool Fail { get; set; }

    public int Calls { get; private set; }

    public Task<IReadOnlyList<VelocityBucket>> AddAndReadAsync(IReadOnlyList<VelocityBucket> deltas, IReadOnlyList<long> keys, DateTimeOffset minuteSince, DateTimeOffset fiveMinuteSince, CancellationToken cancellationToken)
    {
        Calls++;
        if (Fail)
        {
            throw new InvalidOperationException("store down");
        }

        lock (_buckets)
        {
            foreach (var d in deltas)
            {
                _buckets[(d.Key, d.Kind, d.Start)] = _buckets.GetValueOrDefault((d.Key, d.Kind, d.Start)) + d.Count;
            }

            var wanted = keys.ToHashSet();
            IReadOnlyList<VelocityBucket> totals = _buckets
                .Where(b => wanted.Contains(b.Key.Item1))
                .Where(b => b.Key.Item3 >= (b.Key.Item2 == VelocityBucketKind.Minute ? minuteSince : fiveMinuteSince).ToUnixTimeMilliseconds())
                .Select(b => new VelocityBucket(b.Key.Item1, b.Key.Item2, b.Key.Item3, b.Value))
                .ToList();
            return Task.FromResult(totals);
        }
    }

    public Task<int> PruneVelocityAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) => Task.FromResult(0);
}
