namespace Bulwark.Core.Tokens;

public interface ITokenKeyStore
{
    Task<IReadOnlyList<StoredTokenKey>> ListAsync(CancellationToken cancellationToken);

    /// <returns>false when another node already added a key with that id.</returns>
    Task<bool> TryAddAsync(StoredTokenKey key, CancellationToken cancellationToken);

    Task<int> DeleteOlderThanAsync(int keepFromId, CancellationToken cancellationToken);
}
