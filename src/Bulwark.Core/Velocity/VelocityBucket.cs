namespace Bulwark.Core.Velocity;

/// <summary>
/// One bucket of one counter as the store holds it: <paramref name="Key"/> is the key's hash (as a
/// signed 64-bit column), <paramref name="Start"/> the bucket's start in Unix milliseconds. As a
/// delta, <paramref name="Count"/> is what to add; as a total, what all nodes have added.
/// </summary>
public readonly record struct VelocityBucket(long Key, VelocityBucketKind Kind, long Start, long Count);
