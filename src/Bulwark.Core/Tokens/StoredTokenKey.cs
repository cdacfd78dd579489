namespace Bulwark.Core.Tokens;

/// <summary>A token key as the store holds it: wrapped under the master key.</summary>
public sealed record StoredTokenKey(int Id, byte[] WrappedMaterial, DateTimeOffset CreatedAt, DateTimeOffset ActivatesAt);
