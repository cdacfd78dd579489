namespace Bulwark.Core.Velocity;

/// <summary>
/// One counter: a keyed 64-bit hash of a dimension and a value (<see cref="VelocityKeys"/>). Only
/// the hash is kept, in memory and in the store: never the address, account or device facts.
/// </summary>
public readonly record struct VelocityKey(VelocityDimension Dimension, ulong Hash)
{
    public override string ToString() => $"{Dimension}:{Hash:x16}";
}
