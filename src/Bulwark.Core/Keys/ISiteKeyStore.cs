namespace Bulwark.Core.Keys;

public interface ISiteKeyStore
{
    /// <summary>Site key ids are unique across projects (a browser only knows the id).</summary>
    Task<SiteKeyRecord?> GetAsync(string keyId, CancellationToken cancellationToken);

    Task<SiteKeyRecord?> FindByLegacySecretHashAsync(string secretHash, CancellationToken cancellationToken);

    /// <summary>Keys of a project in id order, starting after <paramref name="afterKeyId"/>.</summary>
    Task<IReadOnlyList<SiteKeyRecord>> ListAsync(string projectId, string? afterKeyId, int limit, CancellationToken cancellationToken);

    Task CreateAsync(SiteKeyRecord record, CancellationToken cancellationToken);

    /// <returns>false when the key no longer exists.</returns>
    Task<bool> UpdateAsync(SiteKeyRecord record, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string projectId, string keyId, CancellationToken cancellationToken);

    /// <summary>Every key's wrapped legacy secret, across projects, in key id order (a master key rotation).</summary>
    Task<IReadOnlyList<WrappedLegacySecret>> ListLegacySecretsAsync(CancellationToken cancellationToken);

    /// <summary>Replaces a key's wrapped legacy secret (the same secret, wrapped anew), if it is still <paramref name="expected"/>.</summary>
    /// <returns>false when the key is gone or another wrapping has replaced that one meanwhile.</returns>
    Task<bool> ReplaceLegacySecretWrappingAsync(string keyId, byte[] expected, byte[] replacement, CancellationToken cancellationToken);
}

/// <summary>A site key's legacy secret as the store holds it: wrapped under the master key.</summary>
public sealed record WrappedLegacySecret(string KeyId, byte[] Wrapped);
