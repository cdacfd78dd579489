namespace Bulwark.Core.Tokens;

public interface ITokenKeyStore
{
    Task<IReadOnlyList<StoredTokenKey>> ListAsync(CancellationToken cancellationToken);

    /// <returns>false when another node already added a key with that id.</returns>
    Task<bool> TryAddAsync(StoredTokenKey key, CancellationToken cancellationToken);

    Task<int> DeleteOlderThanAsync(int keepFromId, CancellationToken cancellationToken);

    /// <summary>Replaces a key's wrapping (a master key rotation), if it is still <paramref name="expected"/>.</summary>
    /// <returns>false when the key is gone or another wrapping has replaced that one meanwhile.</returns>
    Task<bool> ReplaceWrappingAsync(int id, byte[] expected, byte[] replacement, CancellationToken cancellationToken);
}
