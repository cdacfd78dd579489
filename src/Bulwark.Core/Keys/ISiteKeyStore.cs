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
}
